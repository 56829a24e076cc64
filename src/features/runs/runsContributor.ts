import type * as vscode from 'vscode';
import type { EnvironmentChildrenContributor, TreeNode } from '../../services/environmentTree';
import { isRunsNode, type RunsNode } from './runNodes';
import type { RunsTree } from './runsTree';
import { runsTreeItem } from './runsTreeItems';

/** The runs tree as the environments view sees it: "DAGs" and "Import errors" under each usable environment. */
export class RunsContributor implements EnvironmentChildrenContributor {
  readonly onDidChange: vscode.Event<TreeNode | undefined>;

  constructor(private readonly tree: RunsTree) {
    this.onDidChange = tree.onDidChange;
  }

  environmentChildren(envKey: string): TreeNode[] {
    return this.tree.environmentChildren(envKey);
  }

  owns(node: TreeNode): boolean {
    return isRunsNode(node);
  }

  children(node: TreeNode): Promise<TreeNode[]> {
    return this.tree.children(node as RunsNode);
  }

  parentOf(node: TreeNode): TreeNode | undefined {
    return this.tree.parentOf(node as RunsNode);
  }

  environmentOf(node: TreeNode): string {
    return (node as RunsNode).envKey;
  }

  treeItem(node: TreeNode): vscode.TreeItem {
    return runsTreeItem(node as RunsNode, this.tree);
  }
}
