import * as vscode from 'vscode';
import type { EnvironmentChildrenContributor, TreeNode } from '../../services/environmentTree';
import type { GroupNodes } from './groupNodes';
import { isSecretsNode, type SecretsNode } from './secretsNodes';
import { groupItem } from './secretsTreeItems';

/** What the lazily loaded part answers for the nodes below the two groups. */
export interface SecretsTreePart {
  children(node: SecretsNode): Promise<SecretsNode[]>;
  parentOf(node: SecretsNode): SecretsNode | undefined;
  treeItem(node: SecretsNode): vscode.TreeItem;
}

/**
 * "Variables" and "Connections" under each usable environment, from activation on. The two group
 * nodes are drawn here without loading anything; the feature's part (its bundle) loads when one
 * is expanded. Its changes are fired through `fire`.
 */
export class SecretsContributor implements EnvironmentChildrenContributor, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChange = this.emitter.event;

  constructor(private readonly groups: GroupNodes, private readonly part: () => SecretsTreePart) {}

  fire(node: SecretsNode | undefined): void {
    this.emitter.fire(node);
  }

  environmentChildren(envKey: string): TreeNode[] {
    return [this.groups.get(envKey, 'variable'), this.groups.get(envKey, 'connection')];
  }

  owns(node: TreeNode): boolean {
    return isSecretsNode(node);
  }

  children(node: TreeNode): Promise<TreeNode[]> {
    return this.part().children(node as SecretsNode);
  }

  parentOf(node: TreeNode): TreeNode | undefined {
    const n = node as SecretsNode;
    return n.kind === 'secretsGroup' ? undefined : this.part().parentOf(n);
  }

  environmentOf(node: TreeNode): string {
    return (node as SecretsNode).envKey;
  }

  treeItem(node: TreeNode): vscode.TreeItem {
    const n = node as SecretsNode;
    return n.kind === 'secretsGroup' ? groupItem(n) : this.part().treeItem(n);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
