import * as vscode from 'vscode';

export const ENVIRONMENTS_VIEW = 'mwaa.environments';

/**
 * The sidebar view. Until environments are listed (the environments explorer issue) it holds no
 * nodes, so VS Code shows the view's welcome content from package.json, which says how to get
 * started; a registered provider is what makes that content (not an error) appear.
 */
export function registerEnvironmentsView(context: vscode.ExtensionContext): vscode.TreeView<never> {
  const provider: vscode.TreeDataProvider<never> = {
    getTreeItem: (node) => node,
    getChildren: () => [],
  };
  const view = vscode.window.createTreeView(ENVIRONMENTS_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  context.subscriptions.push(view);
  return view;
}
