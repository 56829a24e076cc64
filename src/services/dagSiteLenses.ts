/**
 * A CodeLens above each DAG definition in Python files under a bound folder, whose command a
 * feature supplies (the runs feature's "Trigger on <env>", the DAG view's "Open DAG View").
 * Registered at activation, so it stays cheap: a text scan (core/airflow/dagDefinitions), no
 * parser, no SDK; the command it runs loads the rest.
 */
import * as vscode from 'vscode';
import { findDagSites, type DagSite } from '../core/airflow/dagDefinitions';
import { environmentKey } from '../core/mwaa/environmentKey';
import type { BindingStore, EnvironmentBinding } from './bindings';

/** The lens's command for one DAG site of a file bound to `binding` (its key `envKey`). */
export type DagSiteCommand = (site: DagSite, binding: EnvironmentBinding, envKey: string, doc: vscode.TextDocument) => vscode.Command;

export class DagSiteLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly bindings: BindingStore, private readonly command: DagSiteCommand) {
    this.subscription = bindings.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const binding = this.bindings.bindingOf(doc.uri)?.binding;
    if (!binding) return [];
    const envKey = environmentKey(binding);
    return findDagSites(doc.getText()).map((site) => new vscode.CodeLens(new vscode.Range(site.line, 0, site.line, 0), this.command(site, binding, envKey, doc)));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

export function registerDagSiteLenses(context: vscode.ExtensionContext, bindings: BindingStore, command: DagSiteCommand): void {
  const lenses = new DagSiteLenses(bindings, command);
  context.subscriptions.push(lenses, vscode.languages.registerCodeLensProvider({ language: 'python', scheme: 'file' }, lenses));
}
