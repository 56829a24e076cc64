/**
 * The DAG view's page: one script (dist/dagViewWebview.js) and one stylesheet from the extension,
 * nothing remote, in the extension's shared webview frame (src/host/webviewHtml.ts: its CSP allows
 * only those, the script by a fresh nonce; no inline style, the script sets styles via the CSSOM).
 */
import * as vscode from 'vscode';
import { page } from '../../host/webviewHtml';

export const VIEW_TYPE = 'mwaa.dagView';

/** Folders the webview may load from. */
export function resourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist'), vscode.Uri.joinPath(extensionUri, 'media', 'dagView')];
}

export function dagViewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  return page({
    title,
    cspSource: webview.cspSource,
    styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'dagView', 'styles.css')).toString(),
    scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'dagViewWebview.js')).toString(),
    body: '',
  });
}
