/**
 * The TreeDataProvider of the environments view: the model's listing (treeRoots) and, under each
 * usable environment, the nodes contributors add (services.environmentTree: the runs feature's
 * DAGs and import errors) before the environment's detail rows. The first getChildren call is
 * what lists: nothing happens before the view is seen.
 */
import * as vscode from 'vscode';
import { environmentKey } from '../../core/mwaa/environmentKey';
import type { BindingStore } from '../../services/bindings';
import type { EnvironmentChildrenContributor, EnvironmentTree, TreeNode } from '../../services/environmentTree';
import type { EnvironmentsModel } from '../../services/environmentsModel';
import { toTreeItem } from './treeItems';
import { environmentDetails, type EnvNode } from './treeNodes';
import { treeRoots } from './treeRoots';

export class EnvironmentsProvider implements vscode.TreeDataProvider<TreeNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly parents = new Map<string, EnvNode | undefined>();
  private readonly envNodes = new Map<string, EnvNode>();
  private readonly subscriptions: Array<{ dispose(): void }> = [];

  constructor(private readonly model: EnvironmentsModel, private readonly bindings: BindingStore, private readonly tree: EnvironmentTree) {
    const all = () => this.emitter.fire(undefined);
    this.subscriptions.push(model.onDidChange(all), bindings.onDidChange(all));
    for (const c of tree.contributors) this.follow(c);
    this.subscriptions.push(tree.onDidAddContributor((c) => {
      this.follow(c);
      all();
    }));
  }

  /** Renders a contributor's nodes again when it says they changed. */
  private follow(contributor: EnvironmentChildrenContributor): void {
    this.subscriptions.push(contributor.onDidChange((node) => this.emitter.fire(node)));
  }

  async getChildren(node?: TreeNode): Promise<TreeNode[]> {
    if (!node) {
      await this.model.ensureLoaded();
      const roots = treeRoots(this.model, { bindings: this.boundFolders() });
      this.parents.clear();
      this.envNodes.clear();
      this.index(roots, undefined);
      return roots;
    }
    const owner = this.tree.ownerOf(node);
    if (owner) return owner.children(node);
    const children = this.childrenOf(node as EnvNode);
    this.index(children.filter((c): c is EnvNode => !this.tree.ownerOf(c)), node as EnvNode);
    return children;
  }

  getParent(node: TreeNode): TreeNode | undefined {
    const owner = this.tree.ownerOf(node);
    // The nodes directly under an environment hang under its node as last listed.
    if (owner) return owner.parentOf(node) ?? this.envNodes.get(`env:${owner.environmentOf(node)}`);
    return this.parents.get(node.id);
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    const owner = this.tree.ownerOf(node);
    return owner ? owner.treeItem(node) : toTreeItem(node as EnvNode);
  }

  /** The environment node currently shown for a key (for reveal). */
  async nodeFor(key: string): Promise<EnvNode | undefined> {
    const find = (nodes: readonly EnvNode[]): EnvNode | undefined => {
      for (const n of nodes) {
        if (n.kind === 'environment' && n.key === key) return n;
        const found = n.kind === 'profile' || n.kind === 'region' ? find(n.children) : undefined;
        if (found) return found;
      }
      return undefined;
    };
    return find((await this.getChildren()) as EnvNode[]);
  }

  private childrenOf(node: EnvNode): TreeNode[] {
    switch (node.kind) {
      case 'profile':
      case 'region':
        return [...node.children];
      case 'environment': {
        // Contributed nodes (DAGs, import errors) first: what a user opens most; none for an environment that cannot run anything.
        const contributed = node.env.statusInfo.usable === 'no' ? [] : this.tree.contributors.flatMap((c) => c.environmentChildren(node.key));
        return [...contributed, ...environmentDetails(node.env)];
      }
      case 'detail':
        return [...(node.children ?? [])];
      case 'error':
        return [...node.children];
      default:
        return [];
    }
  }

  private index(nodes: readonly EnvNode[], parent: EnvNode | undefined): void {
    for (const n of nodes) {
      this.parents.set(n.id, parent);
      if (n.kind === 'environment') this.envNodes.set(n.id, n);
      if (n.kind === 'profile' || n.kind === 'region') this.index(n.children, n);
    }
  }

  /** Environment key -> names of the workspace folders bound to it. */
  private boundFolders(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const [uri, b] of Object.entries(this.bindings.all())) {
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(uri));
      if (!folder) continue; // bindings of folders not open in this window
      const key = environmentKey(b);
      out.set(key, [...(out.get(key) ?? []), folder.name]);
    }
    return out;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }
}
