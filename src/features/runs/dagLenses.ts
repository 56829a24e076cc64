/**
 * "Trigger on <env>" above each DAG definition in Python files under a bound folder. Registered at
 * activation, so it stays cheap: a text scan (core/airflow/dagDefinitions), no parser, no SDK; the
 * command it runs loads the rest.
 */
import * as vscode from 'vscode';
import { findDagSites } from '../../core/airflow/dagDefinitions';
import { environmentKey } from '../../core/mwaa/environmentKey';
import { COMMANDS } from '../../host/commandIds';
import type { BindingStore } from '../../services/bindings';

export class DagTriggerLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly bindings: BindingStore) {
    this.subscription = bindings.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const binding = this.bindings.bindingOf(doc.uri)?.binding;
    if (!binding) return [];
    const envKey = environmentKey(binding);
    return findDagSites(doc.getText()).map((site) => new vscode.CodeLens(new vscode.Range(site.line, 0, site.line, 0), {
      title: `$(play) Trigger on ${binding.name}`,
      tooltip: `Trigger ${site.dagId} on ${binding.name} (${binding.profile} · ${binding.region})`,
      command: COMMANDS.runs.triggerDag,
      arguments: [{ envKey, dagId: site.dagId }],
    }));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function registerDagLenses(context: vscode.ExtensionContext, bindings: BindingStore): void {
  const lenses = new DagTriggerLenses(bindings);
  context.subscriptions.push(lenses, vscode.languages.registerCodeLensProvider({ language: 'python', scheme: 'file' }, lenses));
}
