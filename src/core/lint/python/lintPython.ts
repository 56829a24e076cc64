import type { VersionTarget } from '../airflowVersion';
import type { RuleTable } from '../ruleTable';
import type { Finding } from '../types';
import { checkArguments } from './argumentRules';
import { checkContextKeys } from './contextKeyRules';
import { extractDagIds, type DagDefinition } from './dagIds';
import { bindImports, type ImportBindings } from './importBindings';
import type { LintContext } from './lintContext';
import { checkDynamicStartDate, checkSyntax, checkTopLevelWork } from './mwaaRules';
import { checkInstanceAttributes } from './instanceAttributes';
import { checkNames } from './nameRules';
import { createPythonParser, type PythonDocument, type PythonParser, type PythonParserOptions } from './pythonParser';
import { collectSyntax, contextKeyPattern } from './syntaxWalk';

export interface PythonLintResult {
  readonly findings: Finding[];
  /** DAGs the file defines, for the workspace-level duplicate dag_id check. */
  readonly dags: DagDefinition[];
}

/** A full lint also hands back the import maps (the incremental linter reuses them). */
export interface FullPythonLintResult extends PythonLintResult {
  readonly bindings: ImportBindings;
}

/** Lints an already parsed document (after `applyChange`, this is the incremental path). */
export function lintPythonDocument(doc: PythonDocument, rules: RuleTable, target: VersionTarget): FullPythonLintResult {
  const syntax = collectSyntax(doc.tree, doc.text, keywordNamesOf(rules), undefined, contextKeysOf(rules));
  const ctx: LintContext = {
    tree: doc.tree,
    index: doc.index,
    rules,
    target,
    syntax,
    bindings: bindImports(syntax.imports, syntax.fromImports),
  };
  return { ...runRules(ctx), bindings: ctx.bindings };
}

/** All rules over what `ctx.syntax` holds (a whole file, or one statement when incremental). */
export function runRules(ctx: LintContext): PythonLintResult {
  const all = [
    ...checkSyntax(ctx),
    ...checkNames(ctx),
    ...checkInstanceAttributes(ctx),
    ...checkArguments(ctx),
    ...checkContextKeys(ctx),
    ...checkTopLevelWork(ctx),
    ...checkDynamicStartDate(ctx),
  ];
  return { findings: sortFindings(dedupe(all)), dags: extractDagIds(ctx) };
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

/** A parser plus the rule table: the convenient entry point for CLI and tests. */
export class PythonLinter {
  private constructor(readonly parser: PythonParser, readonly rules: RuleTable) {}

  static async create(rules: RuleTable, options: PythonParserOptions = {}): Promise<PythonLinter> {
    return new PythonLinter(await createPythonParser(options), rules);
  }

  /** Parses and lints a whole text (the tree is freed afterwards). */
  lintText(text: string, target: VersionTarget): PythonLintResult {
    const doc = this.parser.parse(text);
    try {
      const { findings, dags } = lintPythonDocument(doc, this.rules, target);
      return { findings, dags };
    } finally {
      doc.dispose();
    }
  }

  /** A document to keep across edits: `doc.applyChange(...)` then `lint(doc, target)`. */
  open(text: string): PythonDocument {
    return this.parser.parse(text);
  }

  lint(doc: PythonDocument, target: VersionTarget): PythonLintResult {
    const { findings, dags } = lintPythonDocument(doc, this.rules, target);
    return { findings, dags };
  }

  dispose(): void {
    this.parser.dispose();
  }
}
