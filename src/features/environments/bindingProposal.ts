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
}

const DISMISSED = 'mwaa.dismissedBindingProposals';

const idOf = (p: BindingProposal) => JSON.stringify([p.folder.uri.toString(), p.environment, p.profile ?? '', p.region ?? '']);

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
  const offer = async () => {
    if (offering || !services.trust.isTrusted) return;
    offering = true;
    try {
      for (const p of pendingProposals(services, context.globalState)) await offerOne(services, p);
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
