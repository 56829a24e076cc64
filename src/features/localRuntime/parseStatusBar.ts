/**
 * The local parse of the file in the active editor, in the status bar (`$(pass) parsed in 0.3 s`),
 * shown while a file that was parsed is the active one.
 */
import * as vscode from 'vscode';
import type { ParseResult } from '../../core/runtime/runtimeTypes';
import { slowParseMessage, statusText } from './parseFindings';

const KEPT = 500;

export class ParseStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mwaa.localParse', vscode.StatusBarAlignment.Left, 40);
  private readonly byFile = new Map<string, { text: string; tooltip: string }>();
  private readonly listener = vscode.window.onDidChangeActiveTextEditor(() => this.render());

  constructor() {
    this.item.name = vscode.l10n.t('MWAA local parse');
  }

  show(uri: vscode.Uri, result: ParseResult, airflowVersion: string): void {
    const key = uri.toString();
    this.byFile.delete(key);
    this.byFile.set(key, {
      text: statusText(result),
      tooltip: vscode.l10n.t('{0}: parsed locally by Airflow {1}\'s DagBag ', vscode.workspace.asRelativePath(uri), airflowVersion)
        + vscode.l10n.t('({0} DAG{1}, {2} error{3}; ', result.dags.length, result.dags.length === 1 ? '' : 's', result.errors.length, result.errors.length === 1 ? '' : 's')
        + vscode.l10n.t('core.dagbag_import_timeout {0} s){1}', result.timeoutSeconds, slowParseMessage(result) ? `\n${slowParseMessage(result)}` : ''),
    });
    if (this.byFile.size > KEPT) this.byFile.delete(this.byFile.keys().next().value!);
    this.render(uri);
  }

  /** What the item shows now ('' when hidden). */
  get text(): string {
    return this.visible ? this.item.text : '';
  }

  private visible = false;

  private render(shown?: vscode.Uri): void {
    const active = vscode.window.activeTextEditor?.document.uri;
    const entry = this.byFile.get((active ?? shown)?.toString() ?? '') ?? (shown ? this.byFile.get(shown.toString()) : undefined);
    if (!entry) {
      this.item.hide();
      this.visible = false;
      return;
    }
    this.item.text = entry.text;
    this.item.tooltip = entry.tooltip;
    this.item.show();
    this.visible = true;
  }

  dispose(): void {
    this.listener.dispose();
    this.item.dispose();
  }
}
