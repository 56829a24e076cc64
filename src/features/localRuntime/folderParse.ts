/**
 * MWAA: Parse DAGs Locally: every file of a folder Airflow would consider, parsed by the warm
 * local runtime with progress and cancel; the findings go to Problems and a summary document
 * lists each DAG with its file and parse time, and each import error.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { UserFacingError } from '../../core/errors';
import type { ParseResult, Runtime } from '../../core/runtime/runtimeTypes';
import { toAbortSignal } from '../../host/abortSignal';
import type { RuntimeTarget } from '../../services/localRuntime/runtimeApi';
import type { Services } from '../../services/services';
import { listDagFiles } from '../../core/runtime/parseFolder';
import type { LocalProblems } from './localProblems';
import { PARSE_FOLDER_PROMPT, type FolderParseSummary } from './localRuntimeTypes';
import { summaryMarkdown } from './parseSummary';

export interface FolderParseParts {
  readonly services: Services;
  readonly problems: LocalProblems;
  /** Parses one file (the gate's parser: Problems and the status bar follow). */
  readonly parse: (target: RuntimeTarget, runtime: Runtime, uri: vscode.Uri, signal: AbortSignal) => Promise<ParseResult | undefined>;
}

/** Parses every DAG file of a folder; undefined when the runtime was not built (declined). */
export async function parseFolder(parts: FolderParseParts, arg: unknown, options: { show?: boolean } = {}): Promise<FolderParseSummary | undefined> {
  const { services } = parts;
  services.trust.require();
  const folder = await chooseFolder(services, arg);
  const target = await services.runtime.targetFor(folder, { interactive: true });
  if (!target) throw new vscode.CancellationError();
  const runtime = await services.runtime.ensure(target, { mode: 'ask' });
  if (!runtime) return undefined;
  const found = await listDagFiles(folder.fsPath, { airflowMajor: Number(runtime.airflowVersion.split('.')[0]) });
  const t0 = performance.now();
  const results: ParseResult[] = [];
  parts.problems.clearUnder(folder.fsPath);
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Parsing DAGs with Airflow {0}', runtime.airflowVersion), cancellable: true }, async (progress, token) => {
    const cancel = toAbortSignal(token);
    try {
      for (const [i, file] of found.files.entries()) {
        if (cancel.signal.aborted) break;
        progress.report({ message: `${i + 1}/${found.files.length} ${path.basename(file)}`, increment: 100 / Math.max(1, found.files.length) });
        const result = await parts.parse(target, runtime, vscode.Uri.file(file), cancel.signal).catch((err: unknown) => {
          if (cancel.signal.aborted) return undefined;
          throw err;
        });
        if (result) results.push(result);
      }
    } finally {
      cancel.dispose();
    }
  });
  const summary = summaryMarkdown({
    folder: folder.fsPath, airflowVersion: runtime.airflowVersion, pythonVersion: runtime.pythonVersion, results,
    notParsed: found.files.length - results.length, truncated: found.truncated, wallMs: performance.now() - t0,
  });
  if (options.show !== false) {
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: summary });
    await vscode.window.showTextDocument(doc, { preview: true });
  }
  return {
    folder: folder.fsPath, airflowVersion: runtime.airflowVersion, files: found.files.length,
    dags: results.flatMap((r) => r.dags.map((d) => ({ dagId: d.dagId, file: d.file, parseMs: r.parseMs }))),
    errors: results.flatMap((r) => r.errors.map((e) => ({ file: e.file, line: e.line, kind: e.kind, message: e.message }))),
    notParsed: found.files.length - results.length, summary,
  };
}

/** The folder given (a Uri, or its path), else the active file's bound folder, else one picked. */
export async function chooseFolder(services: Services, arg: unknown): Promise<vscode.Uri> {
  const given = arg instanceof vscode.Uri ? arg : typeof arg === 'string' ? vscode.Uri.file(arg) : undefined;
  if (given) {
    const st = await Promise.resolve(vscode.workspace.fs.stat(given)).catch(() => undefined);
    if (given.scheme !== 'file' || !st) throw new UserFacingError(vscode.l10n.t('{0} is not a local folder.', given.fsPath));
    return (st.type & vscode.FileType.Directory) !== 0 ? given : vscode.Uri.file(path.dirname(given.fsPath));
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  const bound = active ? services.bindings.bindingOf(active) : undefined;
  if (bound?.folder.scheme === 'file') return bound.folder;
  const candidates = [
    ...Object.keys(services.bindings.all()).map((u) => vscode.Uri.parse(u)).filter((u) => u.scheme === 'file' && vscode.workspace.getWorkspaceFolder(u)),
    ...(vscode.workspace.workspaceFolders ?? []).map((f) => vscode.Uri.joinPath(f.uri, 'dags')),
  ];
  const existing: vscode.Uri[] = [];
  for (const c of candidates) {
    const st = await Promise.resolve(vscode.workspace.fs.stat(c)).catch(() => undefined);
    if (st && (st.type & vscode.FileType.Directory) !== 0 && !existing.some((e) => e.fsPath === c.fsPath)) existing.push(c);
  }
  if (existing.length === 1) return existing[0]!;
  const items = [...existing.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })), { label: vscode.l10n.t('Choose a folder…'), uri: undefined }];
  const picked = await services.prompts.pick(PARSE_FOLDER_PROMPT, items, { title: vscode.l10n.t('Parse the DAGs of which folder?') });
  if (!picked) throw new vscode.CancellationError();
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: vscode.l10n.t('Parse DAGs') });
  if (!chosen?.[0]) throw new vscode.CancellationError();
  return chosen[0];
}
