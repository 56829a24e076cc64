import type { VersionTarget } from '../airflowVersion';
import type { RuleTable } from '../ruleTable';
import type { Finding } from '../types';
import { checkArguments } from './argumentRules';
import { checkClassMembers } from './classMembers';
import { checkContextKeys } from './contextKeyRules';
import { checkContextMembers } from './contextMembers';
import { extractDagIds, type DagDefinition } from './dagIds';
import { checkDynamicStartDate } from './dynamicStartDate';
import { bindImports, type ImportBindings } from './importBindings';
import type { LintContext } from './lintContext';
import { checkSyntax, checkTopLevelWork } from './mwaaRules';
import { checkInstanceAttributes } from './instanceAttributes';
import { checkNames } from './nameRules';
import { checkPluginAttributes } from './pluginAttributes';
import { createPythonParser, MAX_INDENT_COLUMNS, type PythonDocument, type PythonParser, type PythonParserOptions } from './pythonParser';
import { limitFindings, MAX_NESTING_DEPTH, RULE_FINDINGS_CEILING, TOO_DEEP_CODE } from './lintLimits';
import { collectSyntax, contextKeyPattern } from './syntaxWalk';

export interface PythonLintResult {
  readonly findings: Finding[];
  /** DAGs the file defines, for the workspace-level duplicate dag_id check. */
  readonly dags: DagDefinition[];
}

/** A full lint also hands back the import maps (the incremental linter reuses them). */
export interface FullPythonLintResult extends PythonLintResult {
  readonly bindings: ImportBindings;
  /** Findings were cut at MAX_FINDINGS_PER_FILE, or a subtree nested too deep was skipped. */
  readonly truncated: boolean;
  readonly tooDeep: boolean;
}

/** How to lint a text. */
export interface LintOptions {
  /** False: no quick fixes (every finding's `fixes` is empty), for callers that show none, such as the CLI. Default true. */
  readonly fixes?: boolean;
}

/** Lints an already parsed document (after `applyChange`, this is the incremental path). */
export function lintPythonDocument(doc: PythonDocument, rules: RuleTable, target: VersionTarget, options: LintOptions = {}): FullPythonLintResult {
  if (doc.refusedLine !== undefined) {
    const at = { line: doc.refusedLine, character: 0 };
    const message = `Line ${at.line + 1} is indented ${MAX_INDENT_COLUMNS} columns or more: the MWAA linter does not check this file (Python itself refuses more than 100 levels of indentation)`;
    const findings: Finding[] = [{ range: { start: at, end: at }, code: TOO_DEEP_CODE, severity: 'info', message, fixes: [] }];
    return { findings, dags: [], bindings: { names: [], byLocal: new Map(), plainModules: new Set() }, truncated: false, tooDeep: true };
  }
  const syntax = collectSyntax(doc.tree, doc.text, keywordNamesOf(rules), undefined, contextKeysOf(rules));
  const ctx: LintContext = {
    tree: doc.tree,
    index: doc.index,
    rules,
    target,
    syntax,
    bindings: bindImports(syntax.imports, syntax.fromImports),
    ...(options.fixes === false ? { withoutFixes: true } : {}),
  };
  const r = runAllRules(ctx);
  const limited = limitFindings(r.findings, r.complete);
  return { findings: limited.findings, dags: r.dags, bindings: ctx.bindings, truncated: limited.truncated, tooDeep: syntax.deepSpans.length > 0 };
}

/** What runRules found before the per-file cap (the incremental linter caps after merging). */
export interface UncappedResult extends PythonLintResult {
  /** False when a rule stopped at RULE_FINDINGS_CEILING. */
  readonly complete: boolean;
}

const RULES: readonly ((ctx: LintContext) => Finding[])[] = [
  checkSyntax, checkNames, checkInstanceAttributes, checkClassMembers, checkArguments, checkContextKeys, checkContextMembers,
  checkPluginAttributes, checkTopLevelWork, checkDynamicStartDate,
];

/** All rules over what `ctx.syntax` holds (a whole file, or one statement when incremental), uncapped. */
export function runAllRules(ctx: LintContext): UncappedResult {
  const all: Finding[] = [];
  let complete = true;
  for (const rule of RULES) {
    const found = rule(ctx);
    if (found.length >= RULE_FINDINGS_CEILING) complete = false;
    // One by one: spreading an array of thousands into push() is a call with thousands of arguments.
    for (const f of found) all.push(f);
  }
  const deep = tooDeepFinding(ctx);
  if (deep) all.push(deep);
  return { findings: sortFindings(dedupe(all)), dags: extractDagIds(ctx), complete };
}

/** All rules, at most MAX_FINDINGS_PER_FILE findings (then one saying how many more). */
export function runRules(ctx: LintContext): PythonLintResult {
  const r = runAllRules(ctx);
  return { findings: limitFindings(r.findings, r.complete).findings, dags: r.dags };
}

/** One finding at the first subtree nested past MAX_NESTING_DEPTH: nothing inside it was checked. */
function tooDeepFinding(ctx: LintContext): Finding | undefined {
  const first = ctx.syntax.deepSpans[0];
  if (!first) return undefined;
  const at = ctx.index.positionAt(first.start);
  return {
    range: { start: at, end: at },
    code: TOO_DEEP_CODE,
    severity: 'info',
    message: `Code here is nested more than ${MAX_NESTING_DEPTH} levels deep (line ${at.line + 1}); the MWAA linter does not check inside it${ctx.syntax.deepSpans.length > 1 ? ` (nor ${ctx.syntax.deepSpans.length - 1} other such place(s))` : ''}`,
    fixes: [],
  };
}

const keywordNameCache = new WeakMap<RuleTable, ReadonlySet<string>>();

/** Argument names any rule looks at: the table's plus those the MWAA rules need. */
export function keywordNamesOf(rules: RuleTable): ReadonlySet<string> {
  let names = keywordNameCache.get(rules);
  if (!names) {
    names = new Set([...rules.argumentsByName.keys(), 'start_date', 'dag_id']);
    keywordNameCache.set(rules, names);
  }
  return names;
}

const contextKeyCache = new WeakMap<RuleTable, RegExp | null>();

/** `x["key"]` for the table's context keys (subscripts with other keys are never collected). */
export function contextKeysOf(rules: RuleTable): RegExp | undefined {
  let re = contextKeyCache.get(rules);
  if (re === undefined) {
    re = contextKeyPattern(rules.contextKeys.keys()) ?? null;
    contextKeyCache.set(rules, re);
  }
  return re ?? undefined;
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.code}:${f.range.start.line}:${f.range.start.character}:${f.range.end.line}:${f.range.end.character}:${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function sortFindings<T extends Finding>(findings: T[]): T[] {
  return findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
}

/** A WebAssembly.RuntimeError (a trap inside tree-sitter: out-of-bounds memory, unreachable). */
export function isWasmTrap(err: unknown): boolean {
  return err instanceof Error && err.name === 'RuntimeError';
}

/** A parser plus the rule table: the convenient entry point for CLI and tests. */
export class PythonLinter {
  private constructor(readonly parser: PythonParser, readonly rules: RuleTable) {}

  static async create(rules: RuleTable, options: PythonParserOptions = {}): Promise<PythonLinter> {
    return new PythonLinter(await createPythonParser(options), rules);
  }

  /** Parses and lints a whole text (the tree is freed afterwards). */
  lintText(text: string, target: VersionTarget, options: LintOptions = {}): PythonLintResult {
    const doc = this.open(text);
    try {
      const { findings, dags } = lintPythonDocument(doc, this.rules, target, options);
      return { findings, dags };
    } finally {
      doc.dispose();
    }
  }

  /** A document to keep across edits: `doc.applyChange(...)` then `lint(doc, target)`. */
  open(text: string): PythonDocument {
    try {
      return this.parser.parse(text);
    } catch (err) {
      // A trap inside tree-sitter's wasm must not break the next document's parse.
      if (isWasmTrap(err)) this.parser.reset();
      throw err;
    }
  }

  lint(doc: PythonDocument, target: VersionTarget): PythonLintResult {
    const { findings, dags } = lintPythonDocument(doc, this.rules, target);
    return { findings, dags };
  }

  dispose(): void {
    this.parser.dispose();
  }
}
