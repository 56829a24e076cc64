import type { Node } from 'web-tree-sitter';
import { gateRule } from '../airflowVersion';
import type { ArgumentRule, ArgumentTarget } from '../ruleTable';
import type { Finding, Fix } from '../types';
import { resolveExpression } from './importBindings';
import { beyondRuff, codeFor, nodeRange, type LintContext } from './lintContext';
import { RULE_FINDINGS_CEILING } from './lintLimits';

const DAG_CALLABLES = new Set(['DAG', 'dag']);
const TASK_DECORATORS = ['airflow.decorators.task', 'airflow.sdk.task'];

/** What a call constructs, as far as the argument rules care. */
interface Callee {
  readonly dotted: string;
  readonly last: string;
  /** For `X.method(...)`: the dotted path of X. */
  readonly owner?: string;
}

function calleeOf(ctx: LintContext, call: Node): Callee | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  const dotted = resolveExpression(fn, ctx.bindings);
  if (!dotted || !dotted.startsWith('airflow')) return undefined;
  const cut = dotted.lastIndexOf('.');
  return { dotted, last: dotted.slice(cut + 1), owner: dotted.slice(0, cut) };
}

function isTaskDecorator(dotted: string): boolean {
  return TASK_DECORATORS.some((t) => dotted === t || dotted.startsWith(t + '.'));
}

function targetMatches(target: ArgumentTarget, callee: Callee): boolean {
  switch (target.kind) {
    case 'dag':
      return DAG_CALLABLES.has(callee.last);
    case 'operator':
      return /(Operator|Sensor)$/.test(callee.last) || isTaskDecorator(callee.dotted);
    case 'class':
      return target.names.includes(callee.last);
    case 'classSuffix':
      return callee.last.endsWith(target.suffix);
    case 'method':
      return callee.owner !== undefined && target.classPaths.includes(callee.owner) && target.methods.includes(callee.last);
  }
}

function calleeLabel(target: ArgumentTarget, callee: Callee): string {
  if (target.kind === 'dag') return callee.last === 'dag' ? '@dag' : 'DAG';
  return callee.last;
}

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

/** Removed and deprecated arguments of DAG(...), @dag(...), operators, @task and a few methods. */
export function checkArguments(ctx: LintContext): Finding[] {
  const out: Finding[] = [];
  const callees = new Map<number, Callee | undefined>();
  // Argument names per call, read once: a call may have thousands of keyword arguments.
  const names = new Map<number, ReadonlySet<string>>();
  for (const { node: kw } of ctx.syntax.keywords) {
    if (out.length >= RULE_FINDINGS_CEILING) break;
    const nameNode = kw.childForFieldName('name');
    const candidates = nameNode ? ctx.rules.argumentsByName.get(nameNode.text) : undefined;
    const call = kw.parent?.parent;
    if (!nameNode || !candidates || call?.type !== 'call') continue;
    if (!callees.has(call.id)) callees.set(call.id, calleeOf(ctx, call));
    const callee = callees.get(call.id);
    if (!callee) continue;
    const valueNode = kw.childForFieldName('value');
    for (const rule of candidates) {
      if (!targetMatches(rule.target, callee)) continue;
      if (rule.value !== undefined && (!valueNode || stringLiteralValue(valueNode) !== rule.value)) continue;
      const gate = gateRule(rule, ctx.target);
      if (!gate) continue;
      if (!names.has(call.id)) names.set(call.id, keywordNamesOfCall(call));
      out.push(argumentFinding(ctx, rule, callee, nameNode, valueNode, names.get(call.id)!, gate));
    }
  }
  return out;
}

function keywordNamesOfCall(call: Node): ReadonlySet<string> {
  const out = new Set<string>();
  for (const c of call.childForFieldName('arguments')?.namedChildren ?? []) {
    const name = c?.type === 'keyword_argument' ? c.childForFieldName('name') : null;
    if (name) out.add(name.text);
  }
  return out;
}

function argumentFinding(
  ctx: LintContext,
  rule: ArgumentRule,
  callee: Callee,
  nameNode: Node,
  valueNode: Node | null,
  keywordNames: ReadonlySet<string>,
  gate: NonNullable<ReturnType<typeof gateRule>>,
): Finding {
  const label = calleeLabel(rule.target, callee);
  const fixes: Fix[] = [];
  let message: string;
  let range = nodeRange(ctx, nameNode);
  if (rule.value !== undefined && valueNode) {
    range = ctx.index.range(nameNode.startIndex, valueNode.endIndex);
    message = `\`${rule.arg}='${rule.value}'\` in ${label}(...) is ${gate.reason}`;
    if (rule.replacementValue) {
      message += `; use '${rule.replacementValue}'`;
      const content = valueNode.namedChildren.find((c) => c?.type === 'string_content');
      if (content) {
        fixes.push({
          kind: 'replaceArgumentValue',
          title: `Use ${rule.arg}='${rule.replacementValue}'`,
          edits: [{ range: nodeRange(ctx, content), newText: rule.replacementValue }],
        });
      }
    }
  } else {
    message = `Argument \`${rule.arg}\` of ${label}(...) is ${gate.reason}`;
    if (rule.replacement) {
      message += `; use \`${rule.replacement}\``;
      const clash = keywordNames.has(rule.replacement);
      if (!clash) {
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
  if (gate.upgradeOnly) message += ` [upgrade check: Airflow ${gate.at}]`;
  const code = codeFor(rule, gate, 'MWAA202');
  return {
    range,
    // ruff checks the enum member `TriggerRule.DUMMY`, not a string value of the argument, and
    // operator arguments only on operator classes, not on `@task(...)`.
    code: rule.value !== undefined || isTaskDecorator(callee.dotted) ? beyondRuff(code) : code,
    severity: gate.severity,
    message,
    fixes,
    ...(gate.upgradeOnly ? { upgradeOnly: true } : {}),
  };
}
