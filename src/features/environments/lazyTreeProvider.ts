import * as vscode from 'vscode';
import type { TreeNode } from '../../services/environmentTree';

/**
 * The view's provider from activation on: it hands VS Code's calls to the explorer's provider,
 * loading the explorer on the first one, and forwards its change events once attached.
 */
export class LazyTreeProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private forwarding: vscode.Disposable | undefined;

  constructor(private readonly target: () => vscode.TreeDataProvider<TreeNode>) {}

  attach(real: vscode.TreeDataProvider<TreeNode>): void {
    this.forwarding = real.onDidChangeTreeData?.((e) => this.emitter.fire(Array.isArray(e) ? undefined : e ?? undefined));
  }

  getChildren(node?: TreeNode): vscode.ProviderResult<TreeNode[]> {
    return this.target().getChildren(node);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.target().getTreeItem(node);
  }

  getParent(node: TreeNode): vscode.ProviderResult<TreeNode> {
    return this.target().getParent?.(node);
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.emitter.dispose();
  }
}
