/**
 * The secrets feature's lazily loaded part (the `secrets` bundle): variables and connections of
 * each environment from both sources, Show Value, create and edit (as a secret in the right place
 * and format, or in the metastore), the connection form and the visibility report. Activation
 * (activation.ts) registers the command ids and the two group nodes; this loads on first use.
 */
import * as vscode from 'vscode';
import type { CommandTable } from '../../host/commands';
import type { Services } from '../../services/services';
import { ConnectionForms } from './connectionForm';
import { EnvironmentSecrets } from './environmentSecrets';
import type { GroupNodes } from './groupNodes';
import { secretsCommands } from './secretsCommands';
import type { SecretsTreePart } from './secretsContributor';
import type { SecretsContext } from './secretsContext';
import { isSecretsNode, type SecretsNode } from './secretsNodes';
import { SecretsTree } from './secretsTree';
import { secretsTreeItem } from './secretsTreeItems';
import { VisibilityReports, type VisibilityReport } from './visibilityReport';

/** The feature's state as data (the `_mwaa.secretsState` test seam); no value in it. */
export interface SecretsState {
  /** Key node ids whose value is shown now. */
  readonly revealed: string[];
  readonly openForms: number;
  readonly formTitle?: string;
  readonly lastReport?: VisibilityReport;
}

export interface SecretsPart extends SecretsTreePart, vscode.Disposable {
  readonly commands: CommandTable;
  readonly ctx: SecretsContext;
  state(): SecretsState;
  /** What the view does when a node collapses (the seam calls it too). */
  collapsed(node: SecretsNode): void;
}

export function createSecrets(services: Services, shell: { groups: GroupNodes; fire: (node: SecretsNode | undefined) => void }): SecretsPart {
  const media = vscode.Uri.joinPath(services.context.extensionUri, 'media', 'secrets');
  const sources = new EnvironmentSecrets(services);
  const tree = new SecretsTree({ sources, groups: shell.groups, trust: services.trust, logger: services.logger, fire: shell.fire });
  const forms = new ConnectionForms(media);
  const reports = new VisibilityReports(media);
  const ctx: SecretsContext = { services, tree, sources, groups: shell.groups, forms, reports };
  const collapsed = (node: SecretsNode) => void tree.hide(node);
  const { view } = services.environmentTree.host;
  const subscriptions: vscode.Disposable[] = [
    tree, forms, reports,
    // A value is shown only while its key is open (or its group, or the view).
    view.onDidCollapseElement((e) => isSecretsNode(e.element) && collapsed(e.element)),
    view.onDidChangeVisibility((e) => {
      if (!e.visible) for (const id of tree.revealed.ids) tree.hide(tree.byId(id) ?? { kind: 'secretKey', id } as SecretsNode);
    }),
  ];
  return {
    commands: secretsCommands(ctx),
    ctx,
    children: (node) => tree.children(node),
    parentOf: (node) => tree.parentOf(node),
    treeItem: (node) => secretsTreeItem(node, (id) => tree.revealed.has(id)),
    collapsed,
    state: () => ({
      revealed: tree.revealed.ids,
      openForms: forms.count,
      ...(forms.current ? { formTitle: forms.current.spec.title } : {}),
      ...(reports.last ? { lastReport: reports.last } : {}),
    }),
    dispose: () => subscriptions.forEach((s) => s.dispose()),
  };
}
