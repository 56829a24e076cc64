/**
 * Activation-time shell of the environments explorer: the tree view (with a provider that loads
 * the explorer on first use), the bound-environment status bar item, binding proposals and every
 * command id. The explorer itself (explorer.ts, the `environments` bundle) is required on first
 * use: the view's first expansion or one of its commands.
 */
import * as vscode from 'vscode';
import { COMMANDS, ENVIRONMENTS_VIEW } from '../../host/commandIds';
import { lazyFeature, type LazyFeature } from '../../host/lazyFeature';
import type { TreeNode } from '../../services/environmentTree';
import type { Services } from '../../services/services';
import { offerBindingProposals } from './bindingProposal';
import { BoundStatusBar } from './boundStatusBar';
import type * as ExplorerModule from './explorer';
import { LazyTreeProvider } from './lazyTreeProvider';

/** What the environments feature hands its test seams. */
export interface EnvironmentsHandle {
  readonly explorer: LazyFeature<ExplorerModule.Explorer>;
  readonly statusBar: BoundStatusBar;
  /** The proposed-binding status bar item's text; undefined when hidden. */
  readonly proposalStatus: () => string | undefined;
  /** What clicking that item runs. */
  readonly proposalCommand: () => vscode.Command | undefined;
}

export function activateEnvironments(services: Services): EnvironmentsHandle {
  const { context } = services;
  const statusBar = new BoundStatusBar(services.bindings);
  const provider = new LazyTreeProvider(() => explorer.get().provider);
  const view = vscode.window.createTreeView<TreeNode>(ENVIRONMENTS_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  context.subscriptions.push(view, provider, statusBar);
  const explorer = lazyFeature(services, {
    name: 'environments',
    load: () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createExplorer } = require('./explorer') as typeof ExplorerModule;
      const part = createExplorer(services, { view, statusBar });
      provider.attach(part.provider);
      return part;
    },
    commandIds: Object.values(COMMANDS.environments),
  });
  // Attached now, not when the explorer loads: contributors (runs) may need the view before that,
  // and a lookup loads the explorer itself.
  services.environmentTree.attach({
    view,
    nodeFor: (key) => explorer.get().provider.nodeFor(key),
    snapshot: (depth, node, includeContributed) => explorer.get().snapshot(depth, node, includeContributed),
  });
  const proposals = offerBindingProposals(services);
  return { explorer, statusBar, proposalStatus: proposals.statusText, proposalCommand: proposals.statusCommand };
}
