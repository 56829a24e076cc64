import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { BindingStore } from './bindingStore';
import { ENVIRONMENT_COMMANDS } from './commandIds';

/** What a folder's settings may propose: an environment by name, optionally its profile and region. */
export interface BindingProposal {
  readonly folder: vscode.WorkspaceFolder;
  readonly environment: string;
  readonly profile?: string;
  readonly region?: string;
}

const DISMISSED = 'mwaa.dismissedBindingProposals';

function readProposal(folder: vscode.WorkspaceFolder): BindingProposal | undefined {
  const raw = vscode.workspace.getConfiguration('mwaa', folder.uri).get<unknown>('proposedBinding');
  if (!raw || typeof raw !== 'object') return undefined;
  const { environment, profile, region } = raw as Record<string, unknown>;
  if (typeof environment !== 'string' || !environment) return undefined;
  return {
    folder,
    environment,
    ...(typeof profile === 'string' && profile ? { profile } : {}),
    ...(typeof region === 'string' && region ? { region } : {}),
  };
}

const idOf = (p: BindingProposal) => JSON.stringify([p.folder.uri.toString(), p.environment, p.profile ?? '', p.region ?? '']);

/** Proposals of unbound folders that the user has not dismissed. */
export function pendingProposals(bindings: BindingStore, state: vscode.Memento): BindingProposal[] {
  const dismissed = new Set(state.get<string[]>(DISMISSED) ?? []);
  return (vscode.workspace.workspaceFolders ?? [])
    .map(readProposal)
    .filter((p): p is BindingProposal => !!p && !bindings.get(p.folder.uri) && !dismissed.has(idOf(p)));
}

/** The argument the bind command resolves: the full key when profile and region are given. */
export function proposalTarget(p: BindingProposal): string {
  return p.profile && p.region ? JSON.stringify([p.profile, p.region, p.environment]) : p.environment;
}

/**
 * A repository may propose which environment its folder belongs to (`mwaa.proposedBinding` in
 * .vscode/settings.json), never bind it: the proposal is offered once, and binding goes through
 * the same confirmation as binding by hand, which shows the bucket uploads would go to.
 */
export function offerBindingProposals(context: vscode.ExtensionContext, bindings: BindingStore, logger: Logger): void {
  let offering = false;
  const offer = async () => {
    if (offering || !vscode.workspace.isTrusted) return;
    offering = true;
    try {
      for (const p of pendingProposals(bindings, context.globalState)) {
        const where = [p.profile && `profile ${p.profile}`, p.region].filter(Boolean).join(', ');
        const choice = await vscode.window.showInformationMessage(
          `The settings of "${p.folder.name}" propose binding it to MWAA environment ${p.environment}${where ? ` (${where})` : ''}. Nothing is uploaded until you confirm.`,
          'Review…', 'Not Now', "Don't Ask Again",
        );
        if (choice === 'Review…') await vscode.commands.executeCommand(ENVIRONMENT_COMMANDS.bind, proposalTarget(p), p.folder.uri);
        else if (choice === "Don't Ask Again") await context.globalState.update(DISMISSED, [...(context.globalState.get<string[]>(DISMISSED) ?? []), idOf(p)]);
      }
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
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('mwaa.proposedBinding') && void offer()),
    vscode.workspace.onDidGrantWorkspaceTrust(() => void offer()),
  );
}
