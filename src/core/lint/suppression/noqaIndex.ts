/**
 * Which findings of one file `# noqa` comments suppress, as plain data (it crosses to the CLI's
 * worker threads and back). Built only for a text that mentions noqa at all, so the common file
 * costs one case-insensitive search; then a finding is one map lookup (after a binary search of
 * the multi-line spans).
 */
import type { Finding } from '../types';
import { directiveCovers, parseFileDirective, parseLineDirective, type NoqaDirective } from './noqaDirective';
import { continuationSpans, mergeSpans, scanPythonSource, type LineSpan, type SourceScan } from './pythonNoqaScan';

export interface NoqaIndex {
  /** `# ruff: noqa` / `# flake8: noqa` (Python files only): every directive of the file merged. */
  readonly file?: NoqaDirective;
  /** Line directives by 0-based line. */
  readonly lines: ReadonlyMap<number, NoqaDirective>;
  /** Lines whose findings take the directive of another line (see pythonNoqaScan). */
  readonly spans: readonly LineSpan[];
  /** Directives that could not be read (they suppress nothing), for a warning. */
  readonly invalid: readonly { readonly line: number; readonly reason: string; readonly file: boolean }[];
}

export type NoqaLanguage = 'python' | 'requirements';

// Far more than anyone writes; a generated file full of them must not grow the warnings without bound.
const MAX_INVALID = 100;
const MENTIONS_NOQA = /noqa/i;

/** The file's noqa directives; undefined when it has none (nothing is suppressed). */
export function buildNoqaIndex(text: string, language: NoqaLanguage): NoqaIndex | undefined {
  if (!MENTIONS_NOQA.test(text)) return undefined;
  const scan = language === 'python' ? scanPythonSource(text) : scanRequirements(text);
  const lines = new Map<number, NoqaDirective>();
  const invalid: { line: number; reason: string; file: boolean }[] = [];
  let file: NoqaDirective | undefined;
  const noteInvalid = (line: number, reason: string, isFile: boolean) => {
    if (invalid.length < MAX_INVALID) invalid.push({ line, reason, file: isFile });
  };
  for (const c of scan.comments) {
    const fileDirective = language === 'python' ? parseFileDirective(c.text) : undefined;
    if (fileDirective) {
      // ruff reads a file directive only on a line of its own; after code it suppresses nothing.
      if (!c.ownLine) noteInvalid(c.line, 'a file-level "# ruff: noqa" must be on a line of its own', true);
      else if (fileDirective.kind === 'invalid') noteInvalid(c.line, fileDirective.reason, true);
      else file = mergeDirectives(file, fileDirective);
      continue;
    }
    const directive = parseLineDirective(c.text);
    if (directive?.kind === 'invalid') noteInvalid(c.line, directive.reason, false);
    else if (directive) lines.set(c.line, directive);
  }
  if (!file && lines.size === 0 && invalid.length === 0) return undefined;
  return { ...(file ? { file } : {}), lines, spans: scan.spans, invalid };
}

function mergeDirectives(a: NoqaDirective | undefined, b: NoqaDirective): NoqaDirective {
  if (!a) return b;
  if (a.kind === 'all' || b.kind === 'all') return { kind: 'all' };
  return { kind: 'codes', codes: [...new Set([...a.codes, ...b.codes])] };
}

/** The line whose directive applies to a finding starting on `line`. */
export function noqaLineFor(index: Pick<NoqaIndex, 'spans'>, line: number): number {
  const { spans } = index;
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = spans[mid]!;
    if (line < s.from) hi = mid - 1;
    else if (line > s.to) lo = mid + 1;
    else return s.to;
  }
  return line;
}

export function isSuppressed(index: NoqaIndex | undefined, code: string, line: number): boolean {
  if (!index) return false;
  if (index.file && directiveCovers(index.file, code)) return true;
  const directive = index.lines.get(noqaLineFor(index, line));
  return directive !== undefined && directiveCovers(directive, code);
}

/** The findings no directive suppresses (findings located in another file, from `-r`, are kept). */
export function withoutSuppressed<F extends Pick<Finding, 'code' | 'range' | 'file'>>(findings: readonly F[], index: NoqaIndex | undefined): readonly F[] {
  if (!index) return findings;
  return findings.filter((f) => f.file !== undefined || !isSuppressed(index, f.code, f.range.start.line));
}

/**
 * requirements.txt as pip reads it: a comment is `#` at the start of a line or after whitespace,
 * and ends the line; a line ending in `\` without a comment continues on the next, so the
 * directive of a continued requirement is on its last line (where a comment can be).
 */
function scanRequirements(text: string): SourceScan {
  const comments: { line: number; text: string; ownLine: boolean }[] = [];
  const continued: number[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    const hash = /(^|\s)#/.exec(line);
    if (hash) {
      const start = hash.index + hash[1]!.length;
      if (MENTIONS_NOQA.test(line.slice(start))) comments.push({ line: n, text: line.slice(start), ownLine: start === 0 || line.slice(0, start).trim() === '' });
    } else if (line.endsWith('\\')) {
      continued.push(n);
    }
  }
  return { comments, spans: mergeSpans(continuationSpans(continued)) };
}
