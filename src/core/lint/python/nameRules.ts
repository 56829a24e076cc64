import type { Node } from 'web-tree-sitter';
import { compareVersions, gateRule, type Gate } from '../airflowVersion';
import { isMemberRow, replacementFor, type NameRule } from '../ruleTable';
import type { Finding, Fix, TextEdit } from '../types';
import { ruffChecksArgumentValue } from './argumentCallees';
import { attributeLinks, dotted, resolveLinks, type ImportedName } from './importBindings';
import { rewriteFromImport, rewritePlainImport } from './importFixes';
import { beyondRuff, codeFor, nodeRange, wantsFixes, type LintContext } from './lintContext';
import { RULE_FINDINGS_CEILING } from './lintLimits';
import { isDecoratorExpression, removeDecoratorAndImport, removeDecoratorUse } from './removedDecorators';
import { parentOf } from './treeParents';

function describe(rule: NameRule, dotted: string, gate: Gate): { message: string; replacement?: ReturnType<typeof replacementFor> } {
  const replacement = replacementFor(rule, gate.at);
  let message = `\`${dotted}\` is ${gate.reason}`;
  if (replacement) {
    message += `; use \`${replacement.path}\``;
    if (replacement.requires) message += ` (needs ${replacement.requires.package}>=${replacement.requires.version})`;
  } else if (rule.replacement?.includes(';')) {
    message += `; its names moved to ${rule.replacement.split(';').map((p) => `\`${p.trim()}\``).join(', ')}`;
  }
  if (rule.message) message += `. ${rule.message}`;
  if (gate.upgradeOnly) message += ` [upgrade check: Airflow ${gate.at}]`;
  return { message, replacement };
}

function providerFix(requires: NameRule['requires']): Fix[] {
  if (!requires) return [];
  return [
    {
      kind: 'addRequirement',
      title: `Add ${requires.package}>=${requires.version} to requirements.txt`,
      edits: [],
      requirement: { name: requires.package, minVersion: requires.version },
    },
  ];
}

/**
 * ruff's code, or ours: MWAA2xx for a 2.x deprecation; for an Airflow 3 removal ruff's table does
 * not have (a row of addedRows.json `airflow3`, with no 2.x past), MWAA301/MWAA311.
 */
function nameCode(rule: NameRule, gate: Gate): string {
  if (rule.rule || rule.source2x) return codeFor(rule, gate, 'MWAA201');
  const event = gate.severity === 'error' ? rule.removedIn : rule.deprecatedIn;
  if (event && compareVersions(event, '3.0') >= 0) return gate.severity === 'error' ? 'MWAA301' : 'MWAA311';
  return 'MWAA201';
}

const DECORATOR_LABEL = 'BaseOperator applies defaults itself since Airflow 2.1';

function finding(ctx: LintContext, node: Node, rule: NameRule, dotted: string, gate: Gate, edits: TextEdit[] | undefined, extra?: Fix): Finding {
  const { message, replacement } = describe(rule, dotted, gate);
  const fixes: Fix[] = extra ? [extra] : [];
  if (edits && replacement && wantsFixes(ctx)) {
    const renamed = replacement.path.split('.').pop() !== dotted.split('.').pop();
    // Only the last segment renamed (`TriggerRule.NONE_FAILED_OR_SKIPPED`): name it with its owner.
    const owner = replacement.path.slice(0, replacement.path.lastIndexOf('.'));
    const short = owner === rule.old.slice(0, rule.old.lastIndexOf('.')) ? replacement.path.split('.').slice(-2).join('.') : replacement.path;
    fixes.push({
      kind: renamed ? 'replaceName' : 'rewriteImport',
      title: renamed ? `Replace with ${short}` : `Import from ${owner}`,
      edits,
    });
  }
  if (wantsFixes(ctx)) fixes.push(...providerFix(replacement?.requires));
  return {
    range: nodeRange(ctx, node),
    code: nameCode(rule, gate),
    severity: gate.severity,
    message,
    fixes,
    ...(gate.upgradeOnly ? { upgradeOnly: true } : {}),
  };
}

/** Imports and attribute uses of moved, removed or deprecated Airflow names. */
export function checkNames(ctx: LintContext): Finding[] {
  const out: Finding[] = [];
  const modulesReported = new Set<Node['id']>();
  const guarded = new Map<number, boolean>();
  for (const imp of ctx.bindings.names) {
    if (out.length >= RULE_FINDINGS_CEILING) return out;
    if (!imp.qualified.startsWith('airflow')) continue;
    if (isImportGuarded(imp.statement, guarded)) continue;
    if (imp.form === 'from') checkFromItem(ctx, imp, out, modulesReported);
    else checkPlainImport(ctx, imp, out);
  }
  checkStarImports(ctx, out, guarded);
  checkAttributeChains(ctx, out);
  return out;
}

const STAR_IMPORT = /\bimport[\s(\\]*\*/;
const FIRST_NAME = /[A-Za-z_][A-Za-z0-9_]*/y;

const IMPORT_ERRORS = /\b(?:ImportError|ModuleNotFoundError)\b/;

/**
 * An import inside `try:` whose handler catches ImportError, or inside that handler: the
 * version-compatibility pattern (`try: new path / except ImportError: old path`). Whichever side
 * fails on a given Airflow, the other one runs, so neither is reported (ruff skips them too).
 */
function isImportGuarded(stmt: Node, cache: Map<number, boolean>): boolean {
  const cached = cache.get(stmt.id);
  if (cached !== undefined) return cached;
  let guarded = false;
  for (let child: Node = stmt, p = parentOf(stmt); p && !guarded; child = p, p = parentOf(p)) {
    // Each `type` read is a call into the wasm module: read it once per node.
    const type = p.type;
    if (type === 'function_definition' || type === 'class_definition') break;
    if (type === 'except_clause') guarded = IMPORT_ERRORS.test(p.childForFieldName('value')?.text ?? '');
    else if (type === 'try_statement' && child.type === 'block') {
      guarded = p.namedChildren.some((c) => c?.type === 'except_clause' && IMPORT_ERRORS.test(c.childForFieldName('value')?.text ?? ''));
    }
    if (type === 'try_statement' || type === 'except_clause') break;
  }
  cache.set(stmt.id, guarded);
  return guarded;
}

/** `from airflow.operators.bash_operator import *`: the module row, on the module name. */
function checkStarImports(ctx: LintContext, out: Finding[], guarded: Map<number, boolean>): void {
  for (const stmt of ctx.syntax.fromImports) {
    if (out.length >= RULE_FINDINGS_CEILING) return;
    if (!STAR_IMPORT.test(stmt.text) || !stmt.namedChildren.some((c) => c?.type === 'wildcard_import')) continue;
    if (isImportGuarded(stmt, guarded)) continue;
    const moduleNode = stmt.childForFieldName('module_name');
    if (moduleNode?.type !== 'dotted_name') continue;
    const module = dotted(moduleNode);
    const rule = ctx.rules.lookupName(module);
    const gate = rule ? gateRule(rule, ctx.target) : undefined;
    if (!rule || !gate) continue;
    const replacement = replacementFor(rule, gate.at);
    const edits = replacement && wantsFixes(ctx) ? [{ range: nodeRange(ctx, moduleNode), newText: replacement.path }] : undefined;
    out.push(finding(ctx, moduleNode, rule, module, gate, edits));
  }
}

function checkFromItem(ctx: LintContext, imp: ImportedName, out: Finding[], modulesReported: Set<number>): void {
  const rule = ctx.rules.lookupName(imp.qualified);
  if (rule) {
    const gate = gateRule(rule, ctx.target);
    if (!gate) return;
    const replacement = replacementFor(rule, gate.at);
    const fixing = wantsFixes(ctx);
    const edits = replacement && fixing ? rewriteFromImport(ctx, imp, replacement.path) : undefined;
    // A decorator gone with nothing in its place: the fix deletes it (every `@name` line) and the import.
    const removal = fixing && !replacement && rule.kind === 'decorator' ? removeDecoratorAndImport(ctx, imp, DECORATOR_LABEL) : undefined;
    const f = finding(ctx, imp.nameNode, rule, imp.qualified, gate, edits, removal);
    // A name ruff checks only as one argument's value (an enum member) is not reported at its import by ruff.
    out.push(rule.ruffArgument === undefined ? f : { ...f, code: beyondRuff(f.code) });
    return;
  }
  // `from airflow.operators import bash_operator`: the imported thing is a module row.
  // `from old.module import Unknown`: the module row applies, reported once per statement.
  const moduleRule = imp.module ? ctx.rules.lookupName(imp.module) : undefined;
  if (moduleRule && imp.moduleNode && !modulesReported.has(imp.statement.id)) {
    const gate = gateRule(moduleRule, ctx.target);
    if (!gate) return;
    modulesReported.add(imp.statement.id);
    const replacement = replacementFor(moduleRule, gate.at);
    const edits = replacement && wantsFixes(ctx) ? [{ range: nodeRange(ctx, imp.moduleNode), newText: replacement.path }] : undefined;
    const f = finding(ctx, imp.moduleNode, moduleRule, imp.module!, gate, edits);
    // ruff matches a module row only where the module itself is named, not a member imported from it.
    out.push({ ...f, code: beyondRuff(f.code) });
  }
}

function checkPlainImport(ctx: LintContext, imp: ImportedName, out: Finding[]): void {
  const rule = ctx.rules.lookupName(imp.qualified);
  if (!rule) return;
  const gate = gateRule(rule, ctx.target);
  if (!gate) return;
  const replacement = replacementFor(rule, gate.at);
  const edits = replacement && wantsFixes(ctx) ? rewritePlainImport(ctx, imp, replacement.path) : undefined;
  out.push(finding(ctx, imp.nameNode, rule, imp.qualified, gate, edits));
}

/**
 * `m.C`, `airflow.operators.bash_operator.BashOperator`: per chain one finding, for the longest
 * prefix with an exact row, else the shortest matching a wildcard. A prefix that is just a module
 * imported with `import a.b` is left to the import's own finding.
 */
function checkAttributeChains(ctx: LintContext, out: Finding[]): void {
  const text = ctx.index.text;
  for (const chain of ctx.syntax.attributeChains) {
    if (out.length >= RULE_FINDINGS_CEILING) return;
    // Only chains whose first name is bound to an Airflow import can match a row.
    FIRST_NAME.lastIndex = chain.startIndex;
    const first = FIRST_NAME.exec(text)?.[0];
    if (!first || !ctx.bindings.byLocal.get(first)?.startsWith('airflow')) continue;
    // One walk down the chain and one pass back up builds every prefix's path (capped in length).
    const walked = attributeLinks(chain);
    const paths = walked && resolveLinks(walked.links, walked.base, ctx.bindings);
    if (!walked || !paths) continue;
    const prefixes: { node: Node; dotted: string }[] = [];
    paths.forEach((dotted, i) => dotted !== undefined && prefixes.push({ node: walked.links[i]!, dotted }));
    if (prefixes.length === 0 || !prefixes[0]!.dotted.startsWith('airflow')) continue;
    let chosen: { node: Node; dotted: string; rule: NameRule } | undefined;
    for (const p of prefixes) {
      if (isImportedModulePath(ctx, p.dotted)) continue;
      const rule = ctx.rules.lookupName(p.dotted);
      if (!rule) continue;
      if (!rule.old.includes('*')) {
        chosen = { ...p, rule };
        break;
      }
      chosen = { ...p, rule };
    }
    if (!chosen) continue;
    const gate = gateRule(chosen.rule, ctx.target);
    if (!gate) continue;
    const rule = chosen.rule;
    const fixing = wantsFixes(ctx);
    const removal = fixing && rule.kind === 'decorator' && !replacementFor(rule, gate.at) ? removeDecoratorUse(ctx, chosen.node, DECORATOR_LABEL) : undefined;
    const f = finding(ctx, chosen.node, rule, chosen.dotted, gate, fixing ? memberRenameEdits(ctx, chosen.node, rule, gate) : undefined, removal);
    out.push(ruffReportsChainAt(ctx, chosen.node, rule) ? f : { ...f, code: beyondRuff(f.code) });
  }
}

/**
 * Whether ruff reports this use. It does not for a member read off the class (`DAG.create_dagrun`:
 * ruff checks members only on instances it can type), for a name it checks only as one argument's
 * value (`trigger_rule=TriggerRule.NONE_FAILED_OR_SKIPPED`) used anywhere else, nor for a
 * decorator (`apply_defaults`) used other than as one.
 */
function ruffReportsChainAt(ctx: LintContext, node: Node, rule: NameRule): boolean {
  if (isMemberRow(rule)) return false;
  if (rule.ruffArgument !== undefined && !ruffChecksArgumentValue(ctx, node, rule.ruffArgument)) return false;
  if (rule.ruffDecorator && !isDecoratorExpression(node)) return false;
  return true;
}

/**
 * `TriggerRule.NONE_FAILED_OR_SKIPPED` -> `TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS`: when only the
 * last segment changes (an enum member, a renamed method), the edit renames it in place.
 */
function memberRenameEdits(ctx: LintContext, node: Node, rule: NameRule, gate: Gate): TextEdit[] | undefined {
  const path = replacementFor(rule, gate.at)?.path;
  const attr = node.childForFieldName('attribute');
  if (!path || !attr) return undefined;
  const cut = path.lastIndexOf('.');
  const newName = path.slice(cut + 1);
  if (path.slice(0, cut) !== rule.old.slice(0, rule.old.lastIndexOf('.')) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(newName)) return undefined;
  return [{ range: nodeRange(ctx, attr), newText: newName }];
}

function isImportedModulePath(ctx: LintContext, dotted: string): boolean {
  for (const m of ctx.bindings.plainModules) if (m === dotted || m.startsWith(dotted + '.')) return true;
  return false;
}
