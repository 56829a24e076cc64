/**
 * The environments view's top level, from what the model says it holds (`view()`): the listings
 * as profile / region / environment nodes, or one line that says why there are none.
 */
import { COMMANDS } from '../../host/commandIds';
import type { ModelView } from '../../services/environmentsModel';
import { buildTree, type BuildOptions, type EnvNode, type MessageNode } from './treeNodes';

const OPEN_AWS_CONFIG = { label: 'Open AWS config', command: COMMANDS.environments.openAwsConfig };

const UNTRUSTED: MessageNode = {
  kind: 'message',
  id: 'untrusted',
  label: 'Restricted Mode: AWS is not called',
  tooltip: 'This workspace is not trusted, so the MWAA Toolkit does not read your AWS profiles or call AWS. Trust the workspace to list your MWAA environments.',
  icon: 'shield',
  action: { label: 'Manage Workspace Trust', command: 'workbench.trust.manage' },
};

/** The root nodes as of now. */
export function treeRoots(model: { view(): ModelView }, options: Pick<BuildOptions, 'bindings'> = {}): EnvNode[] {
  const view = model.view();
  switch (view.kind) {
    case 'untrusted':
      return [UNTRUSTED];
    case 'failed':
      return [{ kind: 'message', id: 'failed', label: 'Could not read the AWS profiles', tooltip: view.reason, icon: 'error', action: OPEN_AWS_CONFIG }];
    case 'empty':
      // Not listed yet; with no profiles at all the tree stays empty too, so the view's welcome content says how to start.
      return [];
    case 'listed': {
      const nodes = buildTree(view.listings, { ...options, overrides: view.overrides });
      for (const [i, problem] of view.problems.entries()) {
        nodes.push({ kind: 'message', id: `problem:${i}`, label: problem, tooltip: problem, icon: 'warning', action: OPEN_AWS_CONFIG });
      }
      return nodes;
    }
  }
}
