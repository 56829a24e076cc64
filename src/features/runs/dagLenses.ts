/**
 * "Trigger on <env>" above each DAG definition in Python files under a bound folder. Registered at
 * activation, so it stays cheap: a text scan (core/airflow/dagDefinitions), no parser, no SDK; the
 * command it runs loads the rest.
 */
import * as vscode from 'vscode';
import { findDagSites } from '../../core/airflow/dagDefinitions';
import type { BindingStore, EnvironmentBinding } from '../environments/bindingStore';
import { environmentKey } from '../environments/environmentKey';
import { RUNS_COMMANDS } from './runsCommandIds';

export class DagTriggerLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly bindings: BindingStore) {
    this.subscription = bindings.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const binding = bindingOf(this.bindings, doc.uri);
    if (!binding) return [];
    const envKey = environmentKey(binding);
    return findDagSites(doc.getText()).map((site) => new vscode.CodeLens(new vscode.Range(site.line, 0, site.line, 0), {
      title: `$(play) Trigger on ${binding.name}`,
      tooltip: `Trigger ${site.dagId} on ${binding.name} (${binding.profile} · ${binding.region})`,
      command: RUNS_COMMANDS.triggerDag,
      arguments: [{ envKey, dagId: site.dagId }],
    }));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** The binding of the deepest bound folder containing the file. */
export function bindingOf(bindings: BindingStore, uri: vscode.Uri): EnvironmentBinding | undefined {
  const file = uri.toString();
  let best: [string, EnvironmentBinding] | undefined;
  for (const [folder, b] of Object.entries(bindings.all())) {
    const prefix = folder.endsWith('/') ? folder : `${folder}/`;
    if (file.startsWith(prefix) && (!best || folder.length > best[0].length)) best = [folder, b];
  }
  return best?.[1];
}

export function registerDagLenses(context: vscode.ExtensionContext, bindings: BindingStore): void {
  const lenses = new DagTriggerLenses(bindings);
  context.subscriptions.push(lenses, vscode.languages.registerCodeLensProvider({ language: 'python', scheme: 'file' }, lenses));
}
