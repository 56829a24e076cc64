/**
 * Import errors as the editor shows them: each mapped to a file under the bound folder and a
 * line (from the stack trace), or, when the file is not there locally, kept as "remote only".
 */
import type { ImportError } from './models';
import { locateImportError, MWAA_DAGS_ROOT, snippetColumn } from './traceLocation';

export interface LocalImportError {
  /** Relative to the bound folder (= the DAGs folder), forward slashes. */
  readonly relativePath: string;
  /** 0-based, for the editor. */
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly error: ImportError;
}

export interface MappedImportErrors {
  readonly local: LocalImportError[];
  /** Errors whose file is not in the workspace (or whose trace names no file in the DAGs folder). */
  readonly remote: ImportError[];
}

/**
 * `readLine(rel, line)` returns the text of that 1-based line of the local file, or undefined
 * when the file is absent. The column comes from a SyntaxError's caret when the snippet is found.
 */
export function mapImportErrors(errors: readonly ImportError[], readLine: (relativePath: string, line: number) => string | undefined): MappedImportErrors {
  const local: LocalImportError[] = [];
  const remote: ImportError[] = [];
  for (const e of errors) {
    const where = locateImportError(e.stackTrace, e.filename, dagsRootOf(e.filename, readLine));
    const text = where ? readLine(where.relativePath, where.line) : undefined;
    if (!where || text === undefined) {
      remote.push(e);
      continue;
    }
    const caret = where.snippet ? snippetColumn(text, where.snippet) : undefined;
    const column = caret ?? text.length - text.trimStart().length;
    local.push({ relativePath: where.relativePath, line: where.line - 1, column, message: where.summary || 'Airflow could not import this file', error: e });
  }
  return { local, remote };
}

/**
 * The DAGs folder the environment reports paths in: MWAA's, unless the (absolute) file is not
 * under it, as with a self-hosted or sandbox Airflow; then the longest tail of the path that
 * exists under the bound folder says where the root is.
 */
export function dagsRootOf(filename: string, readLine: (relativePath: string, line: number) => string | undefined): string {
  if (!filename.startsWith('/') || filename.startsWith(`${MWAA_DAGS_ROOT}/`)) return MWAA_DAGS_ROOT;
  const parts = filename.split('/');
  for (let i = 1; i < parts.length; i++) {
    if (readLine(parts.slice(i).join('/'), 1) !== undefined) return parts.slice(0, i).join('/') || '/';
  }
  return MWAA_DAGS_ROOT;
}
