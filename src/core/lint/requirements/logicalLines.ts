/**
 * pip's line preprocessing with positions kept: `\` continuations join physical lines, a comment
 * (`#` at the start or after whitespace) ends a line and is dropped.
 */
export interface LogicalLine {
  /** The joined text, comment removed. */
  readonly text: string;
  /** Document offset of each character of `text` (plus one past the end). */
  readonly offsets: readonly number[];
  /** 0-based physical line where it starts. */
  readonly firstLine: number;
  /** Document offset where the physical line starts. */
  readonly startOffset: number;
}

const COMMENT = /(^|\s)#/;

export function splitLogicalLines(text: string): LogicalLine[] {
  const out: LogicalLine[] = [];
  const physical = physicalLines(text);
  let pending: { text: string; offsets: number[]; firstLine: number; startOffset: number } | undefined;
  for (let i = 0; i < physical.length; i++) {
    const { start, content } = physical[i]!;
    let body = content;
    const comment = COMMENT.exec(body);
    const hasComment = comment !== null;
    if (comment) body = body.slice(0, comment.index + comment[1]!.length);
    const continues = !hasComment && body.endsWith('\\');
    if (continues) body = body.slice(0, -1);
    const current = pending ?? { text: '', offsets: [], firstLine: i, startOffset: start };
    current.text += body;
    for (let k = 0; k < body.length; k++) current.offsets.push(start + k);
    if (continues && i < physical.length - 1) {
      pending = current;
      continue;
    }
    current.offsets.push(start + body.length);
    out.push(current);
    pending = undefined;
  }
  return out;
}

function physicalLines(text: string): { start: number; content: string }[] {
  const lines: { start: number; content: string }[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    lines.push({ start, content: text.slice(start, m.index) });
    start = m.index + m[0].length;
  }
  lines.push({ start, content: text.slice(start) });
  return lines;
}

/** A whitespace-separated word of a logical line (quotes group and are removed, as shlex does). */
export interface Token {
  readonly value: string;
  /** Offsets in the logical line text. */
  readonly start: number;
  readonly end: number;
}

export function tokenize(line: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < line.length) {
    while (i < line.length && /\s/.test(line[i]!)) i++;
    if (i >= line.length) break;
    const start = i;
    let value = '';
    while (i < line.length && !/\s/.test(line[i]!)) {
      const c = line[i]!;
      if (c === '"' || c === "'") {
        const close = line.indexOf(c, i + 1);
        if (close < 0) {
          value += line.slice(i + 1);
          i = line.length;
          break;
        }
        value += line.slice(i + 1, close);
        i = close + 1;
      } else {
        value += c;
        i++;
      }
    }
    tokens.push({ value, start, end: i });
  }
  return tokens;
}
