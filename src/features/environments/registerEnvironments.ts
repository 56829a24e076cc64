/**
 * Activation-time shell of the environments explorer: the tree view, the bindings store, the
 * bound-environment status bar item and every command id. The explorer itself (explorer.ts, with
 * the AWS core) is required on first use: the view's first expansion or one of its commands.
 */
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { CommandRegistry } from '../../host/commands';
import type { SettingsStore } from '../../host/settingsStore';
import { BindingStore } from './bindingStore';
import { offerBindingProposals } from './bindingProposal';
import { BoundStatusBar } from './boundStatusBar';
import { ENVIRONMENT_COMMANDS, ENVIRONMENTS_VIEW } from './commandIds';
import type * as ExplorerModule from './explorer';
import type { EnvNode } from './treeNodes';
import type { EnvironmentServices } from './environmentServices';
import { RUNS_COMMANDS } from '../runs/runsCommandIds';

export { ENVIRONMENTS_VIEW };

export interface EnvironmentsFeature {
  /** Folder -> environment bindings, for sync and diagnostics. */
  readonly bindings: BindingStore;
  /**
   * Clients, environments by key and Airflow API clients for the other features. Loads the
   * explorer bundle (and with it the AWS SDK) on the first call: call it when work starts, not at
   * activation.
   */
  services(): EnvironmentServices;
}

export function registerEnvironments(
  context: vscode.ExtensionContext,
  deps: { logger: Logger; commands: CommandRegistry; settings: SettingsStore },
): EnvironmentsFeature {
  const bindings = new BindingStore(context.globalState);
  const statusBar = new BoundStatusBar(bindings);
  const provider = new LazyTreeProvider(() => load().provider);
  const view = vscode.window.createTreeView(ENVIRONMENTS_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  let explorer: ExplorerModule.Explorer | undefined;
  const load = (): ExplorerModule.Explorer => {
    if (!explorer) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createExplorer } = require('./explorer') as typeof ExplorerModule;
      explorer = createExplorer(context, deps, { view, bindings, statusBar });
      provider.attach(explorer.provider);
    }
    return explorer;
  };
  // The runs feature's handlers live in the explorer bundle too (src/features/runs/runsFeature.ts).
  for (const id of [...Object.values(ENVIRONMENT_COMMANDS), ...Object.values(RUNS_COMMANDS)]) {
    deps.commands.register(id, (...args: unknown[]) => {
      const handler = load().handlers.get(id);
      if (!handler) throw new Error(`command ${id} has no handler`);
      return handler(...args);
    });
  }
  context.subscriptions.push(view, provider, statusBar, bindings, { dispose: () => explorer?.dispose() });
  offerBindingProposals(context, bindings, deps.logger);
  return { bindings, services: () => load().services };
}

/** Hands VS Code's tree calls to the explorer's provider, loading the explorer on the first one. */
class LazyTreeProvider implements vscode.TreeDataProvider<EnvNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<EnvNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private forwarding: vscode.Disposable | undefined;

  constructor(private readonly target: () => vscode.TreeDataProvider<EnvNode>) {}

  attach(real: vscode.TreeDataProvider<EnvNode>): void {
    this.forwarding = real.onDidChangeTreeData?.((e) => this.emitter.fire(Array.isArray(e) ? undefined : e ?? undefined));
  }

  getChildren(node?: EnvNode): vscode.ProviderResult<EnvNode[]> {
    return this.target().getChildren(node);
  }

  getTreeItem(node: EnvNode): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.target().getTreeItem(node);
  }

  getParent(node: EnvNode): vscode.ProviderResult<EnvNode> {
    return this.target().getParent?.(node);
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.emitter.dispose();
  }
}
