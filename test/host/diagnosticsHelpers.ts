import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

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
  await waitFor(() => vscode.workspace.getConfiguration('mwaa').get<string>(SETTING, '') === (version ?? ''), `setting ${SETTING}=${version}`);
}

export async function waitFor<T>(probe: () => T | undefined | false, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
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
    return await waitFor(() => {
      last = mwaaDiagnostics(uri);
      return ok(last) ? last : undefined;
    }, what);
  } catch (err) {
    throw new Error(`${(err as Error).message}; last diagnostics: ${JSON.stringify(last.map(show))}`);
  }
}

export function show(d: vscode.Diagnostic): string {
  const r = d.range;
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character} ${vscode.DiagnosticSeverity[d.severity]} ${codeOf(d)} ${d.message}`;
}
