import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { environmentKey } from '../../core/mwaa/environmentKey';
import { COMMANDS } from '../../host/commandIds';
import type { Services } from '../../services/services';

/** What a folder's settings may propose: an environment by name, optionally its profile and region. */
export interface BindingProposal {
  /** The workspace folder whose settings propose it. */
  readonly folder: vscode.WorkspaceFolder;
  /** The folder to bind: the proposal's `folder`, else the workspace folder's `dags/`, else itself. */
  readonly target: vscode.Uri;
  readonly environment: string;
  readonly profile?: string;
  readonly region?: string;
  /** Why it is not offered (a region that is not a region code): reported instead. */
  readonly problem?: string;
}

const DISMISSED = 'mwaa.dismissedBindingProposals';

// The problem is added only when there is one: ids of proposals dismissed before stay the same.
const idOf = (p: BindingProposal) => JSON.stringify([p.folder.uri.toString(), p.environment, p.profile ?? '', p.region ?? '', ...(p.problem ? [p.problem] : []), ...(p.target.toString() !== p.folder.uri.toString() ? [p.target.toString()] : [])]);

const isDirectory = (p: string) => {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
};

/** Where a proposal points: its folder (validated relative in settings), else `dags/` when present. */
function proposalTarget(folder: vscode.WorkspaceFolder, relative: string | undefined): { target: vscode.Uri; problem?: string } {
  if (relative !== undefined) {
    const target = relative === '.' ? folder.uri : vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
    return isDirectory(target.fsPath) ? { target } : { target, problem: `its folder "${relative}" does not exist in ${folder.name}` };
  }
  const dags = vscode.Uri.joinPath(folder.uri, 'dags');
  return { target: isDirectory(dags.fsPath) ? dags : folder.uri };
}

/** Proposals of unbound folders that the user has not dismissed. */
export function pendingProposals(services: Pick<Services, 'settings' | 'bindings'>, state: vscode.Memento): BindingProposal[] {
  const dismissed = new Set(state.get<string[]>(DISMISSED) ?? []);
  return (vscode.workspace.workspaceFolders ?? [])
    .map((folder): BindingProposal | undefined => {
      const proposed = services.settings.proposedBinding(folder.uri);
      if (!proposed) return undefined;
      const { folder: relative, ...rest } = proposed;
      const { target, problem } = proposalTarget(folder, relative);
      return { ...rest, folder, target, ...(problem && !rest.problem ? { problem } : {}) };
    })
    .filter((p): p is BindingProposal => !!p && !services.bindings.get(p.target) && !services.bindings.get(p.folder.uri) && !dismissed.has(idOf(p)));
}

/** The argument the bind command resolves: the full key when profile and region are given. */
export function proposalEnvironment(p: BindingProposal): string {
  return p.profile && p.region ? environmentKey({ profile: p.profile, region: p.region, name: p.environment }) : p.environment;
}

/**
 * A repository may propose which environment its folder belongs to (`mwaa.proposedBinding` in
 * .vscode/settings.json), never bind it: the proposal is offered once, and binding goes through
 * the same confirmation as binding by hand, which shows the bucket uploads would go to.
 */
export function offerBindingProposals(services: Services): { statusText: () => string | undefined; statusCommand: () => vscode.Command | undefined } {
  const { context, logger } = services;
  let offering = false;
  // Unusable proposals are reported once a window, not at every settings change.
  const reported = new Set<string>();
  // A notification slides into the bell after a while: the status bar keeps the question in view
  // until the folder is bound or the proposal dismissed.
  const item = vscode.window.createStatusBarItem('mwaa.bindingProposal', vscode.StatusBarAlignment.Left, 50);
  item.name = 'MWAA: proposed binding';
  let shown = false;
  const showPending = () => {
    const first = services.trust.isTrusted ? pendingProposals(services, context.globalState).find((p) => !p.problem) : undefined;
    shown = first !== undefined;
    if (!first) return item.hide();
    item.text = vscode.l10n.t('$(link) Bind {0} to {1}?', targetName(first), first.environment);
    item.tooltip = vscode.l10n.t('{0} Click to review: the bucket is shown first.', proposalSentence(first));
    item.accessibilityInformation = { label: vscode.l10n.t('Proposed binding: {0} to MWAA environment {1}. Activate to review.', targetName(first), first.environment) };
    item.command = { title: vscode.l10n.t('Review'), command: COMMANDS.environments.bind, arguments: [proposalEnvironment(first), first.target] };
    item.show();
  };
  const offer = async () => {
    showPending();
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
      showPending();
    }
  };
  // After activation settles: the check reads settings only, the offer is a notification.
  const timer = setTimeout(() => void offer(), 1500);
  context.subscriptions.push(
    item,
    services.bindings.onDidChange(showPending),
    { dispose: () => clearTimeout(timer) },
    services.settings.onDidChangeSetting('proposedBinding', () => void offer()),
    services.trust.onDidGrant(() => void offer()),
  );
  return { statusText: () => (shown ? item.text : undefined), statusCommand: () => (shown ? (item.command as vscode.Command) : undefined) };
}

/** A proposal that cannot be offered (its region is not a region code): said, never offered or called. */
function reportUnusable(services: Services, p: BindingProposal): void {
  const message = vscode.l10n.t("The settings of \"{0}\" propose binding it to MWAA environment {1}, but {2}. The proposal was ignored: fix `mwaa.proposedBinding` in that folder's .vscode/settings.json, or bind the folder yourself.", p.folder.name, JSON.stringify(p.environment.slice(0, 100)), String(p.problem));
  services.logger.warn(`binding proposal ignored: ${message}`);
  services.notify.warn(message, [], 'environments');
}

/** `sample-project/dags`: the folder a proposal binds, named from its workspace folder. */
function targetName(p: BindingProposal): string {
  const rel = p.target.path.slice(p.folder.uri.path.length).replace(/^\/+/, '');
  return rel ? `${p.folder.name}/${rel}` : p.folder.name;
}

function proposalSentence(p: BindingProposal): string {
  const where = [p.profile && vscode.l10n.t('profile {0}', p.profile), p.region].filter(Boolean).join(', ');
  const suffix = where ? ` (${where})` : '';
  return p.target.toString() === p.folder.uri.toString()
    ? vscode.l10n.t('The settings of "{0}" propose binding it to MWAA environment {1}{2}.', p.folder.name, p.environment, suffix)
    : vscode.l10n.t('The settings of "{0}" propose binding its folder "{1}" to MWAA environment {2}{3}.', p.folder.name, targetName(p), p.environment, suffix);
}

/** One proposal, as a (non-modal) question: the next waits for its answer. */
async function offerOne(services: Services, p: BindingProposal): Promise<void> {
  const state = services.context.globalState;
  const review = vscode.l10n.t('Review…');
  const dontAsk = vscode.l10n.t("Don't Ask Again");
  const choice = await services.prompts.confirm(
    'environments.proposal',
    vscode.l10n.t('{0} Nothing is uploaded until you confirm.', proposalSentence(p)),
    { modal: false },
    review, vscode.l10n.t('Not Now'), dontAsk,
  );
  // The notification outlives a binding made meanwhile (from the status bar item): no second bind.
  const boundMeanwhile = !!(services.bindings.get(p.target) ?? services.bindings.get(p.folder.uri));
  if (choice === review) {
    if (!boundMeanwhile) await vscode.commands.executeCommand(COMMANDS.environments.bind, proposalEnvironment(p), p.target);
  } else if (choice === dontAsk) await state.update(DISMISSED, [...(state.get<string[]>(DISMISSED) ?? []), idOf(p)]);
}
