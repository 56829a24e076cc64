import * as vscode from 'vscode';
import type { EnvironmentChildrenContributor, TreeNode } from '../../services/environmentTree';

/**
 * The runs feature's place in the environments tree from activation on: the runs part loads on
 * the first environment expanded (`environmentChildren`), and its change events are forwarded once
 * it is attached. Nodes can only be its own after it loaded, so `owns` never loads it.
 */
export class LazyContributor implements EnvironmentChildrenContributor, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<TreeNode | undefined>();
  readonly onDidChange = this.emitter.event;
  private real: EnvironmentChildrenContributor | undefined;
  private forwarding: vscode.Disposable | undefined;

  constructor(private readonly load: () => unknown) {}

  /** Called with the loaded part's contributor. */
  attach(real: EnvironmentChildrenContributor): void {
    this.real = real;
    this.forwarding = real.onDidChange((node) => this.emitter.fire(node));
  }

  environmentChildren(envKey: string): TreeNode[] {
    return this.target().environmentChildren(envKey);
  }

  owns(node: TreeNode): boolean {
    return this.real?.owns(node) ?? false;
  }

  children(node: TreeNode): TreeNode[] | Promise<TreeNode[]> {
    return this.target().children(node);
  }

  parentOf(node: TreeNode): TreeNode | undefined {
    return this.target().parentOf(node);
  }

  environmentOf(node: TreeNode): string {
    return this.target().environmentOf(node);
  }

  treeItem(node: TreeNode): vscode.TreeItem {
    return this.target().treeItem(node);
  }

  private target(): EnvironmentChildrenContributor {
    if (!this.real) this.load();
    if (!this.real) throw new Error('the runs part did not attach its contributor');
    return this.real;
  }

  dispose(): void {
    this.forwarding?.dispose();
    this.emitter.dispose();
  }
}
