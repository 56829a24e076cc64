import type { Node } from 'web-tree-sitter';
import type { VersionTarget } from '../airflowVersion';
import type { RuleTable } from '../ruleTable';
import { TextIndex } from '../textIndex';
import type { Finding, Fix, Range, TextEdit } from '../types';
import type { DagDefinition } from './dagIds';
import type { ImportBindings } from './importBindings';
import { memberUseObjects } from './instanceAttributes';
import type { LintContext } from './lintContext';
import { limitFindings, MAX_NESTING_DEPTH } from './lintLimits';
import { contextKeysOf, keywordNamesOf, lintPythonDocument, runAllRules, sortFindings, type PythonLinter, type PythonLintResult } from './lintPython';
import { mayNestDeeply } from './nesting';
import { parentOf } from './treeParents';
import type { PythonDocument, TextChange } from './pythonParser';
import { collectSyntax } from './syntaxWalk';

const STATEMENTS = new Set([
  'expression_statement', 'return_statement', 'assert_statement', 'delete_statement', 'raise_statement', 'pass_statement',
  'global_statement', 'nonlocal_statement', 'if_statement', 'for_statement', 'while_statement', 'try_statement',
  'with_statement', 'function_definition', 'class_definition', 'decorated_definition', 'match_statement', 'print_statement',
  'exec_statement', 'type_alias_statement',
]);
const SCOPES = new Set(['function_definition', 'lambda']);
const MAX_INSTANCE_NAMES = 64;

/**
 * Keeps a document and its findings across edits. An edit inside one statement that is not at
 * module level re-lints only that statement and shifts the other findings; anything that can
 * change the file-wide picture (imports, module-level statements, syntax errors, a name whose
 * rename fix spans the file) re-lints the whole file. Results equal a full lint either way.
 */
export class IncrementalPythonLint {
  private result: PythonLintResult;
  private index: TextIndex;
  private bindings: ImportBindings | undefined;
  /** Variables used as `v.create_dagrun` & co.: an edit naming one may retype it (full re-lint). */
  private instanceNames = new Set<string>();
  /** The findings were capped, or part of the tree was too deep to lint: only a full lint is right. */
  private partial = false;
  /** How the last update was done, for tests and latency reports. */
  lastMode: 'full' | 'statement' = 'full';

  /** Parses `text` with the linter's parser and lints it in full once. */
  static open(linter: PythonLinter, text: string, target: VersionTarget): IncrementalPythonLint {
    return new IncrementalPythonLint(linter.open(text), linter.rules, target);
  }

  constructor(readonly doc: PythonDocument, private readonly rules: RuleTable, private target: VersionTarget) {
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
    const oldIndex = this.index;
    const applied = this.doc.applyChange(change);
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
    const oldStart = region.node.startIndex;
    const oldEnd = region.node.endIndex - delta;
    const shift = (r: Range): Range | undefined => {
      const s = oldIndex.offsetAt(r.start);
      const e = oldIndex.offsetAt(r.end);
      if (e > oldStart && s < oldEnd) return undefined;
      if (e === s && s >= oldStart && s < oldEnd) return undefined;
      const move = (o: number) => (o >= oldEnd ? o + delta : o);
      return this.index.range(move(s), move(e));
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
          // A fix of a finding elsewhere edits inside the statement: recompute everything.
          if (!moved) {
            this.result = this.full();
            return this.result;
          }
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
    const ctx: LintContext = {
      tree: this.doc.tree,
      index: this.index,
      rules: this.rules,
      target: this.target,
      syntax: collectSyntax(this.doc.tree, this.doc.text, keywordNamesOf(this.rules), region, contextKeysOf(this.rules)),
      bindings: this.bindings!,
    };
    const fresh = runAllRules(ctx);
    const merged = limitFindings(sortFindings([...kept, ...fresh.findings]), fresh.complete);
    this.partial = merged.truncated;
    this.lastMode = 'statement';
    this.result = { findings: merged.findings, dags: [...keptDags, ...fresh.dags] };
    return this.result;
  }

  private full(): PythonLintResult {
    this.lastMode = 'full';
    const r = lintPythonDocument(this.doc, this.rules, this.target);
    this.index = this.doc.index;
    // Only the name -> path maps are kept: the Node objects die with this tree.
    const b = r.bindings;
    this.bindings = { names: [], byLocal: b.byLocal, plainModules: b.plainModules };
    this.instanceNames = memberUseObjects(this.doc.text, this.rules.memberNames);
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
    // Too many names to test one by one on every keystroke: a full lint is as quick.
    if (this.instanceNames.size > MAX_INSTANCE_NAMES) return undefined;
    const text = this.doc.text.slice(node.startIndex, node.endIndex);
    if (/\bimport\b/.test(text)) return undefined;
    // A statement that mentions a variable used as `v.member` may (re)bind it: recompute all.
    if (this.instanceNames.size > 0) {
      const oldText = oldIndex.text.slice(node.startIndex, node.endIndex - delta);
      for (const name of this.instanceNames) {
        const re = new RegExp(`(?<![A-Za-z0-9_])${name}(?![A-Za-z0-9_])`);
        if (re.test(text) || re.test(oldText)) return undefined;
      }
    }
    for (const name of memberUseObjects(text, this.rules.memberNames)) this.instanceNames.add(name);
    // A rename fix of an import also edits every use: a new or removed use needs it recomputed.
    for (const f of this.result.findings) {
      if (!f.fixes.some((x) => x.edits.length > 1)) continue;
      const local = textAt(oldIndex, f.range);
      if (local && new RegExp(`\\b${local.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\b`).test(text)) return undefined;
      const oldText = oldIndex.text.slice(node.startIndex, node.endIndex - delta);
      if (local && oldText.includes(local)) return undefined;
    }
    return { node, insideFunction };
  }

  private hadErrors(): boolean {
    return this.result.findings.some((f) => f.code === 'MWAA001');
  }
}

function textAt(index: TextIndex, range: Range): string {
  return index.text.slice(index.offsetAt(range.start), index.offsetAt(range.end));
}
