/**
 * What a local parse puts in Problems: each import error on the file and line Airflow credits it
 * to (an error raised in a helper module goes on that module), and a warning when the file took
 * more than half of `core.dagbag_import_timeout` (MWAA stops a file that takes longer). Plain logic.
 */
import * as path from 'node:path';
import type { ParseError, ParseErrorKind, ParseResult } from '../../core/runtime/runtimeTypes';

export interface LocalFinding {
  /** Absolute path of the file the finding goes on. */
  readonly file: string;
  /** 0-based line. */
  readonly line: number;
  readonly severity: 'error' | 'warning';
  readonly code: string;
  readonly message: string;
}

const KIND_LABEL: Record<ParseErrorKind, string> = {
  syntax: 'Syntax error',
  import: 'Import error',
  cycle: 'Cycle in the DAG',
  'duplicate-task': 'Duplicate task id',
  timeout: 'Parse timeout',
  other: 'Error while parsing',
};

const FRAME = /^\s*File "(.*)", line (\d+)/;

/**
 * The findings of one file's parse, by the file they go on: each error where Airflow credits it
 * (the DAG file, at its line that led there) and, when the error was raised in another file of
 * the project (`ownFolders`: a helper module, a plugin), on that file's line too.
 */
export function findingsOf(result: ParseResult, ownFolders: readonly string[] = []): LocalFinding[] {
  const out: LocalFinding[] = [];
  for (const e of result.errors.slice(0, 200)) {
    const file = e.file || result.file;
    const label = KIND_LABEL[e.kind] ?? 'Error';
    out.push({ file, line: Math.max(0, (e.line ?? 1) - 1), severity: 'error', code: `local-${e.kind}`, message: `${label} (Airflow's DagBag, parsed locally): ${e.message}`.slice(0, 2000) });
    const raised = raisedIn(e, ownFolders);
    if (raised && path.resolve(raised.file) !== path.resolve(file)) {
      out.push({ file: raised.file, line: raised.line - 1, severity: 'error', code: `local-${e.kind}`, message: `${label} while Airflow imported ${path.basename(file)}: ${e.message}`.slice(0, 2000) });
    }
  }
  const slow = slowParseMessage(result);
  if (slow) out.push({ file: result.file, line: 0, severity: 'warning', code: 'local-slow-parse', message: slow });
  return out;
}

/** The innermost frame of the error's traceback in a file of the project (a library's frames are skipped). */
export function raisedIn(e: ParseError, ownFolders: readonly string[]): { file: string; line: number } | undefined {
  const own = (file: string) => ownFolders.some((f) => {
    const rel = path.relative(f, file);
    return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
  });
  let last: { file: string; line: number } | undefined;
  for (const l of e.detail.split('\n').slice(0, 4000)) {
    const m = FRAME.exec(l);
    if (m && Number(m[2]) > 0 && path.isAbsolute(m[1]!) && own(m[1]!)) last = { file: m[1]!, line: Number(m[2]) };
  }
  return last;
}

/** Set when the parse took more than half the import timeout (and did not already time out). */
export function slowParseMessage(result: ParseResult): string | undefined {
  const limitMs = result.timeoutSeconds * 1000;
  if (!(limitMs > 0) || result.parseMs <= limitMs / 2 || result.errors.some((e) => e.kind === 'timeout')) return undefined;
  return `Parsing this file took ${seconds(result.parseMs)}, more than half of core.dagbag_import_timeout (${result.timeoutSeconds} s): `
    + 'MWAA stops a file that takes longer than the timeout. Move slow work out of the top level (into tasks).';
}

/** `0.3 s`, `12 s`. */
export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms / 1000)} s`;
}

/** What the status bar says after a file's parse. */
export function statusText(result: ParseResult): string {
  const errors = result.errors.length;
  if (errors) return `$(error) ${errors} import error${errors === 1 ? '' : 's'} (parsed in ${seconds(result.parseMs)})`;
  return `${slowParseMessage(result) ? '$(warning)' : '$(pass)'} parsed in ${seconds(result.parseMs)}`;
}

/**
 * Findings by file for a set of parses: each parsed file's own findings plus those it put on
 * other files (a helper module), so a file's Problems are the union of what every parse said.
 */
export function mergeFindings(byParsedFile: ReadonlyMap<string, readonly LocalFinding[]>): Map<string, LocalFinding[]> {
  const out = new Map<string, LocalFinding[]>();
  for (const list of byParsedFile.values()) {
    for (const f of list) {
      const same = out.get(f.file) ?? [];
      if (!same.some((s) => s.line === f.line && s.message === f.message)) same.push(f);
      out.set(f.file, same);
    }
  }
  return out;
}
