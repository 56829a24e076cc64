import * as vscode from 'vscode';
import type { RunLogRef, TaskLogRef } from '../core/logs/taskLogRef';

/** What every node of the environments tree has; contributed nodes add their own fields. */
export interface TreeNode {
  readonly id: string;
  readonly kind: string;
}

/**
 * An extension point of the environments tree: nodes a feature shows under each usable
 * environment (the runs feature: DAGs, runs, task instances, import errors). The tree asks the
 * contributor for everything about the nodes it owns; it never imports the contributing feature.
 */
export interface EnvironmentChildrenContributor {
  /** Nodes shown first under the environment `envKey` (none for an unusable environment). */
  environmentChildren(envKey: string): TreeNode[];
  /** Whether a node came from this contributor. */
  owns(node: TreeNode): boolean;
  children(node: TreeNode): TreeNode[] | Promise<TreeNode[]>;
  /** The parent of an owned node; undefined for the nodes directly under an environment. */
  parentOf(node: TreeNode): TreeNode | undefined;
  /** The environment key an owned node belongs to. */
  environmentOf(node: TreeNode): string;
  treeItem(node: TreeNode): vscode.TreeItem;
  /** An owned node (or everything, with undefined) must be rendered again. */
  readonly onDidChange: vscode.Event<TreeNode | undefined>;
}

/** A node of the tree as plain data (test seams): its TreeItem's fields, what it carries, its children. */
export interface TreeSnapshot {
  readonly id?: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon?: string;
  readonly color?: string;
  readonly contextValue?: string;
  readonly command?: { command: string; arguments?: unknown[] };
  readonly children?: TreeSnapshot[];
  /** The log reference a task instance node carries for commands. */
  readonly taskLog?: TaskLogRef;
  /** The log reference a run node carries. */
  readonly runLog?: RunLogRef;
}

/** What the environments feature offers contributors once its view exists. */
export interface EnvironmentTreeHost {
  readonly view: vscode.TreeView<TreeNode>;
  /** The environment node currently shown for a key (for reveal). */
  nodeFor(envKey: string): Promise<TreeNode | undefined>;
  /** The tree (or a subtree) as plain data, for test seams. */
  snapshot(depth: number, node?: TreeNode, includeContributed?: boolean): Promise<TreeSnapshot[]>;
}

/**
 * The environments tree's extension points, built once in extension.ts: contributors register
 * here at activation (cheaply: a contributor loads its code on first call), and the environments
 * feature attaches the view.
 */
export class EnvironmentTree implements vscode.Disposable {
  private readonly list: EnvironmentChildrenContributor[] = [];
  private readonly added = new vscode.EventEmitter<EnvironmentChildrenContributor>();
  private attached: EnvironmentTreeHost | undefined;
  /** Fires when a contributor registers (the tree re-renders). */
  readonly onDidAddContributor = this.added.event;

  contribute(contributor: EnvironmentChildrenContributor): vscode.Disposable {
    this.list.push(contributor);
    this.added.fire(contributor);
    return { dispose: () => void this.list.splice(this.list.indexOf(contributor) >>> 0, 1) };
  }

  get contributors(): readonly EnvironmentChildrenContributor[] {
    return this.list;
  }

  /** The contributor that owns a node, if any. */
  ownerOf(node: TreeNode): EnvironmentChildrenContributor | undefined {
    return this.list.find((c) => c.owns(node));
  }

  /** Called once by the environments feature when it creates its view. */
  attach(host: EnvironmentTreeHost): void {
    this.attached = host;
  }

  /** The tree's view and lookups; throws if the environments feature has not attached. */
  get host(): EnvironmentTreeHost {
    if (!this.attached) throw new Error('the environments view is not created yet');
    return this.attached;
  }

  dispose(): void {
    this.added.dispose();
  }
}
