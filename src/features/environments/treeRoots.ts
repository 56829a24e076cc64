/**
 * The environments view's top level, from what the model says it holds (`view()`): the listings
 * as profile / region / environment nodes, or one line that says why there are none.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../host/commandIds';
import type { ModelView } from '../../services/environmentsModel';
import { buildTree, type BuildOptions, type EnvNode, type MessageNode } from './treeNodes';

const openAwsConfig = () => ({ label: vscode.l10n.t('Open AWS config'), command: COMMANDS.environments.openAwsConfig });

const untrusted = (): MessageNode => ({
  kind: 'message',
  id: 'untrusted',
  label: vscode.l10n.t('Restricted Mode: AWS is not called'),
  tooltip: vscode.l10n.t('This workspace is not trusted, so the MWAA Toolkit does not read your AWS profiles or call AWS. Trust the workspace to list your MWAA environments.'),
  icon: 'shield',
  action: { label: vscode.l10n.t('Manage Workspace Trust'), command: 'workbench.trust.manage' },
});

/** The root nodes as of now. */
export function treeRoots(model: { view(): ModelView }, options: Pick<BuildOptions, 'bindings'> = {}): EnvNode[] {
  const view = model.view();
  switch (view.kind) {
    case 'untrusted':
      return [untrusted()];
    case 'failed':
      return [{ kind: 'message', id: 'failed', label: vscode.l10n.t('Could not read the AWS profiles'), tooltip: view.reason, icon: 'error', action: openAwsConfig() }];
    case 'empty':
      // Not listed yet; with no profiles at all the tree stays empty too, so the view's welcome content says how to start.
      return [];
    case 'listed': {
      const nodes = buildTree(view.listings, { ...options, overrides: view.overrides });
      for (const [i, problem] of view.problems.entries()) {
        nodes.push({ kind: 'message', id: `problem:${i}`, label: problem, tooltip: problem, icon: 'warning', action: openAwsConfig() });
      }
      return nodes;
    }
  }
}
