/**
 * The "Why can't Airflow see it?" report: each check with its status, what it found and what to
 * change, in a webview without scripts. The checks carry names, ARNs and settings, never a value.
 */
import * as vscode from 'vscode';
import type { CheckResult } from '../../core/secrets/visibilityCheck';
import { reportBody } from './reportHtml';
import type { SecretKind } from './secretsNodes';
import { page } from './webviewHtml';

export interface VisibilityReport {
  readonly envKey: string;
  readonly envName: string;
  readonly kind: SecretKind;
  readonly key: string;
  readonly results: readonly CheckResult[];
}

export class VisibilityReports implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  /** The report last shown (test seams). */
  last: VisibilityReport | undefined;

  constructor(private readonly media: vscode.Uri) {}

  show(report: VisibilityReport): void {
    this.last = report;
    const title = vscode.l10n.t('Why can\'t Airflow see {0}?', report.key);
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('mwaa.secretVisibility', title, vscode.ViewColumn.Active, { enableScripts: false, localResourceRoots: [this.media] });
      this.panel.onDidDispose(() => (this.panel = undefined));
    } else {
      this.panel.title = title;
      this.panel.reveal();
    }
    const webview = this.panel.webview;
    webview.html = page({
      title,
      cspSource: webview.cspSource,
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.media, 'secrets.css')).toString(),
      body: reportBody(report, title),
    });
  }

  dispose(): void {
    this.panel?.dispose();
  }
}
