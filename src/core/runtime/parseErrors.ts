/**
 * Airflow's text for an import error (a traceback, or `Name: message` when Airflow stores only the
 * exception) turned into what the parse gate shows: the line in the file, the kind, the exception
 * line. The text is Airflow's own (DagBag's `import_errors`), the same the scheduler stores, so
 * the classification works on what the UI would show after upload. Also: a worker reply checked
 * and bounded into a ParseResult.
 */
import * as path from 'node:path';
import { redact } from '../redact';
import type { ParsedDag, ParseError, ParseErrorKind, ParseResult } from './runtimeTypes';

export const MAX_ERROR_DETAIL = 16 * 1024;
export const MAX_ERROR_MESSAGE = 1024;
/** Lines of a traceback looked at (a detail is at most 16 KiB; this bounds a pathological one). */
const MAX_LINES = 2000;
const MAX_DAGS = 1000;
const MAX_ERRORS = 50;

/** One error as the worker sends it: Airflow's text, and what the worker knew beyond it. */
export interface RawParseError {
  readonly file: string;
  readonly detail: string;
  /** The innermost line in `file` the worker saw (its traceback may be cut by Airflow's depth). */
  readonly line?: number;
  /** Set by the worker for the errors it makes itself (processor timeout, crash). */
  readonly kind?: ParseErrorKind;
  readonly message?: string;
}

const FRAME = /^\s*File "(.*)", line (\d+)/;

/** Exception class names (last dotted segment) and the kind each one is. */
const KIND_BY_EXCEPTION: ReadonlyMap<string, ParseErrorKind> = new Map<string, ParseErrorKind>([
  ['SyntaxError', 'syntax'],
  ['IndentationError', 'syntax'],
  ['TabError', 'syntax'],
  ['ModuleNotFoundError', 'import'],
  ['ImportError', 'import'],
  ['AirflowTaskTimeout', 'timeout'],
  ['AirflowDagCycleException', 'cycle'],
  ['DuplicateTaskIdFound', 'duplicate-task'],
]);

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 14)}\n[truncated]`;
}

function samePath(a: string, b: string): boolean {
  const norm = (p: string) => path.normalize(p).replace(/\\/g, '/');
  return norm(a) === norm(b);
}

/**
 * The exception part of the text: the lines after the last frame (and its code and caret lines),
 * or the whole text when it is not a traceback.
 */
export function exceptionLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').slice(-MAX_LINES);
  let last = -1;
  for (let i = 0; i < lines.length; i++) if (FRAME.test(lines[i]!)) last = i;
  let start = last + 1;
  if (last >= 0) while (start < lines.length && /^\s/.test(lines[start]!)) start++;
  return lines.slice(start).map((l) => l.trimEnd()).filter((l) => l !== '' && !/^Traceback \(most recent call last\):$/.test(l));
}

/** `airflow.sdk.exceptions.DuplicateTaskIdFound: x` -> `DuplicateTaskIdFound` (undefined: no exception line). */
export function exceptionName(line: string): string | undefined {
  const m = /^([A-Za-z_][\w.]*)(?::|$)/.exec(line);
  return m ? m[1]!.split('.').pop() : undefined;
}

export function kindOf(exception: string | undefined, message: string): ParseErrorKind {
  const known = exception ? KIND_BY_EXCEPTION.get(exception) : undefined;
  if (known) return known;
  if (/^DagBag import timeout for /.test(message)) return 'timeout';
  return 'other';
}

/** Line of the innermost frame of `file` in a traceback (a syntax error's own frame included). */
export function lineInFile(text: string, file: string): number | undefined {
  let line: number | undefined;
  let seen = 0;
  for (const l of text.split('\n')) {
    if (++seen > MAX_LINES * 4) break;
    const m = FRAME.exec(l);
    if (m && samePath(m[1]!, file)) line = Number(m[2]);
  }
  return line !== undefined && line > 0 ? line : undefined;
}

/** A worker's raw error as the parse gate reports it (text redacted and bounded). */
export function toParseError(raw: RawParseError): ParseError {
  const detail = clip(redact(raw.detail), MAX_ERROR_DETAIL);
  const exLines = exceptionLines(detail);
  const first = exLines[0] ?? '';
  const exception = exceptionName(first);
  const bare = exception && first.includes(':') ? first.slice(first.indexOf(':') + 1).trim() : first;
  const kind = raw.kind ?? kindOf(exception, bare);
  // `module.path.Name: text` reads better without the module path; the detail keeps it.
  const shown = exception && first.includes(':') ? `${exception}: ${bare}` : first;
  const message = clip(redact(raw.message ?? (shown || detail.trim().split('\n')[0] || 'import error')), MAX_ERROR_MESSAGE);
  const hinted = Number.isInteger(raw.line) && raw.line! > 0 ? raw.line : undefined;
  return { file: raw.file, line: hinted ?? lineInFile(detail, raw.file), kind, message, detail };
}

export function asNumber(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : fallback;
}

/** A worker reply as a ParseResult: shapes checked, counts and texts bounded. */
export function toParseResult(file: string, reply: Record<string, unknown>, defaultTimeout: number): ParseResult {
  const dags: ParsedDag[] = [];
  for (const d of (Array.isArray(reply.dags) ? reply.dags : []).slice(0, MAX_DAGS) as Array<Record<string, unknown>>) {
    if (typeof d?.dagId !== 'string') continue;
    const line = Number.isInteger(d.line) && (d.line as number) > 0 ? (d.line as number) : undefined;
    dags.push({ dagId: d.dagId.slice(0, 250), file: typeof d.file === 'string' ? d.file : file, line, taskCount: asNumber(d.taskCount, 0) });
  }
  const errors = (Array.isArray(reply.errors) ? reply.errors : []).slice(0, MAX_ERRORS)
    .filter((e: Record<string, unknown>) => typeof e?.detail === 'string' && typeof e.file === 'string')
    .map((e: Record<string, unknown>) => toParseError({
      file: e.file as string, detail: e.detail as string,
      ...(typeof e.line === 'number' ? { line: e.line } : {}),
      ...(typeof e.kind === 'string' && ['syntax', 'import', 'cycle', 'duplicate-task', 'timeout', 'other'].includes(e.kind) ? { kind: e.kind as RawParseError['kind'] } : {}),
      ...(typeof e.message === 'string' ? { message: e.message } : {}),
    }));
  return { file, dags, errors, parseMs: asNumber(reply.parseMs, 0), timeoutSeconds: asNumber(reply.timeoutSeconds, defaultTimeout) };
}

export function syntheticResult(file: string, kind: 'timeout' | 'other', message: string, ms: number, timeoutSeconds: number): ParseResult {
  return { file, dags: [], errors: [toParseError({ file, detail: message, kind, message })], parseMs: ms, timeoutSeconds };
}
