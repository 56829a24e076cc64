import type { Node } from 'web-tree-sitter';
import { MAX_NESTING_DEPTH } from './lintLimits';
import type { TextSpan } from './pythonParser';

/** Node types the incremental linter re-lints on their own. */
export const STATEMENTS: ReadonlySet<string> = new Set([
  'expression_statement', 'return_statement', 'assert_statement', 'delete_statement', 'raise_statement', 'pass_statement',
  'global_statement', 'nonlocal_statement', 'if_statement', 'for_statement', 'while_statement', 'try_statement',
  'with_statement', 'function_definition', 'class_definition', 'decorated_definition', 'match_statement', 'print_statement',
  'exec_statement', 'type_alias_statement',
]);

/**
 * A statement that can be parsed apart from the rest of its file: it sits on lines of its own in
 * a block (not at module level), so the lines of its enclosing statements' headers, then its own
 * lines, parse to the same subtree as the whole file does (checked on each such parse, see
 * statementSplice.ts).
 */
export interface StatementUnit {
  /** The statement, in the tree it was found in (the text before the edit). */
  readonly node: Node;
  /** Start of its first line, and end of its last one (before the line break). */
  readonly rangeStart: number;
  readonly rangeEnd: number;
  /** The header lines of the statements around it, in order, all before rangeStart. */
  readonly pieces: readonly TextSpan[];
  /** Types and starts of its ancestors: the partial parse must give the same ones. */
  readonly signature: string;
  /** Ancestors up to the module (the nesting the rules see). */
  readonly depth: number;
  readonly insideFunction: boolean;
  readonly insideClass: boolean;
}

/** Where a partial tree's pieces end: the statement its lookups may not climb above. */
export interface UnitScope {
  readonly node: Node;
  readonly pieces: readonly TextSpan[];
}

/** Header lines (pieces) are at most this long together, a unit's lines too: past it a whole-file parse is as quick. */
export const MAX_UNIT_CHARS = 32_000;

const SCOPES = new Set(['function_definition', 'lambda']);
const isBlank = (c: string | undefined) => c === ' ' || c === '\t' || c === '\f';

/** Offset of the first character of the line holding `at` (lines end at `\n`, as tree-sitter's do). */
export function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

/** Offset of the end of the line holding `at`: its `\n` (or the `\r` of its `\r\n`), or the end of the text. */
export function lineEnd(text: string, at: number): number {
  let end = text.indexOf('\n', at);
  if (end < 0) return text.length;
  if (end > at && text[end - 1] === '\r') end--;
  return end;
}

/** Only blanks before `at` on its line, and the line before does not end in a `\\` continuation. */
export function startsItsLine(text: string, at: number): boolean {
  const from = lineStart(text, at);
  for (let i = from; i < at; i++) if (!isBlank(text[i])) return false;
  let j = from - 2;
  if (text[j] === '\r') j--;
  return j < 0 || text[j] !== '\\';
}

/** Only blanks and a comment from `at` to the end of its line. */
export function endsItsLine(text: string, at: number): boolean {
  let i = at;
  while (isBlank(text[i]) || text[i] === '\r') i++;
  if (text[i] === '#') return true;
  return i >= text.length || text[i] === '\n';
}

/** A character of code on the line of `at` to start the lookup from: at `at`, else before it, else after it. */
function anchorAt(text: string, at: number): number {
  const c = text[at];
  if (c !== undefined && c !== '\n' && c !== '\r' && !isBlank(c)) return at;
  const from = lineStart(text, at);
  for (let i = Math.min(at, text.length) - 1; i >= from; i--) if (!isBlank(text[i]) && text[i] !== '\r') return i;
  const to = lineEnd(text, at);
  for (let i = at; i < to; i++) if (!isBlank(text[i])) return i;
  return at;
}

/** The first child of a block that is not a comment. */
function firstStatement(block: Node): Node | null {
  let c = block.firstNamedChild;
  while (c && c.type === 'comment') c = c.nextNamedSibling;
  return c;
}

/**
 * The smallest statement around the edit [start, end) of `text` that is a unit, found in the tree
 * of `root` (a whole-file tree, or a partial one with `scope` set: then only inside scope.node).
 * Climbs with `node.parent`, never the per-tree cache: a tree edited since holds nodes with old positions.
 */
export function unitAround(text: string, root: Node, start: number, end: number, scope?: UnitScope): StatementUnit | undefined {
  const at = anchorAt(text, start);
  let node: Node | null = root.descendantForIndex(at, at);
  for (let up = 0; node && up <= MAX_NESTING_DEPTH; up++, node = node.parent) {
    if (scope && (node.startIndex < scope.node.startIndex || node.endIndex > scope.node.endIndex)) return undefined;
    const unit = asUnit(text, node, start, end, scope);
    if (unit) return unit;
    if (scope && node.id === scope.node.id) return undefined;
    if (node.type === 'module') return undefined;
  }
  return undefined;
}

function asUnit(text: string, node: Node, start: number, end: number, scope?: UnitScope): StatementUnit | undefined {
  if (!STATEMENTS.has(node.type) || node.parent?.type !== 'block') return undefined;
  const rangeStart = lineStart(text, node.startIndex);
  const rangeEnd = lineEnd(text, node.endIndex);
  if (start < node.startIndex || end > rangeEnd || rangeEnd - rangeStart > MAX_UNIT_CHARS) return undefined;
  if (!startsItsLine(text, node.startIndex) || !endsItsLine(text, node.endIndex)) return undefined;
  const path = ancestorsOf(node);
  if (!path) return undefined;
  const between = piecesAbove(text, node, path, scope?.node);
  if (!between) return undefined;
  const pieces = [...(scope?.pieces ?? []), ...between];
  let size = 0;
  for (const p of pieces) size += p.end - p.start;
  if (size > MAX_UNIT_CHARS) return undefined;
  return {
    node,
    rangeStart,
    rangeEnd,
    pieces: mergeAdjacent(pieces),
    signature: signatureOf(path),
    depth: path.length,
    insideFunction: path.some((p) => SCOPES.has(p.type)),
    insideClass: path.some((p) => p.type === 'class_definition'),
  };
}

/** `node`'s ancestors, innermost first, up to the root; undefined past the nesting limit. */
function ancestorsOf(node: Node): Node[] | undefined {
  const out: Node[] = [];
  for (let p = node.parent; p; p = p.parent) {
    out.push(p);
    if (out.length > MAX_NESTING_DEPTH) return undefined;
  }
  return out;
}

/**
 * Types and starts of ancestors. A block starts at its first statement and the module at its
 * first piece, which a partial tree leaves out: their starts are not compared.
 */
export function signatureOf(ancestors: readonly Node[]): string {
  return ancestors.map((a) => (a.type === 'module' || a.type === 'block' ? a.type : `${a.type}@${a.startIndex}`)).join('/');
}

/**
 * The header lines between `top` (a statement whose lines were already placed, or the module)
 * and `unit`: for each block on the way down, from where the last piece stopped to the line of
 * the block's first statement; the next piece resumes at the line of the statement on the way.
 * Siblings before it are left out: complete statements do not change how it parses.
 */
function piecesAbove(text: string, unit: Node, path: readonly Node[], top: Node | undefined): TextSpan[] | undefined {
  if (top && top.id === unit.id) return [];
  const steps: { block: Node; child: Node }[] = [];
  let below = unit;
  let outer: Node | undefined;
  for (const p of path) {
    if (top && p.id === top.id) {
      outer = top;
      break;
    }
    if (p.type === 'module') {
      outer = below;
      break;
    }
    if (p.type === 'block') steps.push({ block: p, child: below });
    below = p;
  }
  if (!outer || !startsItsLine(text, outer.startIndex)) return undefined;
  let cursor = lineStart(text, outer.startIndex);
  const pieces: TextSpan[] = [];
  for (let k = steps.length - 1; k >= 0; k--) {
    const { block, child } = steps[k]!;
    const first = firstStatement(block);
    if (!first) return undefined;
    const end = lineStart(text, first.startIndex);
    if (end < cursor || !startsItsLine(text, child.startIndex)) return undefined;
    if (end > cursor) pieces.push({ start: cursor, end });
    cursor = lineStart(text, child.startIndex);
    if (cursor < end) return undefined;
  }
  return pieces;
}

function mergeAdjacent(spans: readonly TextSpan[]): TextSpan[] {
  const out: TextSpan[] = [];
  for (const s of spans) {
    const last = out[out.length - 1];
    if (last && last.end === s.start) out[out.length - 1] = { start: last.start, end: s.end };
    else out.push(s);
  }
  return out;
}
