/** "Trigger on <env>" above each DAG definition in Python files under a bound folder. */
import * as vscode from 'vscode';
import { COMMANDS } from '../../host/commandIds';
import type { BindingStore } from '../../services/bindings';
import { registerDagSiteLenses } from '../../services/dagSiteLenses';

export function registerDagLenses(context: vscode.ExtensionContext, bindings: BindingStore): void {
  registerDagSiteLenses(context, bindings, (site, binding, envKey) => ({
    title: vscode.l10n.t('$(play) Trigger on {0}', binding.name),
    tooltip: vscode.l10n.t('Trigger {0} on {1} ({2} · {3})', site.dagId, binding.name, binding.profile, binding.region),
    command: COMMANDS.runs.triggerDag,
    arguments: [{ envKey, dagId: site.dagId }],
  }));
}
