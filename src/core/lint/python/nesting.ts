import type { Node } from 'web-tree-sitter';
import { MAX_NESTING_DEPTH } from './lintLimits';

/** A span of text offsets, [start, end). */
export interface Span {
  readonly start: number;
  readonly end: number;
}

/**
 * Past this estimate the tree is measured exactly (deepSpans). Well below MAX_NESTING_DEPTH: the
 * estimate counts tokens, and a construct can add a tree level per token or two.
 */
const SCAN_LIMIT = MAX_NESTING_DEPTH / 4;
/** Tree levels an indentation level adds at most (block, statement, clause). */
const LEVELS_PER_INDENT = 3;

const OPEN = new Set([40, 91, 123]); // ( [ {
const CLOSE = new Set([41, 93, 125]);
const isNameChar = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c >= 128;
const STRING_PREFIX = /^[rRbBuUfFtT]{1,2}$/;

/** Scanner state: bracket levels, tokens of the current segment, pending lambda parameters, indents. */
interface ScanState {
  /** Tokens of the enclosing segments, one entry per open bracket. */
  readonly outer: number[];
  readonly outerLambdas: number[];
  /** Sum over `outer` of (tokens + 1). */
  path: number;
  seg: number;
  lambdas: number;
  readonly indents: number[];
}

/**
 * A cheap upper estimate of how deep the tree of text[from, to) may nest, read from the text in
 * one pass (the tree itself is far slower to walk): indentation levels, open brackets and the
 * tokens since the last comma of each. A comma starts a sibling, so it resets the count, except
 * between `lambda` and its `:` (parameters). True when the estimate passes SCAN_LIMIT; only then
 * is the tree measured. Strings count as one token, except the `{...}` parts of f-strings.
 */
export function mayNestDeeply(text: string, from: number, to: number, base = 0): boolean {
  const s: ScanState = { outer: [], outerLambdas: [], path: 0, seg: 0, lambdas: 0, indents: [0] };
  const limit = SCAN_LIMIT - base;
  let lineStart = true;
  for (let i = from; i < to; ) {
    const c = text.charCodeAt(i);
    if (lineStart) {
      i = indentation(text, i, to, s);
      lineStart = false;
      continue;
    }
    if (c === 32 || c === 9 || c === 12 || c === 13) i++;
    else if (c === 10) {
      i++;
      if (s.outer.length === 0) {
        s.seg = 0;
        s.lambdas = 0;
        lineStart = true;
      }
    } else if (c === 35) i = lineEnd(text, i, to); // # comment
    else if (c === 92 && (text.charCodeAt(i + 1) === 10 || text.charCodeAt(i + 1) === 13)) i += 2; // \ newline
    else if (c === 34 || c === 39) i = skipString(text, i, to, '', s);
    else if (isNameChar(c)) {
      let j = i + 1;
      while (j < to && isNameChar(text.charCodeAt(j))) j++;
      const q = text.charCodeAt(j);
      if ((q === 34 || q === 39) && STRING_PREFIX.test(text.slice(i, j))) i = skipString(text, j, to, text.slice(i, j), s);
      else {
        if (j - i === 6 && text.startsWith('lambda', i)) s.lambdas++;
        s.seg++;
        i = j;
      }
    } else {
      punctuation(c, s);
      i++;
    }
    if (LEVELS_PER_INDENT * (s.indents.length - 1) + s.path + s.seg > limit) return true;
  }
  return false;
}

/** Brackets, commas, colons and operators: each is one token, brackets and commas also nest or reset. */
function punctuation(c: number, s: ScanState): void {
  if (OPEN.has(c)) {
    s.outer.push(s.seg);
    s.outerLambdas.push(s.lambdas);
    s.path += s.seg + 1;
    s.seg = 0;
    s.lambdas = 0;
  } else if (CLOSE.has(c) && s.outer.length > 0) {
    const before = s.outer.pop()!;
    s.lambdas = s.outerLambdas.pop()!;
    s.path -= before + 1;
    s.seg = before + 1;
  } else if ((c === 44 || c === 59) && s.lambdas === 0) s.seg = 0; // , ;
  else {
    if (c === 58 && s.lambdas > 0) s.lambdas--; // the `:` that ends a lambda's parameters
    s.seg++;
  }
}

/** Indentation of a logical line (a stack of widths, as Python's tokenizer keeps); returns where the line's text starts. */
function indentation(text: string, i: number, to: number, s: ScanState): number {
  let width = 0;
  let j = i;
  for (; j < to; j++) {
    const c = text.charCodeAt(j);
    if (c === 32) width++;
    else if (c === 9) width = width - (width % 8) + 8;
    else if (c !== 12) break;
  }
  const c = text.charCodeAt(j);
  if (j >= to || c === 10 || c === 13 || c === 35) return j; // blank or comment-only line: no indent change
  while (s.indents.length > 1 && s.indents[s.indents.length - 1]! > width) s.indents.pop();
  if (width > s.indents[s.indents.length - 1]!) s.indents.push(width);
  return j;
}

function lineEnd(text: string, i: number, to: number): number {
  const nl = text.indexOf('\n', i);
  return nl < 0 || nl > to ? to : nl;
}

/**
 * Skips the string starting with the quote at `i`; it counts as one token. In an f-string (or
 * t-string) every character inside `{...}` counts as a token: an interpolation holds code.
 */
function skipString(text: string, i: number, to: number, prefix: string, s: ScanState): number {
  const quote = text.charCodeAt(i);
  const triple = text.charCodeAt(i + 1) === quote && text.charCodeAt(i + 2) === quote;
  const formatted = /[fFtT]/.test(prefix);
  let j = i + (triple ? 3 : 1);
  let braces = 0;
  s.seg++;
  for (; j < to; j++) {
    const c = text.charCodeAt(j);
    if (c === 92) {
      j++;
      continue;
    }
    if (c === quote && (!triple || (text.charCodeAt(j + 1) === quote && text.charCodeAt(j + 2) === quote))) return j + (triple ? 3 : 1);
    if (!triple && c === 10) return j; // an unterminated string ends at the line's end
    if (!formatted) continue;
    if (c === 123) braces++;
    else if (c === 125 && braces > 0) braces--;
    else if (braces > 0 && c !== 32) s.seg++;
  }
  return j;
}

/**
 * The subtrees at depth MAX_NESTING_DEPTH below `root` (each one span: nothing inside is looked
 * at). Walked with a cursor, without recursion; a subtree with fewer descendants than the levels
 * left cannot reach the limit and is skipped whole, so a shallow file costs a few hundred steps.
 */
export function deepSpans(root: Node, maxDepth = MAX_NESTING_DEPTH): Span[] {
  const spans: Span[] = [];
  const cursor = root.walk();
  let depth = 0;
  try {
    for (;;) {
      if (depth >= maxDepth) spans.push({ start: cursor.startIndex, end: cursor.endIndex });
      else if (cursor.currentNode.descendantCount >= maxDepth - depth && cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      while (depth === 0 || !cursor.gotoNextSibling()) {
        if (depth === 0 || !cursor.gotoParent()) return spans;
        depth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

/** Two span lists as one, sorted by start, overlapping spans joined. */
export function mergeSpans(a: readonly Span[], b: readonly Span[]): Span[] {
  if (b.length === 0) return [...a];
  const all = [...a, ...b].sort((x, y) => x.start - y.start);
  const out: Span[] = [];
  for (const s of all) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) out[out.length - 1] = { start: last.start, end: Math.max(last.end, s.end) };
    else out.push(s);
  }
  return out;
}

/** Whether an offset lies inside one of `spans` (sorted by start, not overlapping). */
export function spanTester(spans: readonly Span[]): (offset: number) => boolean {
  if (spans.length === 0) return () => false;
  return (offset) => {
    let lo = 0;
    let hi = spans.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = spans[mid]!;
      if (offset < s.start) hi = mid - 1;
      else if (offset >= s.end) lo = mid + 1;
      else return true;
    }
    return false;
  };
}
