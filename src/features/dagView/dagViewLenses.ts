/**
 * "Open DAG View" above each DAG definition in Python files under a bound folder (the shared DAG
 * site lenses: a text scan at activation); the command it runs loads the DAG view's bundle.
 */
import * as vscode from 'vscode';
import { COMMANDS } from '../../host/commandIds';
import type { BindingStore } from '../../services/bindings';
import { registerDagSiteLenses } from '../../services/dagSiteLenses';

export function registerDagViewLenses(context: vscode.ExtensionContext, bindings: BindingStore): void {
  registerDagSiteLenses(context, bindings, (site, binding, envKey, doc) => ({
    title: vscode.l10n.t('$(type-hierarchy) Open DAG View'),
    tooltip: vscode.l10n.t('Graph, grid and Gantt of {0} on {1}, linked to this file', site.dagId, binding.name),
    command: COMMANDS.dagView.open,
    arguments: [{ envKey, dagId: site.dagId, file: doc.uri.toString() }],
  }));
}
