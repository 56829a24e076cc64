/**
 * Where an Airflow import error points in the user's files. The stack trace names files as the
 * environment sees them (/usr/local/airflow/dags/...); the innermost frame inside the DAGs folder
 * is the line to flag. A SyntaxError names the line in its own `File "...", line N` header.
 */
export interface TraceLocation {
  /** Path relative to the DAGs folder, with forward slashes. */
  readonly relativePath: string;
  /** 1-based. */
  readonly line: number;
  /**
   * For a SyntaxError: the code line as Python printed it (indentation stripped) and the caret's
   * 0-based offset in it. Only the local file knows the indentation, so the caller finds the
   * snippet in its line to get the column.
   */
  readonly snippet?: { readonly text: string; readonly caret: number };
  /** The last line of the trace: `NameError: name 'x' is not defined`. */
  readonly summary: string;
}

const FRAME = /File "([^"]+)", line (\d+)/g;

/** 0-based column of a SyntaxError's caret in the local line, when the snippet is found there. */
export function snippetColumn(localLine: string, snippet: { text: string; caret: number }): number | undefined {
  const at = localLine.indexOf(snippet.text);
  return at < 0 ? undefined : at + snippet.caret;
}

/** The DAGs folder as MWAA mounts it; Airflow 3 bundles keep the same root on MWAA. */
export const MWAA_DAGS_ROOT = '/usr/local/airflow/dags';

export function relativeToDags(file: string, dagsRoot = MWAA_DAGS_ROOT): string | undefined {
  const root = dagsRoot.replace(/\/+$/, '') + '/';
  if (file.startsWith(root)) return file.slice(root.length);
  return undefined;
}

export function locateImportError(stackTrace: string, filename: string, dagsRoot = MWAA_DAGS_ROOT): TraceLocation | undefined {
  // Airflow 3 reports the file relative to its DAG bundle while the trace keeps absolute paths.
  if (!filename.startsWith('/')) {
    const rel = filename.replace(/^\.\//, '');
    const own = [...stackTrace.matchAll(FRAME)].map((m) => m[1]!).filter((f) => f.endsWith(`/${rel}`)).at(-1);
    if (own) dagsRoot = own.slice(0, own.length - rel.length - 1);
    filename = `${dagsRoot.replace(/\/+$/, '')}/${rel}`;
  }
  const lines = stackTrace.replace(/\r\n/g, '\n').trimEnd().split('\n');
  const summary = lines.filter((l) => l.trim()).at(-1)?.trim() ?? '';
  let found: { file: string; line: number } | undefined;
  for (const m of stackTrace.matchAll(FRAME)) {
    if (relativeToDags(m[1]!, dagsRoot) !== undefined) found = { file: m[1]!, line: Number(m[2]) };
  }
  let snippet: TraceLocation['snippet'];
  const caret = lines.findIndex((l) => /^\s*\^+\s*$/.test(l));
  if (caret > 0) {
    const code = lines[caret - 1]!;
    const indent = code.length - code.trimStart().length;
    snippet = { text: code.trim(), caret: Math.max(0, lines[caret]!.indexOf('^') - indent) };
  }
  const file = found?.file ?? filename;
  const relativePath = relativeToDags(file, dagsRoot) ?? relativeToDags(filename, dagsRoot);
  if (!relativePath) return undefined;
  return { relativePath, line: found?.line ?? 1, ...(snippet ? { snippet } : {}), summary };
}
