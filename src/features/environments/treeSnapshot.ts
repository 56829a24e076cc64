/**
 * The environments tree as plain data, through the same calls VS Code makes (getChildren,
 * getTreeItem): what the test seams return.
 */
import * as vscode from 'vscode';
import type { TreeNode, TreeSnapshot } from '../../services/environmentTree';
import { itemSnapshot } from '../../services/treeItemSnapshot';

export interface SnapshotSource {
  getChildren(node?: TreeNode): Promise<TreeNode[]>;
  getTreeItem(node: TreeNode): vscode.TreeItem;
  /** Whether a contributor (another feature) owns the node. */
  isContributed(node: TreeNode): boolean;
}

/**
 * `includeContributed`: also descend into contributed nodes (DAGs, runs, import errors: they read
 * from Airflow, so the environments' own snapshot leaves them closed).
 */
export async function snapshotTree(source: SnapshotSource, depth: number, node?: TreeNode, includeContributed = false): Promise<TreeSnapshot[]> {
  const out: TreeSnapshot[] = [];
  for (const n of await source.getChildren(node)) {
    const item = source.getTreeItem(n);
    const open = depth > 1 && item.collapsibleState !== vscode.TreeItemCollapsibleState.None && (includeContributed || !source.isContributed(n));
    out.push({
      ...itemSnapshot(item),
      ...carried(n),
      ...(open ? { children: await snapshotTree(source, depth - 1, n, includeContributed) } : {}),
    });
  }
  return out;
}

/** What a contributed node carries for commands (a task instance's or a run's log reference). */
function carried(node: TreeNode): Pick<TreeSnapshot, 'taskLog' | 'runLog'> {
  const { taskLog, runLog } = node as Pick<TreeSnapshot, 'taskLog' | 'runLog'>;
  return { ...(taskLog ? { taskLog } : {}), ...(runLog ? { runLog } : {}) };
}
