import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activateExtension } from './extension';
import { waitFor } from './waitFor';

// What the diagnostics suites share: the fixture folder, the project setting, and waiting for
// the extension's diagnostics (which arrive after a debounce).
export const SETTING = 'diagnostics.airflowVersion';

export function folder(): string {
  return vscode.workspace.workspaceFolders![0]!.uri.fsPath;
}

export function diagUri(name: string): vscode.Uri {
  return vscode.Uri.file(path.join(folder(), 'diag', name));
}

/**
 * Sets mwaa.diagnostics.airflowVersion the way a project does, in the folder's
 * .vscode/settings.json, and waits until the configuration API reports it.
 */
export async function setAirflowVersion(version: string | undefined): Promise<void> {
  const file = path.join(folder(), '.vscode', 'settings.json');
  const current = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  if (version === undefined) delete current[`mwaa.${SETTING}`];
  else current[`mwaa.${SETTING}`] = version;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(current, null, 2));
  await waitFor(`setting ${SETTING}=${version}`, async () => vscode.workspace.getConfiguration('mwaa').get<string>(SETTING, '') === (version ?? ''), 20_000, 50);
}

/**
 * For a describe(): before its tests the extension is active and the project targets `version`;
 * after them no editor is open and the setting is gone again.
 */
export function withAirflowVersion(version: string): void {
  before(async () => {
    await activateExtension();
    await setAirflowVersion(version);
  });
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setAirflowVersion(undefined);
  });
}

export function mwaaDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'MWAA');
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

/** Waits until the document's MWAA diagnostics satisfy `ok`; returns them. */
export async function diagnosticsWhere(uri: vscode.Uri, ok: (ds: vscode.Diagnostic[]) => boolean, what: string): Promise<vscode.Diagnostic[]> {
  let last: vscode.Diagnostic[] = [];
  try {
    return await waitFor(what, async () => {
      last = mwaaDiagnostics(uri);
      return ok(last) ? last : undefined;
    }, 20_000, 50);
  } catch (err) {
    throw new Error(`${(err as Error).message}; last diagnostics: ${JSON.stringify(last.map(show))}`);
  }
}

export function show(d: vscode.Diagnostic): string {
  const r = d.range;
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${vscode.DiagnosticSeverity[d.severity]} ${codeOf(d)} ${d.message}`;
}
