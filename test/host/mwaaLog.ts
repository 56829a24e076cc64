import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/**
 * The MWAA output channel's file: code-server keeps its logs in the host tier's scratch folder,
 * next to the workspace (test-output/host/user-data/logs/<session>/exthost*\/<extension>/MWAA.log).
 */
export function mwaaLogLines(): string[] {
  const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
  const logs = path.join(root, '..', 'host', 'user-data', 'logs');
  assert.ok(fs.existsSync(logs), `no code-server logs at ${logs}`);
  const files = (fs.readdirSync(logs, { recursive: true }) as string[])
    .filter((f) => f.endsWith(`${path.sep}MWAA.log`))
    .map((f) => path.join(logs, f))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  assert.ok(files.length > 0, `no MWAA.log under ${logs}`);
  return fs.readFileSync(files[0]!, 'utf8').split('\n');
}
