import type { Node } from 'web-tree-sitter';
import type { VersionTarget } from '../airflowVersion';
import type { RuleTable } from '../ruleTable';
import type { TextIndex } from '../textIndex';
import type { Finding, Fix, Range, TextEdit } from '../types';
import type { DagDefinition } from './dagIds';
import type { ImportBindings } from './importBindings';
import { memberUseObjects } from './instanceAttributes';
import type { LintContext } from './lintContext';
import { limitFindings, MAX_NESTING_DEPTH } from './lintLimits';
import { contextKeysOf, keywordNamesOf, lintPythonDocument, runAllRules, sortFindings, type PythonLinter, type PythonLintResult, type UncappedResult } from './lintPython';
import { mayNestDeeply } from './nesting';
import { parentOf } from './treeParents';
import type { ChangePreview, PythonDocument, TextChange } from './pythonParser';
import { SpliceGates } from './spliceGates';
import { lintUnit, parseUnit, statementAt, type SplicedUnit } from './statementSplice';
import { lineEnd, lineStart, STATEMENTS, unitAround, type StatementUnit } from './statementUnit';
import { collectSyntax } from './syntaxWalk';

const SCOPES = new Set(['function_definition', 'lambda']);
const MAX_INSTANCE_NAMES = 64;
/** Statements spliced before the whole tree is re-parsed anyway (each is re-checked then). */
const MAX_SPLICED = 64;

export interface IncrementalOptions {
  /** Parse an edited statement alone when it can be (default true; false: always re-parse the whole tree, for comparisons). */
  readonly splice?: boolean;
}

/** A statement re-parsed on its own since the whole tree was: where it starts, and its lines. */
interface SplicedRange {
  nodeStart: number;
  rangeStart: number;
  rangeEnd: number;
}

/**
 * Keeps a document and its findings across edits. An edit inside one statement that is not at
 * module level re-lints only that statement and shifts the other findings; anything that can
 * change the file-wide picture (imports, module-level statements, syntax errors, a name whose
 * rename fix spans the file) re-lints the whole file. Results equal a full lint either way.
 *
 * The statement is re-parsed alone when it can be (statementSplice.ts: its lines under the
 * header lines of the statements around it, checked to parse as the whole file would): then
 * the whole tree's re-parse, most of a keystroke's cost on a long file, waits until something
 * needs it (an edit elsewhere, `flush`, which the lint worker calls when idle). Each statement
 * spliced is linted again on the whole tree at that re-parse, and the findings corrected (and
 * counted in `spliceMismatches`) should a rule have needed more than the statement's lines.
 */
export class IncrementalPythonLint {
  private result: PythonLintResult;
  private index: TextIndex;
  private bindings: ImportBindings | undefined;
  /** Variables used as `v.create_dagrun` & co.: an edit naming one may retype it (full re-lint). */
  private instanceNames = new Set<string>();
  /** The findings were capped, or part of the tree was too deep to lint: only a full lint is right. */
  private partial = false;
  private readonly gates: SpliceGates;
  /** Statements spliced since the whole tree was parsed (offsets in the current text). */
  private spliced: SplicedRange[] = [];
  /** The partial tree of the statement spliced last: the next edit inside it starts from there. */
  private last: SplicedUnit | undefined;
  /** How the last update was done, for tests and latency reports. */
  lastMode: 'full' | 'statement' | 'splice' = 'full';
  /** Spliced statements a lint of the whole tree judged otherwise (the findings were then relinted in full). */
  spliceMismatches = 0;

  /** Parses `text` with the linter's parser and lints it in full once. */
  static open(linter: PythonLinter, text: string, target: VersionTarget, options: IncrementalOptions = {}): IncrementalPythonLint {
    return new IncrementalPythonLint(linter.open(text), linter.rules, target, options);
  }

  constructor(readonly doc: PythonDocument, private readonly rules: RuleTable, private target: VersionTarget, private readonly options: IncrementalOptions = {}) {
    this.gates = new SpliceGates(rules);
    this.result = this.full();
    this.index = doc.index;
  }

  get current(): PythonLintResult {
    return this.result;
  }

  setTarget(target: VersionTarget): PythonLintResult {
    this.target = target;
    this.result = this.full();
    return this.result;
  }

  update(change: TextChange): PythonLintResult {
    // Someone read doc.tree meanwhile (it re-parses): check the spliced statements now.
    if (this.spliced.length > 0 && this.doc.deferredEdits === 0) this.verifySplices();
    const preview = this.doc.preview(change);
    return this.splice(preview) ?? this.updateWithTree(change, preview);
  }

  /** Re-parses the whole tree after spliced edits and lints those statements again on it. */
  flush(): void {
    this.doc.flush();
    this.verifySplices();
  }

  /** The edit re-parsed with the whole tree (incrementally), then the statement around it re-linted. */
  private updateWithTree(change: TextChange, preview: ChangePreview): PythonLintResult {
    this.flush();
    const oldIndex = this.index;
    const applied = this.doc.applyChange(change, preview);
    this.index = this.doc.index;
    const delta = applied.newEnd - applied.oldEnd;
    let start = applied.start;
    let end = applied.newEnd;
    for (const c of applied.changed) {
      start = Math.min(start, c.start);
      end = Math.max(end, c.end);
    }
    const region = this.regionFor(start, end, oldIndex, delta);
    if (!region) {
      this.result = this.full();
      return this.result;
    }
    const ctx: LintContext = {
      tree: this.doc.tree,
      index: this.index,
      rules: this.rules,
      target: this.target,
      syntax: collectSyntax(this.doc.tree, this.doc.text, keywordNamesOf(this.rules), region, contextKeysOf(this.rules)),
      bindings: this.bindings!,
    };
    const merged = this.merge(oldIndex, { start: region.node.startIndex, end: region.node.endIndex - delta }, delta, runAllRules(ctx));
    if (!merged) {
      this.result = this.full();
      return this.result;
    }
    this.lastMode = 'statement';
    this.result = merged;
    return this.result;
  }

  /** The statement around the edit parsed alone and re-linted; undefined when only the whole tree will do. */
  private splice(p: ChangePreview): PythonLintResult | undefined {
    if (this.options.splice === false || this.partial || this.hadErrors() || this.doc.refusedLine !== undefined) return undefined;
    const unit = this.unitFor(p);
    // unitFor may have re-parsed and (should a splice have been wrong) re-linted everything.
    if (!unit || unit.depth > MAX_NESTING_DEPTH || this.partial || this.hadErrors() || !this.bindings) return undefined;
    const delta = p.newEnd - p.oldEnd;
    const oldText = this.doc.text.slice(unit.rangeStart, unit.rangeEnd);
    const newText = p.text.slice(unit.rangeStart, unit.rangeEnd + delta);
    if (!this.textAllows(oldText, newText, this.index) || !this.gates.allow(oldText, unit.insideClass) || !this.gates.allow(newText, unit.insideClass)) return undefined;
    const spliced = parseUnit(this.doc, p, unit);
    if (!spliced) return undefined;
    const fresh = lintUnit(spliced, p, this.rules, this.target, this.bindings, unit);
    const merged = fresh && this.merge(this.index, { start: unit.rangeStart, end: unit.rangeEnd }, delta, fresh, p.index);
    if (!merged) {
      this.doc.releasePart(spliced.tree);
      return undefined;
    }
    this.doc.applyDeferred(p);
    this.index = p.index;
    this.remember(spliced, p);
    this.lastMode = 'splice';
    this.result = merged;
    if (this.spliced.length > MAX_SPLICED) this.flush();
    return this.result;
  }

  /**
   * The statement around the edit that can be parsed alone: inside the one spliced last (its
   * partial tree is current there), else from the whole tree. The whole tree is out of date
   * inside statements spliced since it was parsed: one of those in the way re-parses it first.
   */
  private unitFor(p: ChangePreview): StatementUnit | undefined {
    const text = this.doc.text;
    const last = this.last;
    if (last && p.start >= last.rangeStart && p.oldEnd <= last.rangeEnd) {
      const inside = unitAround(text, last.tree.rootNode, p.start, p.oldEnd, { node: last.node, pieces: last.pieces });
      if (inside) return inside;
    }
    const unit = unitAround(text, this.doc.editedTree.rootNode, p.start, p.oldEnd);
    if (!unit || !this.spliced.some((s) => s.rangeStart <= unit.rangeEnd && unit.rangeStart <= s.rangeEnd)) return unit;
    this.flush();
    return unitAround(text, this.doc.tree.rootNode, p.start, p.oldEnd);
  }

  /** Keeps the spliced statement's partial tree and its lines (merged with those spliced before). */
  private remember(spliced: SplicedUnit, p: ChangePreview): void {
    const delta = p.newEnd - p.oldEnd;
    for (const s of this.spliced) {
      if (s.rangeStart > p.oldEnd) {
        s.nodeStart += delta;
        s.rangeStart += delta;
        s.rangeEnd += delta;
      } else if (s.rangeEnd >= p.oldEnd) s.rangeEnd += delta;
    }
    const mine: SplicedRange = { nodeStart: spliced.node.startIndex, rangeStart: spliced.rangeStart, rangeEnd: spliced.rangeEnd };
    const within = (a: SplicedRange, b: SplicedRange) => a.rangeStart >= b.rangeStart && a.rangeEnd <= b.rangeEnd;
    if (!this.spliced.some((s) => within(mine, s))) this.spliced = [...this.spliced.filter((s) => !within(s, mine)), mine];
    if (this.last) this.doc.releasePart(this.last.tree);
    this.last = spliced;
  }

  /**
   * After the whole tree was re-parsed: each statement spliced since, linted again on it. Any
   * difference (a rule needed more than the statement's lines) gives a full lint, and is counted.
   */
  private verifySplices(): void {
    const spliced = this.spliced;
    this.spliced = [];
    if (this.last) this.doc.releasePart(this.last.tree);
    this.last = undefined;
    if (spliced.length === 0 || !this.bindings) return;
    const tree = this.doc.tree;
    const text = this.doc.text;
    for (const s of spliced) {
      const node = statementAt(tree.rootNode, s.nodeStart);
      const same = !!node && lineStart(text, node.startIndex) === s.rangeStart && lineEnd(text, node.endIndex) <= s.rangeEnd && this.agreesWithTree(node);
      if (!same) {
        this.spliceMismatches++;
        this.result = this.full();
        return;
      }
    }
  }

  /** Whether the findings and DAGs held inside `node` are those a lint of it on the whole tree gives. */
  private agreesWithTree(node: Node): boolean {
    let insideFunction = false;
    for (let p = node.parent; p && !insideFunction; p = p.parent) insideFunction = SCOPES.has(p.type);
    const ctx: LintContext = {
      tree: this.doc.tree,
      index: this.index,
      rules: this.rules,
      target: this.target,
      syntax: collectSyntax(this.doc.tree, this.doc.text, keywordNamesOf(this.rules), { node, insideFunction }, contextKeysOf(this.rules)),
      bindings: this.bindings!,
    };
    const fresh = runAllRules(ctx);
    const inside = (r: Range) => {
      const s = this.index.offsetAt(r.start);
      return s >= node.startIndex && this.index.offsetAt(r.end) <= node.endIndex;
    };
    const key = (xs: readonly unknown[]) => xs.map((x) => JSON.stringify(x)).sort().join('\n');
    return key(this.result.findings.filter((f) => inside(f.range))) === key(fresh.findings)
      && key(this.result.dags.filter((d) => inside(d.range))) === key(fresh.dags);
  }

  /**
   * The kept findings moved past the edit, with `fresh` (the re-linted statement's) in place of
   * those of `old` (the statement's extent before the edit); undefined when a kept finding's fix
   * edits inside the statement (everything is recomputed then).
   */
  private merge(oldIndex: TextIndex, old: { start: number; end: number }, delta: number, fresh: UncappedResult, newIndex = this.index): PythonLintResult | undefined {
    const shift = (r: Range): Range | undefined => {
      const s = oldIndex.offsetAt(r.start);
      const e = oldIndex.offsetAt(r.end);
      if (e > old.start && s < old.end) return undefined;
      if (e === s && s >= old.start && s < old.end) return undefined;
      const move = (o: number) => (o >= old.end ? o + delta : o);
      return newIndex.range(move(s), move(e));
    };
    const kept: Finding[] = [];
    for (const f of this.result.findings) {
      const range = shift(f.range);
      if (!range) continue;
      const fixes: Fix[] = [];
      for (const fix of f.fixes) {
        const edits: TextEdit[] = [];
        for (const e of fix.edits) {
          const moved = shift(e.range);
          if (!moved) return undefined;
          edits.push({ ...e, range: moved });
        }
        fixes.push({ ...fix, edits });
      }
      kept.push({ ...f, range, fixes });
    }
    const keptDags: DagDefinition[] = [];
    for (const d of this.result.dags) {
      const range = shift(d.range);
      if (range) keptDags.push({ ...d, range });
    }
    const merged = limitFindings(sortFindings([...kept, ...fresh.findings]), fresh.complete);
    this.partial = merged.truncated;
    return { findings: merged.findings, dags: [...keptDags, ...fresh.dags] };
  }

  private full(): PythonLintResult {
    this.spliced = [];
    if (this.last) this.doc.releasePart(this.last.tree);
    this.last = undefined;
    this.lastMode = 'full';
    const r = lintPythonDocument(this.doc, this.rules, this.target);
    this.index = this.doc.index;
    // Only the name -> path maps are kept: the Node objects die with this tree.
    const b = r.bindings;
    this.bindings = { names: [], byLocal: b.byLocal, plainModules: b.plainModules };
    this.instanceNames = memberUseObjects(this.doc.text, this.rules.memberNames);
    this.gates.readModule(this.doc.text);
    this.partial = r.truncated || r.tooDeep;
    return { findings: r.findings, dags: r.dags };
  }

  /** The statement to re-lint alone, or undefined when only a full lint is right. */
  private regionFor(start: number, end: number, oldIndex: TextIndex, delta: number): { node: Node; insideFunction: boolean } | undefined {
    const tree = this.doc.tree;
    if (tree.rootNode.hasError || this.hadErrors() || !this.bindings || this.partial) return undefined;
    // Climbs are capped at the nesting limit: past it (or when the statement may nest that deep) only a full lint is right.
    let node: Node | null = tree.rootNode.descendantForIndex(start, Math.max(start, end - 1));
    for (let up = 0; node && !(STATEMENTS.has(node.type) && node.startIndex <= start && node.endIndex >= end); up++) node = up < MAX_NESTING_DEPTH ? parentOf(node) : null;
    if (!node || node.parent?.type === 'module' || node.type === 'module') return undefined;
    let insideFunction = false;
    let depth = 1;
    for (let p = parentOf(node); p; p = parentOf(p), depth++) {
      if (p.type === 'ERROR' || depth > MAX_NESTING_DEPTH) return undefined;
      if (SCOPES.has(p.type)) insideFunction = true;
      if (p.type === 'module') break;
    }
    if (mayNestDeeply(this.doc.text, node.startIndex, node.endIndex, depth)) return undefined;
    const text = this.doc.text.slice(node.startIndex, node.endIndex);
    const oldText = oldIndex.text.slice(node.startIndex, node.endIndex - delta);
    return this.textAllows(oldText, text, oldIndex) ? { node, insideFunction } : undefined;
  }

  /**
   * The checks on a statement's text (before and after the edit) that keep the rest of the file's
   * findings valid: no import, no variable used as `v.member` elsewhere, no name a rename fix of an
   * import also edits. Records the statement's own `v.member` variables. `oldIndex`: the text the
   * findings' ranges are in.
   */
  private textAllows(oldText: string, text: string, oldIndex: TextIndex): boolean {
    // Too many names to test one by one on every keystroke: a full lint is as quick.
    if (this.instanceNames.size > MAX_INSTANCE_NAMES) return false;
    if (/\bimport\b/.test(text) || /\bimport\b/.test(oldText)) return false;
    // A statement that mentions a variable used as `v.member` may (re)bind it: recompute all.
    for (const name of this.instanceNames) {
      const re = new RegExp(`(?<![A-Za-z0-9_])${name}(?![A-Za-z0-9_])`);
      if (re.test(text) || re.test(oldText)) return false;
    }
    // A rename fix of an import also edits every use: a new or removed use needs it recomputed.
    for (const f of this.result.findings) {
      if (!f.fixes.some((x) => x.edits.length > 1)) continue;
      const local = oldIndex.text.slice(oldIndex.offsetAt(f.range.start), oldIndex.offsetAt(f.range.end));
      if (local && new RegExp(`\\b${local.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(text)) return false;
      if (local && oldText.includes(local)) return false;
    }
    for (const name of memberUseObjects(text, this.rules.memberNames)) this.instanceNames.add(name);
    return true;
  }

  private hadErrors(): boolean {
    return this.result.findings.some((f) => f.code === 'MWAA001');
  }
}
