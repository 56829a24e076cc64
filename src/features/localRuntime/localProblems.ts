/**
 * The `MWAA local` diagnostics: what each local parse found, on the files it found it in. A
 * parse replaces what the previous parse of the same file said, so a file that parses clean
 * clears its own findings (and those it had put on a helper module).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ParseResult } from '../../core/runtime/runtimeTypes';
import { findingsOf, mergeFindings, type LocalFinding } from './parseFindings';

export const LOCAL_SOURCE = 'MWAA local';
const MAX_PARSED_FILES = 5000;

export class LocalProblems implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('mwaa-local');
  /** Findings by the file whose parse produced them. */
  private readonly byParsed = new Map<string, readonly LocalFinding[]>();

  /**
   * Replaces the findings of `result.file`'s previous parse with this one's; errors raised in
   * other files under `ownFolders` (helper modules, plugins) go on those files too.
   */
  publish(result: ParseResult, ownFolders: readonly string[] = []): void {
    const before = this.byParsed.get(result.file) ?? [];
    const now = findingsOf(result, ownFolders);
    this.byParsed.delete(result.file);
    if (now.length) this.byParsed.set(result.file, now);
    while (this.byParsed.size > MAX_PARSED_FILES) this.byParsed.delete(this.byParsed.keys().next().value!);
    this.render(new Set([result.file, ...before.map((f) => f.file), ...now.map((f) => f.file)]));
  }

  /** Forgets what parses of files under `folder` found (a folder parse starts afresh). */
  clearUnder(folder: string): void {
    const touched = new Set<string>();
    const prefix = folder.endsWith(path.sep) ? folder : folder + path.sep;
    for (const [file, list] of this.byParsed) {
      if (!file.startsWith(prefix)) continue;
      this.byParsed.delete(file);
      list.forEach((f) => touched.add(f.file));
    }
    this.render(touched);
  }

  private render(files: ReadonlySet<string>): void {
    const merged = mergeFindings(this.byParsed);
    for (const file of files) {
      const list = merged.get(file) ?? [];
      this.collection.set(vscode.Uri.file(file), list.map(toDiagnostic));
    }
  }

  dispose(): void {
    this.collection.dispose();
  }
}

function toDiagnostic(f: LocalFinding): vscode.Diagnostic {
  const d = new vscode.Diagnostic(new vscode.Range(f.line, 0, f.line, 10_000), f.message, f.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
  d.source = LOCAL_SOURCE;
  d.code = f.code;
  return d;
}
