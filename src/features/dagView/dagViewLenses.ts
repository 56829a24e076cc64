/**
 * "Open DAG View" above each DAG definition in Python files under a bound folder. Registered at
 * activation, so it stays cheap: the same text scan as the trigger lens (core/airflow/
 * dagDefinitions); the command it runs loads the DAG view's bundle.
 */
import * as vscode from 'vscode';
import { findDagSites } from '../../core/airflow/dagDefinitions';
import { environmentKey } from '../../core/mwaa/environmentKey';
import { COMMANDS } from '../../host/commandIds';
import type { BindingStore } from '../../services/bindings';

export class DagViewLenses implements vscode.CodeLensProvider, vscode.Disposable {
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
      title: '$(type-hierarchy) Open DAG View',
      tooltip: `Graph, grid and Gantt of ${site.dagId} on ${binding.name}, linked to this file`,
      command: COMMANDS.dagView.open,
      arguments: [{ envKey, dagId: site.dagId, file: doc.uri.toString() }],
    }));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function registerDagViewLenses(context: vscode.ExtensionContext, bindings: BindingStore): void {
  const lenses = new DagViewLenses(bindings);
  context.subscriptions.push(lenses, vscode.languages.registerCodeLensProvider({ language: 'python', scheme: 'file' }, lenses));
}
