/**
 * "Edit in editor" for a run's conf: an untitled JSON document pre-filled with the DAG's params,
 * remembered with its target, and a CodeLens on it that triggers with the document's text.
 */
import * as vscode from 'vscode';
import { parseConf } from '../../core/airflow/confJson';
import { UserFacingError } from '../../core/errors';
import { COMMANDS } from '../../host/commandIds';
import type { TriggerTarget } from './triggerFlow';

export class ConfDocuments implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly targets = new Map<string, { target: TriggerTarget; envName: string }>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.subscriptions.push(
      vscode.languages.registerCodeLensProvider({ scheme: 'untitled', language: 'json' }, this),
      vscode.workspace.onDidCloseTextDocument((d) => this.targets.delete(d.uri.toString())),
    );
  }

  async open(target: TriggerTarget, envName: string, params: Record<string, unknown>): Promise<vscode.TextDocument> {
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: `${JSON.stringify(params, null, 2)}\n` });
    this.targets.set(doc.uri.toString(), { target, envName });
    await vscode.window.showTextDocument(doc);
    return doc;
  }

  targetOf(uri: vscode.Uri): { target: TriggerTarget; envName: string } | undefined {
    return this.targets.get(uri.toString());
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    const t = this.targets.get(doc.uri.toString());
    if (!t) return [];
    return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: vscode.l10n.t('$(play) Trigger {0} on {1} with this conf', t.target.dagId, t.envName), command: COMMANDS.runs.triggerWithConf, arguments: [doc.uri] })];
  }

  /** The document's conf, validated; a bad one puts the cursor where the JSON breaks. */
  confOf(doc: vscode.TextDocument): Record<string, unknown> {
    const r = parseConf(doc.getText());
    if (r.ok) return r.conf;
    const editor = vscode.window.visibleTextEditors.find((e) => e.document === doc);
    if (editor && r.line !== undefined && r.column !== undefined) {
      const at = new vscode.Position(r.line - 1, r.column - 1);
      editor.selection = new vscode.Selection(at, at);
      editor.revealRange(new vscode.Range(at, at));
    }
    throw new UserFacingError(vscode.l10n.t('The conf is not valid: {0}', r.message));
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
