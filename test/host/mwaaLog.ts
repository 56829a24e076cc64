import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { mwaaLogLines as linesUnder } from '../harness/mwaaLogFile';

/** The MWAA log of this extension host: code-server keeps its logs in the host tier's scratch folder, next to the workspace. */
export function mwaaLogLines(): string[] {
  const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  const logs = path.join(root, '..', 'host', 'user-data', 'logs');
  const lines = linesUnder(logs);
  assert.ok(lines, `no MWAA.log under ${logs}`);
  return lines;
}
