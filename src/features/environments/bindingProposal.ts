import * as vscode from 'vscode';
import { environmentKey } from '../../core/mwaa/environmentKey';
import { COMMANDS } from '../../host/commandIds';
import type { Services } from '../../services/services';

/** What a folder's settings may propose: an environment by name, optionally its profile and region. */
export interface BindingProposal {
  readonly folder: vscode.WorkspaceFolder;
  readonly environment: string;
  readonly profile?: string;
  readonly region?: string;
  /** Why it is not offered (a region that is not a region code): reported instead. */
  readonly problem?: string;
}

const DISMISSED = 'mwaa.dismissedBindingProposals';

// The problem is added only when there is one: ids of proposals dismissed before stay the same.
const idOf = (p: BindingProposal) => JSON.stringify([p.folder.uri.toString(), p.environment, p.profile ?? '', p.region ?? '', ...(p.problem ? [p.problem] : [])]);

/** Proposals of unbound folders that the user has not dismissed. */
export function pendingProposals(services: Pick<Services, 'settings' | 'bindings'>, state: vscode.Memento): BindingProposal[] {
  const dismissed = new Set(state.get<string[]>(DISMISSED) ?? []);
  return (vscode.workspace.workspaceFolders ?? [])
    .map((folder): BindingProposal | undefined => {
      const proposed = services.settings.proposedBinding(folder.uri);
      return proposed && { folder, ...proposed };
    })
    .filter((p): p is BindingProposal => !!p && !services.bindings.get(p.folder.uri) && !dismissed.has(idOf(p)));
}

/** The argument the bind command resolves: the full key when profile and region are given. */
export function proposalTarget(p: BindingProposal): string {
  return p.profile && p.region ? environmentKey({ profile: p.profile, region: p.region, name: p.environment }) : p.environment;
}

/**
 * A repository may propose which environment its folder belongs to (`mwaa.proposedBinding` in
 * .vscode/settings.json), never bind it: the proposal is offered once, and binding goes through
 * the same confirmation as binding by hand, which shows the bucket uploads would go to.
 */
export function offerBindingProposals(services: Services): void {
  const { context, logger } = services;
  let offering = false;
  // Unusable proposals are reported once a window, not at every settings change.
  const reported = new Set<string>();
  const offer = async () => {
    if (!services.trust.isTrusted) return;
    const pending = pendingProposals(services, context.globalState);
    // Unusable ones are said at once, even while another proposal's question is still open.
    for (const p of pending.filter((x) => x.problem && !reported.has(idOf(x)))) {
      reported.add(idOf(p));
      reportUnusable(services, p);
    }
    if (offering) return;
    offering = true;
    try {
      for (const p of pending) if (!p.problem) await offerOne(services, p);
    } catch (err) {
      logger.warn(`binding proposal: ${(err as Error).message}`);
    } finally {
      offering = false;
    }
  };
  // After activation settles: the check reads settings only, the offer is a notification.
  const timer = setTimeout(() => void offer(), 1500);
  context.subscriptions.push(
    { dispose: () => clearTimeout(timer) },
    services.settings.onDidChangeSetting('proposedBinding', () => void offer()),
    services.trust.onDidGrant(() => void offer()),
  );
}

/** A proposal that cannot be offered (its region is not a region code): said, never offered or called. */
function reportUnusable(services: Services, p: BindingProposal): void {
  const message = `The settings of "${p.folder.name}" propose binding it to MWAA environment ${JSON.stringify(p.environment.slice(0, 100))}, but ${p.problem}. The proposal was ignored: fix \`mwaa.proposedBinding\` in that folder's .vscode/settings.json, or bind the folder yourself.`;
  services.logger.warn(`binding proposal ignored: ${message}`);
  services.notify.warn(message, [], 'environments');
}

/** One proposal, as a (non-modal) question: the next waits for its answer. */
async function offerOne(services: Services, p: BindingProposal): Promise<void> {
  const state = services.context.globalState;
  const where = [p.profile && `profile ${p.profile}`, p.region].filter(Boolean).join(', ');
  const choice = await services.prompts.confirm(
    'environments.proposal',
    `The settings of "${p.folder.name}" propose binding it to MWAA environment ${p.environment}${where ? ` (${where})` : ''}. Nothing is uploaded until you confirm.`,
    { modal: false },
    'Review…', 'Not Now', "Don't Ask Again",
  );
  if (choice === 'Review…') await vscode.commands.executeCommand(COMMANDS.environments.bind, proposalTarget(p), p.folder.uri);
  else if (choice === "Don't Ask Again") await state.update(DISMISSED, [...(state.get<string[]>(DISMISSED) ?? []), idOf(p)]);
}
