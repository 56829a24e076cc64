import type { Node, Tree } from 'web-tree-sitter';
import type { VersionTarget } from '../airflowVersion';
import type { RuleTable } from '../ruleTable';
import type { ImportBindings } from './importBindings';
import { contextKeysOf, keywordNamesOf, runAllRules, type UncappedResult } from './lintPython';
import { MAX_NESTING_DEPTH } from './lintLimits';
import { mayNestDeeply } from './nesting';
import { overIndentedLine, type ChangePreview, type PythonDocument, type TextSpan } from './pythonParser';
import { MAX_UNIT_CHARS, signatureOf, STATEMENTS, type StatementUnit } from './statementUnit';
import { collectSyntax, type SyntaxNodes } from './syntaxWalk';

/** A statement parsed on its own after an edit: its partial tree (the caller releases it) and where it lies in the new text. */
export interface SplicedUnit {
  readonly tree: Tree;
  readonly node: Node;
  readonly rangeStart: number;
  readonly rangeEnd: number;
  readonly pieces: readonly TextSpan[];
}

/** Lines looked at after a statement for the next line of code (blank and comment lines are skipped). */
const MAX_LOOKAHEAD_LINES = 200;
/** Clauses that would join a statement ending just above them at the same indentation. */
const CLAUSE = /^(?:else|elif|except|finally|case)(?![A-Za-z0-9_])/;

/**
 * Parses the lines of `unit` in the previewed text, after the header lines of the statements
 * around it, and keeps the parse only when it is the one the whole file would give: no syntax
 * error, one statement starting where the old one did under the same ancestors, nothing but
 * blanks and comments after it on its lines, and a next line of code indented no deeper than it
 * (so the rest of the file still closes it where it did). Undefined otherwise.
 */
export function parseUnit(doc: PythonDocument, p: ChangePreview, unit: StatementUnit): SplicedUnit | undefined {
  const rangeEnd = unit.rangeEnd + (p.newEnd - p.oldEnd);
  const text = p.text;
  if (rangeEnd < unit.node.startIndex || rangeEnd - unit.rangeStart > MAX_UNIT_CHARS) return undefined;
  if (overIndentedLine(text.slice(unit.rangeStart, rangeEnd)) !== undefined) return undefined;
  if (!nextLineCloses(text, rangeEnd, text.slice(unit.rangeStart, unit.node.startIndex))) return undefined;
  const tree = doc.parsePart(text, p.index, [...unit.pieces, { start: unit.rangeStart, end: rangeEnd }]);
  const node = tree.rootNode.hasError ? undefined : statementAt(tree.rootNode, unit.node.startIndex);
  const ancestors = node && ancestorsWithin(node);
  if (node && ancestors && node.endIndex <= rangeEnd && signatureOf(ancestors) === unit.signature && onlyChildren(ancestors) && onlyTrivia(text, node.endIndex, rangeEnd)) {
    return { tree, node, rangeStart: unit.rangeStart, rangeEnd, pieces: unit.pieces };
  }
  doc.releasePart(tree);
  return undefined;
}

/**
 * The rules over the spliced statement alone. Module-level assignments are not in a partial tree:
 * the gates (spliceGates.ts) keep a statement that names one off this path, so for the names the
 * statement spells the empty map answers as the whole file's would.
 */
export function lintUnit(spliced: SplicedUnit, p: ChangePreview, rules: RuleTable, target: VersionTarget, bindings: ImportBindings, unit: StatementUnit): UncappedResult | undefined {
  if (mayNestDeeply(p.text, spliced.node.startIndex, spliced.node.endIndex, unit.depth)) return undefined;
  const syntax = collectSyntax(spliced.tree, p.text, keywordNamesOf(rules), { node: spliced.node, insideFunction: unit.insideFunction }, contextKeysOf(rules));
  const local = Object.defineProperties({}, { ...Object.getOwnPropertyDescriptors(syntax), moduleAssignments: { value: new Map(), enumerable: true } }) as SyntaxNodes;
  return runAllRules({ tree: spliced.tree, index: p.index, rules, target, syntax: local, bindings });
}

/** The statement (child of a block) starting at `offset`. */
export function statementAt(root: Node, offset: number): Node | undefined {
  let node: Node | null = root.descendantForIndex(offset, offset);
  for (let up = 0; node && node.startIndex === offset && up <= MAX_NESTING_DEPTH; up++, node = node.parent) {
    if (STATEMENTS.has(node.type) && node.parent?.type === 'block') return node;
  }
  return undefined;
}

function ancestorsWithin(node: Node): Node[] | undefined {
  const out: Node[] = [];
  for (let p = node.parent; p; p = p.parent) {
    out.push(p);
    if (out.length > MAX_NESTING_DEPTH) return undefined;
  }
  return out;
}

/** Each block on the way down (and the module) holds one statement: nothing of the unit's lines fell outside it. */
function onlyChildren(ancestors: readonly Node[]): boolean {
  for (const a of ancestors) {
    if (a.type !== 'block' && a.type !== 'module') continue;
    let n = 0;
    for (const c of a.namedChildren) if (c && c.type !== 'comment' && ++n > 1) return false;
  }
  return true;
}

/** Only blanks, line breaks and comments in text[from, to) (a `\\` would continue a line). */
function onlyTrivia(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text[i];
    if (c === '#') {
      const nl = text.indexOf('\n', i);
      if (nl < 0 || nl >= to) return true;
      i = nl;
    } else if (c !== ' ' && c !== '\t' && c !== '\f' && c !== '\r' && c !== '\n') return false;
  }
  return true;
}

/**
 * The next line of code after `from` (a line end) is indented as `indent` or less (a prefix of
 * it), and is not a clause that would join a statement above it; or there is none.
 */
function nextLineCloses(text: string, from: number, indent: string): boolean {
  if (!/^[ \t]*$/.test(indent)) return false;
  let i = from;
  for (let lines = 0; lines < MAX_LOOKAHEAD_LINES; lines++) {
    const nl = text.indexOf('\n', i);
    if (nl < 0) return true;
    i = nl + 1;
    let j = i;
    while (text[j] === ' ' || text[j] === '\t') j++;
    const c = text[j];
    if (c === undefined || c === '\n' || c === '#' || (c === '\r' && text[j + 1] === '\n')) continue;
    // A lone carriage return or a form feed: line and indentation are not certain.
    if (c === '\r' || c === '\f') return false;
    const lead = text.slice(i, j);
    if (!indent.startsWith(lead)) return false;
    return lead.length < indent.length || !CLAUSE.test(text.slice(j, j + 9));
  }
  return false;
}
