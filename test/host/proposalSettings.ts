import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** The first workspace folder: where the proposal tests write their .vscode/settings.json. */
export const proposalFolder = () => vscode.workspace.workspaceFolders![0]!;
export const proposalSettingsFile = () => path.join(proposalFolder().uri.fsPath, '.vscode', 'settings.json');

/** Writes `mwaa.proposedBinding` into the folder's settings, as a cloned repository would, and waits until the editor read it. */
export async function writeProposedBinding(proposal: object): Promise<void> {
  fs.mkdirSync(path.dirname(proposalSettingsFile()), { recursive: true });
  const changed = new Promise<void>((r) => {
    const d = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('mwaa.proposedBinding')) {
        d.dispose();
        r();
      }
    });
  });
  fs.writeFileSync(proposalSettingsFile(), JSON.stringify({ 'mwaa.proposedBinding': proposal }));
  await changed;
}
