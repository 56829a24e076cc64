/**
 * One pass over Python source for what `# noqa` needs: the comments that mention noqa (a `#` in a
 * string is not a comment) and the line spans whose findings take their noqa from another line,
 * the way ruff maps them: every line of a multi-line string (triple-quoted, or an f-string) to the
 * line where the string ends, and lines joined by a trailing backslash to the last one.
 */

/** A comment mentioning noqa: its text from the `#`, and whether only whitespace precedes it. */
export interface ScannedComment {
  readonly line: number;
  readonly text: string;
  readonly ownLine: boolean;
}

/** Lines `from`..`to` (0-based) take their noqa directive from line `to`. */
export interface LineSpan {
  readonly from: number;
  readonly to: number;
}

export interface SourceScan {
  readonly comments: readonly ScannedComment[];
  /** Sorted, disjoint. */
  readonly spans: readonly LineSpan[];
}

// f-strings nest (`f"{f'{x}'}"`); past this depth an f-string is read as a plain string, which
// keeps the recursion bounded whatever the input.
const MAX_FSTRING_DEPTH = 8;
const TOP_LEVEL = /[#'"\\\r\n]/g;
const PREFIX = /^[rRbBuUfFtT]{1,3}$/;
const IDENT = /[\p{L}\p{N}_]/u;
const NOQA = /noqa/i;

class PythonScanner {
  private i = 0;
  private line = 0;
  private lineStart = 0;
  readonly comments: ScannedComment[] = [];
  readonly spans: LineSpan[] = [];
  /** Lines ending in a backslash outside strings and comments. */
  readonly continued: number[] = [];

  constructor(private readonly text: string) {}

  run(): void {
    const { text } = this;
    while (this.i < text.length) {
      TOP_LEVEL.lastIndex = this.i;
      const m = TOP_LEVEL.exec(text);
      if (!m) break;
      this.i = m.index;
      const c = m[0];
      if (c === '#') this.comment(true);
      else if (c === '\\') this.backslash();
      else if (c === '\n' || c === '\r') this.newline();
      else this.i = this.string(this.i, isFString(text, this.i), 0);
    }
  }

  /** Consumes the line break at `i`. */
  private newline(): void {
    const { text } = this;
    this.i += text[this.i] === '\r' && text[this.i + 1] === '\n' ? 2 : 1;
    this.line++;
    this.lineStart = this.i;
  }

  private backslash(): void {
    const next = this.text[this.i + 1];
    if (next === '\n' || next === '\r') {
      this.continued.push(this.line);
      this.i++;
      this.newline();
    } else {
      this.i += 2;
    }
  }

  /** A comment to the end of the line; kept when it mentions noqa and `record` is set. */
  private comment(record: boolean): void {
    const { text } = this;
    let end = this.i;
    while (end < text.length && text[end] !== '\n' && text[end] !== '\r') end++;
    if (record) {
      const body = text.slice(this.i, end);
      if (NOQA.test(body)) this.comments.push({ line: this.line, text: body, ownLine: text.slice(this.lineStart, this.i).trim() === '' });
    }
    this.i = end;
  }

  /** Scans the string whose quote (after any prefix) is at `start`; returns the index after it. */
  private string(start: number, f: boolean, depth: number): number {
    const { text } = this;
    const q = text[start]!;
    const triple = text[start + 1] === q && text[start + 2] === q;
    const firstLine = this.line;
    this.i = start + (triple ? 3 : 1);
    while (this.i < text.length) {
      const c = text[this.i]!;
      if (c === '\\') {
        this.i++;
        if (text[this.i] === '\n' || text[this.i] === '\r') this.newline();
        else this.i++;
      } else if (c === '\n' || c === '\r') {
        if (!triple) break; // unterminated: the tokenizer ends the string at the line break too
        this.newline();
      } else if (c === q && (!triple || (text[this.i + 1] === q && text[this.i + 2] === q))) {
        this.i += triple ? 3 : 1;
        break;
      } else if (f && c === '{' && depth < MAX_FSTRING_DEPTH) {
        if (text[this.i + 1] === '{') this.i += 2;
        else this.field(depth + 1);
      } else {
        this.i++;
      }
    }
    if (this.line > firstLine && (triple || f)) this.spans.push({ from: firstLine, to: this.line });
    return this.i;
  }

  /** A replacement field of an f-string, from its `{` to after its `}`. */
  private field(depth: number): void {
    const { text } = this;
    let brackets = 0;
    this.i++;
    while (this.i < text.length) {
      const c = text[this.i]!;
      if (c === '"' || c === "'") this.i = this.string(this.i, isFString(text, this.i), depth);
      else if (c === '\n' || c === '\r') this.newline();
      else if (c === '#') this.comment(false);
      else if (c === '(' || c === '[' || c === '{') {
        brackets++;
        this.i++;
      } else if ((c === ')' || c === ']' || c === '}') && brackets > 0) {
        brackets--;
        this.i++;
      } else if (c === '}') {
        this.i++;
        return;
      } else if (c === ':' && brackets === 0) {
        this.formatSpec(depth);
        return;
      } else {
        this.i++;
      }
    }
  }

  /** A format spec (`{x:>{width}}`): literal text with nested fields, up to the field's `}`. */
  private formatSpec(depth: number): void {
    const { text } = this;
    this.i++;
    while (this.i < text.length) {
      const c = text[this.i]!;
      if (c === '}') {
        this.i++;
        return;
      }
      // A quote or line break here ends the enclosing string: leave it to the string's loop.
      if (c === '"' || c === "'" || c === '\n' || c === '\r') return;
      if (c === '{' && depth < MAX_FSTRING_DEPTH) this.field(depth + 1);
      else this.i++;
    }
  }
}

/** Whether the quote at `quote` opens an f-string (or t-string): its prefix holds an f or a t. */
function isFString(text: string, quote: number): boolean {
  let start = quote;
  while (start > 0 && quote - start < 3 && /[a-zA-Z]/.test(text[start - 1]!)) start--;
  const prefix = text.slice(start, quote);
  if (!prefix || !PREFIX.test(prefix) || (start > 0 && IDENT.test(text[start - 1]!))) return false;
  return /[fFtT]/.test(prefix);
}

/** Sorted spans, overlapping or touching ones merged (a string ending on the line where the next starts). */
export function mergeSpans(spans: LineSpan[]): LineSpan[] {
  spans.sort((a, b) => a.from - b.from);
  const out: LineSpan[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && s.from <= last.to) out[out.length - 1] = { from: last.from, to: Math.max(last.to, s.to) };
    else out.push(s);
  }
  return out;
}

/** Consecutive backslash-continued lines L..M become the span L..M+1. */
export function continuationSpans(continued: readonly number[]): LineSpan[] {
  const out: LineSpan[] = [];
  for (const line of continued) {
    const last = out[out.length - 1];
    if (last && last.to === line) out[out.length - 1] = { from: last.from, to: line + 1 };
    else out.push({ from: line, to: line + 1 });
  }
  return out;
}

export function scanPythonSource(text: string): SourceScan {
  const scanner = new PythonScanner(text);
  scanner.run();
  return { comments: scanner.comments, spans: mergeSpans([...scanner.spans, ...continuationSpans(scanner.continued)]) };
}
