import * as vscode from 'vscode';
import { UserFacingError } from '../core/errors';
import type { MwaaEnvironment } from '../core/mwaa/environment';
import { readEnvironmentKey } from '../core/mwaa/environmentKey';
import { ENVIRONMENTS_VIEW } from '../host/commandIds';

/** A tree node of an environment, as menus hand it to commands. */
interface EnvironmentNodeLike {
  readonly kind: 'environment';
  readonly key: string;
  readonly env: MwaaEnvironment;
}

function isEnvironmentNode(arg: unknown): arg is EnvironmentNodeLike {
  return !!arg && typeof arg === 'object' && (arg as { kind?: unknown }).kind === 'environment' && typeof (arg as { key?: unknown }).key === 'string';
}

export interface PickerDeps {
  readonly find: (key: string) => MwaaEnvironment | undefined;
  readonly listed: () => Promise<MwaaEnvironment[]>;
  readonly byKey: (key: string) => Promise<MwaaEnvironment>;
  readonly requireTrust: () => void;
}

/**
 * The environment a command acts on: the tree node it was invoked on, a key, a unique name, else
 * one the user picks.
 */
export async function pickEnvironment(deps: PickerDeps, arg: unknown, purpose: string, filter?: (e: MwaaEnvironment) => boolean): Promise<MwaaEnvironment> {
  if (isEnvironmentNode(arg)) return deps.find(arg.key) ?? arg.env;
  deps.requireTrust();
  let all = (await deps.listed()).filter(filter ?? (() => true));
  if (typeof arg === 'string') {
    // A key (profile, region, name) from the tree or a proposal, or a bare name from a proposal.
    const env = deps.find(arg);
    if (env) return env;
    // A key the listing does not hold (stale, or narrowed by settings) is still exact: ask MWAA.
    const key = readEnvironmentKey(arg);
    if (key.parts) return deps.byKey(arg);
    // A key whose region is not a region code (a workspace's proposal): say so, call nothing.
    if (key.problem) throw new UserFacingError(key.problem);
    const named = all.filter((e) => e.name === arg);
    if (named.length === 1) return named[0]!;
    if (named.length > 1) all = named;
  }
  if (all.length === 0) {
    throw new UserFacingError('No MWAA environments are listed: open the MWAA view to see why (errors appear there), or refresh it.', [
      { label: 'Show MWAA view', command: `${ENVIRONMENTS_VIEW}.focus` },
    ]);
  }
  const picked = await vscode.window.showQuickPick(
    all.map((env) => ({
      label: env.name,
      description: `${env.airflowVersion.raw} · ${env.statusInfo.label}`,
      detail: `${env.profile} · ${env.region}`,
      iconPath: new vscode.ThemeIcon(env.statusInfo.icon.replace(/~spin$/, '')),
      env,
    })),
    { title: `${purpose}…`, placeHolder: 'MWAA environment', matchOnDescription: true, matchOnDetail: true },
  );
  if (!picked) throw new vscode.CancellationError();
  return picked.env;
}
