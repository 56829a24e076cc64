import type { Node } from 'web-tree-sitter';
import { gateRule, type Gate } from '../airflowVersion';
import type { ArgumentRule } from '../ruleTable';
import type { Finding, Fix, Severity } from '../types';
import { calleeLabel, calleeOf, ruffVisits, targetMatches, type Callee } from './argumentCallees';
import { resolveExpression } from './importBindings';
import { beyondRuff, codeFor, nodeRange, wantsFixes, type LintContext } from './lintContext';
import { RULE_FINDINGS_CEILING } from './lintLimits';
import { positionalSites } from './positionalArguments';

/** The text of a plain string literal, or undefined for f-strings and concatenations. */
export function stringLiteralValue(node: Node): string | undefined {
  if (node.type !== 'string') return undefined;
  let value = '';
  for (const c of node.namedChildren) {
    if (!c) continue;
    if (c.type === 'string_start') {
      if (/[fF]/.test(c.text)) return undefined;
    } else if (c.type === 'string_content') value += c.text;
    else if (c.type !== 'string_end') return undefined;
  }
  return value;
}

/** An enum whose members' values are their lower-cased names (`TriggerRule.DUMMY == "dummy"`). */
const VALUE_ENUMS = new Set(['airflow.utils.trigger_rule.TriggerRule']);

/**
 * The value a value rule compares with: a plain string, or a member of a value enum
 * (`TriggerRule.NONE_FAILED_OR_SKIPPED` is the string "none_failed_or_skipped" to Airflow 2, which
 * warns about both). The member is left to the name table where it gates (removed in 3.0).
 */
function argumentValue(ctx: LintContext, node: Node | null): { value: string; member?: Node } | undefined {
  if (!node) return undefined;
  const text = stringLiteralValue(node);
  if (text !== undefined) return { value: text };
  const path = node.type === 'attribute' ? resolveExpression(node, ctx.bindings) : undefined;
  if (!path || !VALUE_ENUMS.has(path.slice(0, path.lastIndexOf('.')))) return undefined;
  const row = ctx.rules.lookupName(path);
  if (row && gateRule(row, ctx.target)) return undefined;
  return { value: path.slice(path.lastIndexOf('.') + 1).toLowerCase(), member: node };
}

/** One finding per argument: the most severe, then the most specific rule's (a value over any value). */
const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
const TARGET_RANK = { dag: 0, operator: 0, classSuffix: 1, class: 2, method: 2 } as const;
function rank(rule: ArgumentRule, f: Finding): number {
  return SEVERITY_RANK[f.severity] * 100 + (rule.value !== undefined ? 10 : 0) + TARGET_RANK[rule.target.kind];
}

/** Removed and deprecated arguments of DAG(...), @dag(...), operators, @task and a few methods. */
export function checkArguments(ctx: LintContext): Finding[] {
  // Per argument node, the best finding so far (insertion order is source order).
  const best = new Map<number, { finding: Finding; rank: number }>();
  const keep = (at: Node, rule: ArgumentRule, f: Finding) => {
    const r = rank(rule, f);
    const prev = best.get(at.id);
    if (!prev || r > prev.rank) best.set(at.id, { finding: f, rank: r });
  };
  const callees = new Map<number, Callee | undefined>();
  const calleeFor = (call: Node) => {
    if (!callees.has(call.id)) callees.set(call.id, calleeOf(ctx, call));
    return callees.get(call.id);
  };
  // Argument names per call, read once: a call may have thousands of keyword arguments.
  const names = new Map<number, ReadonlySet<string>>();
  for (const { node: kw } of ctx.syntax.keywords) {
    if (best.size >= RULE_FINDINGS_CEILING) break;
    const nameNode = kw.childForFieldName('name');
    const candidates = nameNode ? ctx.rules.argumentsByName.get(nameNode.text) : undefined;
    // Names only the MWAA rules read (start_date, dag_id) stop here, before two `parent` lookups.
    if (!nameNode || !candidates) continue;
    const call = kw.parent?.parent;
    if (call?.type !== 'call') continue;
    const callee = calleeFor(call);
    if (!callee) continue;
    const valueNode = kw.childForFieldName('value');
    for (const rule of candidates) {
      if (!targetMatches(rule.target, callee)) continue;
      const value = rule.value !== undefined ? argumentValue(ctx, valueNode) : undefined;
      if (rule.value !== undefined && value?.value !== rule.value) continue;
      const gate = gateRule(rule, ctx.target);
      if (!gate) continue;
      if (!names.has(call.id)) names.set(call.id, keywordNamesOfCall(call));
      const site = { nameNode, valueNode, member: value?.member, keywordNames: names.get(call.id)! };
      keep(nameNode, rule, argumentFinding(ctx, rule, callee, site, gate));
    }
  }
  for (const { rule, call, node } of positionalSites(ctx)) {
    const callee = calleeFor(call);
    const gate = callee && targetMatches(rule.target, callee) ? gateRule(rule, ctx.target) : undefined;
    if (callee && gate) keep(node, rule, positionalFinding(ctx, rule, callee, node, gate));
  }
  return [...best.values()].map((b) => b.finding);
}

function keywordNamesOfCall(call: Node): ReadonlySet<string> {
  const out = new Set<string>();
  for (const c of call.childForFieldName('arguments')?.namedChildren ?? []) {
    const name = c?.type === 'keyword_argument' ? c.childForFieldName('name') : null;
    if (name) out.add(name.text);
  }
  return out;
}

/** Where a keyword argument is: its name, its value (a `TriggerRule.X` member, if so), its call's other names. */
interface KeywordSite {
  readonly nameNode: Node;
  readonly valueNode: Node | null;
  readonly member: Node | undefined;
  readonly keywordNames: ReadonlySet<string>;
}

function argumentFinding(ctx: LintContext, rule: ArgumentRule, callee: Callee, site: KeywordSite, gate: Gate): Finding {
  const label = calleeLabel(rule.target, callee);
  const { nameNode, valueNode, member } = site;
  const fixes: Fix[] = [];
  let message: string;
  let range = nodeRange(ctx, nameNode);
  if (rule.value !== undefined && valueNode) {
    range = ctx.index.range(nameNode.startIndex, valueNode.endIndex);
    const shown = member ? member.text : `'${rule.value}'`;
    message = `\`${rule.arg}=${shown}\` in ${label}(...) is ${gate.reason}`;
    if (rule.replacementValue) {
      const attr = member?.childForFieldName('attribute');
      const content = member ? attr : valueNode.namedChildren.find((c) => c?.type === 'string_content');
      const newText = member ? rule.replacementValue.toUpperCase() : rule.replacementValue;
      const spelled = member ? `${member.text.slice(0, member.text.lastIndexOf('.') + 1)}${newText}` : `'${newText}'`;
      message += member ? `; use \`${spelled}\`` : `; use ${spelled}`;
      if (content && wantsFixes(ctx)) {
        fixes.push({
          kind: 'replaceArgumentValue',
          title: `Use ${rule.arg}=${spelled}`,
          edits: [{ range: nodeRange(ctx, content), newText }],
        });
      }
    }
  } else {
    message = `Argument \`${rule.arg}\` of ${label}(...) is ${gate.reason}`;
    if (rule.replacement) {
      message += `; use \`${rule.replacement}\``;
      const clash = site.keywordNames.has(rule.replacement);
      if (!clash && wantsFixes(ctx)) {
        fixes.push({
          kind: 'renameArgument',
          title: `Rename ${rule.arg} to ${rule.replacement}`,
          edits: [{ range: nodeRange(ctx, nameNode), newText: rule.replacement }],
        });
      }
    } else {
      message += '; remove it';
    }
  }
  return argumentResult(rule, callee, gate, range, withHint(message, rule, gate), fixes);
}

/** `FabAuthManager(None)`: the positional form of a removed argument. */
function positionalFinding(ctx: LintContext, rule: ArgumentRule, callee: Callee, node: Node, gate: Gate): Finding {
  const label = calleeLabel(rule.target, callee);
  const message = `Argument \`${rule.arg}\` of ${label}(...) (passed positionally here) is ${gate.reason}; remove it`;
  return argumentResult(rule, callee, gate, nodeRange(ctx, node), withHint(message, rule, gate), []);
}

function withHint(message: string, rule: ArgumentRule, gate: Gate): string {
  let out = message;
  if (rule.message) out += `. ${rule.message.replace(/\.?$/, '.')}`;
  if (gate.upgradeOnly) out += ` [upgrade check: Airflow ${gate.at}]`;
  return out;
}

function argumentResult(rule: ArgumentRule, callee: Callee, gate: Gate, range: Finding['range'], message: string, fixes: Fix[]): Finding {
  const code = codeFor(rule, gate, 'MWAA202');
  return {
    range,
    // Where ruff's rules do not look (sensors, @task(...), the string 'dummy'): our MWAA3xx.
    code: ruffVisits(rule, callee) ? code : beyondRuff(code),
    severity: gate.severity,
    message,
    fixes,
    ...(gate.upgradeOnly ? { upgradeOnly: true } : {}),
  };
}
