import type * as vscode from 'vscode';
import type { EnvironmentServices } from '../../services/environmentServices';
import type { TreeNode } from '../../services/environmentTree';
import type { Services } from '../../services/services';
import type { EnvironmentsProvider } from './environmentsProvider';

/** What the environments commands work with: the explorer part's pieces. */
export interface CommandContext {
  readonly services: Services;
  readonly environments: EnvironmentServices;
  readonly provider: EnvironmentsProvider;
  readonly view: vscode.TreeView<TreeNode>;
}
