/**
 * The environments explorer proper, required on first use (the view's first expansion, or one of
 * its commands): the tree provider over the shared environments model, live status, details
 * documents, settle notices and the command handlers. Activation (activation.ts) only makes the
 * view, the status bar item and the command ids.
 */
import * as vscode from 'vscode';
import type { MwaaEnvironment } from '../../core/mwaa/environment';
import { environmentKey } from '../../core/mwaa/environmentKey';
import { COMMANDS, ENVIRONMENTS_VIEW } from '../../host/commandIds';
import type { CommandTable } from '../../host/commands';
import type { Notifier } from '../../host/notify';
import type { TreeNode, TreeSnapshot } from '../../services/environmentTree';
import type { Services } from '../../services/services';
import type { BoundStatusBar } from './boundStatusBar';
import { DETAILS_SCHEME, DetailsDocumentProvider } from './detailsDocument';
import { environmentCommands } from './environmentCommands';
import { EnvironmentsProvider } from './environmentsProvider';
import { StatusPolling } from './statusPolling';
import { snapshotTree } from './treeSnapshot';

/** What the activation-time shell made and hands over. */
export interface ExplorerShell {
  readonly view: vscode.TreeView<TreeNode>;
  readonly statusBar: BoundStatusBar;
}

export interface Explorer extends vscode.Disposable {
  readonly provider: EnvironmentsProvider;
  readonly commands: CommandTable;
  /** Environment keys being polled now (test seams). */
  readonly polling: readonly string[];
  snapshot(depth: number, node?: TreeNode, includeContributed?: boolean): Promise<TreeSnapshot[]>;
}

const SOURCE = 'environments';

export function createExplorer(services: Services, shell: ExplorerShell): Explorer {
  const { view, statusBar } = shell;
  const environments = services.environments;
  const { model } = environments;
  const provider = new EnvironmentsProvider(model, services.bindings, services.environmentTree);
  const details = new DetailsDocumentProvider(model);
  statusBar.attach(model);
  const polling = new StatusPolling(model, {
    fetch: (env, signal) => environments.fetch(env, signal),
    onSettled: (from, to) => {
      // Another feature (a rollout) may be announcing this update's end itself.
      if (!environments.isQuiet(environmentKey(to))) notifySettled(services.notify, from, to);
    },
    onDeleted: (env) => services.notify.info(vscode.l10n.t('MWAA environment {0} was deleted.', env.name), [], SOURCE),
    pollOptions: () => ({ initialMs: services.settings.environmentsPollSeconds() * 1000, maxMs: 60_000 }),
    logger: services.logger,
  });
  polling.setActive(view.visible);
  // The view's welcome says "none was found" only once a listing is over, "listing…" before.
  const listed = () => void vscode.commands.executeCommand('setContext', 'mwaa.environmentsListed', model.isLoaded);
  listed();
  const subscriptions: vscode.Disposable[] = [
    model.onDidChange(listed),
    provider, details, polling,
    vscode.workspace.registerTextDocumentContentProvider(DETAILS_SCHEME, details),
    view.onDidChangeVisibility((e) => polling.setActive(e.visible)),
    // A full refresh: environments whose polling failed get another chance, and the view shows progress.
    environments.onDidStartRefresh((running) => {
      polling.reset();
      void vscode.window.withProgress({ location: { viewId: ENVIRONMENTS_VIEW } }, () => running);
    }),
  ];
  return {
    provider,
    commands: environmentCommands({ services, environments, provider, view }),
    get polling() {
      return polling.polling;
    },
    snapshot: (depth, node, includeContributed) => snapshotTree({
      getChildren: (n) => provider.getChildren(n),
      getTreeItem: (n) => provider.getTreeItem(n),
      isContributed: (n) => services.environmentTree.ownerOf(n) !== undefined,
    }, depth, node, includeContributed),
    dispose: () => {
      for (const d of subscriptions) d.dispose();
    },
  };
}

function notifySettled(notify: Notifier, from: MwaaEnvironment, to: MwaaEnvironment): void {
  const creation = vscode.l10n.t('creation');
  const what = ({ CREATING: creation, PENDING: creation, DELETING: vscode.l10n.t('deletion'), MAINTENANCE: vscode.l10n.t('maintenance') } as Record<string, string>)[from.status] ?? vscode.l10n.t('update');
  const args = [environmentKey(to)];
  if (to.status === 'AVAILABLE') {
    notify.info(vscode.l10n.t('MWAA environment {0} is available: the {1} finished.', to.name, what), [{ label: vscode.l10n.t('Open Airflow UI'), command: COMMANDS.environments.openAirflowUi, args }], SOURCE);
    return;
  }
  const error = to.lastUpdate?.error ? ` ${to.lastUpdate.error.code ?? 'Error'}: ${to.lastUpdate.error.message ?? ''}` : '';
  // e.g. "MWAA environment x: update failed. INCORRECT_CONFIGURATION: …" (the error says what to fix).
  const message = vscode.l10n.t('MWAA environment {0}: {1}.{2}', to.name, to.statusInfo.label.toLowerCase(), error || ` ${to.statusInfo.description}`);
  notify.warn(message, [{ label: vscode.l10n.t('Show Details'), command: COMMANDS.environments.showDetails, args }], SOURCE);
}
