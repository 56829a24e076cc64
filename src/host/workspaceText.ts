import * as fs from 'node:fs';
import * as vscode from 'vscode';

/**
 * A workspace file's text as the user sees it: an open editor's (unsaved edits included), else the
 * file on disk when it is at most `maxBytes`; undefined when it cannot be read or is larger.
 */
export function readWorkspaceText(absolutePath: string, maxBytes: number): string | undefined {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === absolutePath);
  if (open) return open.getText();
  try {
    return fs.statSync(absolutePath).size > maxBytes ? undefined : fs.readFileSync(absolutePath, 'utf8');
  } catch {
    return undefined;
  }
}
