import type { Node } from 'web-tree-sitter';
import { gateRule, type Gate } from '../airflowVersion';
import type { ContextKeyRule } from '../ruleTable';
import type { Finding, Fix, Range } from '../types';
import { stringLiteralValue } from './argumentRules';
import { resolveExpression } from './importBindings';
import { beyondRuff, codeFor, nodeRange, type LintContext } from './lintContext';
import { RULE_FINDINGS_CEILING } from './lintLimits';
import { ancestorOfType } from './treeParents';

/** Names that hold the task context by convention. */
const CONTEXT_NAMES = new Set(['context', 'ctx', 'kwargs']);
const GET_CURRENT_CONTEXT = /(^|\.)get_current_context$/;

/**
 * `beyond`: a site ruff's AIR301 does not check (it reads keys only from the `**` parameter of a
 * `@task` function, and task parameters), so an Airflow 3 finding gets MWAA3xx instead of AIR3xx.
 */
function keyFinding(rule: ContextKeyRule, range: Range, gate: Gate, where: string, beyond: boolean): Finding {
  let message = `Context key \`${rule.key}\`${where} is ${gate.reason}`;
  const fixes: Fix[] = [];
  if (rule.replacement) {
    message += `; use \`${rule.replacement}\``;
    fixes.push({ kind: 'renameContextKey', title: `Use ${rule.replacement}`, edits: [{ range, newText: rule.replacement }] });
  } else if (rule.hint) message += `; use ${rule.hint}`;
  if (gate.upgradeOnly) message += ` [upgrade check: Airflow ${gate.at}]`;
  const code = codeFor(rule, gate, 'MWAA203');
  return { range, code: beyond ? beyondRuff(code) : code, severity: gate.severity, message, fixes, ...(gate.upgradeOnly ? { upgradeOnly: true } : {}) };
}

const FUNCTION = new Set(['function_definition']);

function enclosingFunction(node: Node): Node | null {
  return ancestorOfType(node, FUNCTION);
}

/** Whether `holder` is the `**` parameter of the `@task` function directly around `node`. */
function isTaskKwargs(ctx: LintContext, node: Node, holder: string): boolean {
  const fn = enclosingFunction(node);
  if (!fn || !isTaskFunction(ctx, fn)) return false;
  return (fn.childForFieldName('parameters')?.namedChildren ?? []).some(
    (p) => p?.type === 'dictionary_splat_pattern' && p.namedChildren.some((c) => c?.type === 'identifier' && c.text === holder),
  );
}

function isTaskFunction(ctx: LintContext, fn: Node): boolean {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : null;
  return !!decorated && decorated.namedChildren.some((d) => {
    if (d?.type !== 'decorator') return false;
    let expr: Node | null = d.namedChildren[0] ?? null;
    if (expr?.type === 'call') expr = expr.childForFieldName('function');
    const dotted = expr ? resolveExpression(expr, ctx.bindings) : undefined;
    return !!dotted && /^airflow\.(decorators|sdk)\.task(\.|$)/.test(dotted);
  });
}

/** Names in scope at `node` bound to the task context: `**kwargs` of enclosing functions, etc. */
function contextHolders(ctx: LintContext, node: Node, cache: Map<number, Set<string>>): Set<string> {
  const fn = enclosingFunction(node);
  if (!fn) return CONTEXT_NAMES;
  const cached = cache.get(fn.id);
  if (cached) return cached;
  const names = new Set(CONTEXT_NAMES);
  const params = fn.childForFieldName('parameters');
  for (const p of params?.namedChildren ?? []) {
    if (p?.type === 'dictionary_splat_pattern') {
      const id = p.namedChildren.find((c) => c?.type === 'identifier');
      if (id) names.add(id.text);
    }
  }
  const body = fn.childForFieldName('body');
  for (const stmt of body?.namedChildren ?? []) {
    const assign = stmt?.type === 'expression_statement' ? stmt.namedChildren[0] : null;
    if (assign?.type !== 'assignment') continue;
    const left = assign.childForFieldName('left');
    const right = assign.childForFieldName('right');
    if (left?.type === 'identifier' && right?.type === 'call') {
      const callee = right.childForFieldName('function');
      if (callee && GET_CURRENT_CONTEXT.test(resolveExpression(callee, ctx.bindings) ?? callee.text)) names.add(left.text);
    }
  }
  cache.set(fn.id, names);
  return names;
}

function gateKey(ctx: LintContext, key: string): { rule: ContextKeyRule; gate: Gate } | undefined {
  const rule = ctx.rules.contextKeys.get(key);
  if (!rule) return undefined;
  const gate = gateRule(rule, ctx.target);
  return gate ? { rule, gate } : undefined;
}

const keyPatterns = new WeakMap<object, RegExp | null>();

/** Any of the table's context keys as a whole word (not global: `test` only). */
function keyPatternOf(ctx: LintContext): RegExp | null {
  let re = keyPatterns.get(ctx.rules);
  if (re === undefined) {
    const keys = [...ctx.rules.contextKeys.keys()];
    re = keys.length ? new RegExp(`(?<![A-Za-z0-9_])(?:${keys.join('|')})(?![A-Za-z0-9_])`) : null;
    keyPatterns.set(ctx.rules, re);
  }
  return re;
}

/** `context["execution_date"]`, `kwargs.get("next_ds")`, task parameters and `{{ execution_date }}`. */
export function checkContextKeys(ctx: LintContext): Finding[] {
  const out: Finding[] = [];
  // Most files never spell a removed key: skip every pass below.
  const anyKey = keyPatternOf(ctx);
  if (!anyKey || !anyKey.test(ctx.index.text.slice(ctx.syntax.span.start, ctx.syntax.span.end))) return out;
  const cache = new Map<number, Set<string>>();
  /** `holder[key]` or `holder.get(key)` at `use`: a finding when the key is a gated literal and `holder` holds the context. */
  const checkKeyUse = (use: Node, holder: Node, key: Node) => {
    if (out.length >= RULE_FINDINGS_CEILING) return;
    const text = stringLiteralValue(key);
    if (text === undefined) return;
    const hit = gateKey(ctx, text);
    if (!hit || !contextHolders(ctx, use, cache).has(holder.text)) return;
    out.push(keyFinding(hit.rule, contentRange(ctx, key), hit.gate, '', !isTaskKwargs(ctx, use, holder.text)));
  };
  for (const sub of ctx.syntax.subscripts) {
    const value = sub.childForFieldName('value');
    const key = sub.childForFieldName('subscript');
    if (value?.type === 'identifier' && key) checkKeyUse(sub, value, key);
  }
  for (const { node: call } of ctx.syntax.calls) {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'get') continue;
    const obj = fn.childForFieldName('object');
    const first = call.childForFieldName('arguments')?.namedChildren[0];
    if (obj?.type === 'identifier' && first) checkKeyUse(call, obj, first);
  }
  checkTaskParameters(ctx, out);
  checkJinja(ctx, out);
  return out;
}

/** The range inside the quotes (where a rename goes). */
function contentRange(ctx: LintContext, str: Node): Range {
  const content = str.namedChildren.find((c) => c?.type === 'string_content');
  return content ? nodeRange(ctx, content) : nodeRange(ctx, str);
}

/** `@task def f(execution_date, ...)`: Airflow fills parameters named after context keys. */
function checkTaskParameters(ctx: LintContext, out: Finding[]): void {
  for (const fn of ctx.syntax.functions) {
    if (out.length >= RULE_FINDINGS_CEILING) return;
    if (!isTaskFunction(ctx, fn)) continue;
    for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
      const id = p?.type === 'identifier' ? p : p?.type === 'default_parameter' || p?.type === 'typed_parameter' ? p.namedChildren.find((c) => c?.type === 'identifier') : undefined;
      if (!id) continue;
      const hit = gateKey(ctx, id.text);
      if (hit) out.push(keyFinding(hit.rule, nodeRange(ctx, id), hit.gate, ' (task parameter)', false));
    }
  }
}

/** Keys used as variables inside `{{ }}` / `{% %}` of string literals (not `dag_run.conf`). */
function checkJinja(ctx: LintContext, out: Finding[]): void {
  const keys = [...ctx.rules.contextKeys.keys()];
  if (keys.length === 0) return;
  const keyPattern = new RegExp(`(?<![\\w.])(${keys.join('|')})(?![\\w])`, 'g');
  for (const str of ctx.syntax.templateStrings) {
    const start = str.namedChildren[0];
    if (start?.type === 'string_start' && /[fF]/.test(start.text)) continue;
    for (const { inner, innerOffset } of jinjaBlocks(str.text)) {
      keyPattern.lastIndex = 0;
      for (let m = keyPattern.exec(inner); m && out.length < RULE_FINDINGS_CEILING; m = keyPattern.exec(inner)) {
        const hit = gateKey(ctx, m[1]!);
        if (!hit) continue;
        const from = str.startIndex + innerOffset + m.index;
        out.push(keyFinding(hit.rule, ctx.index.range(from, from + m[1]!.length), hit.gate, ' in a Jinja template', true));
      }
    }
  }
}

/**
 * `{{ ... }}` and `{% ... %}` blocks of a template, each closed by the first closer after it (what
 * a lazy regex matches), found with indexOf: a regex retried at every unclosed `{{` of a long
 * string would rescan the rest of it each time.
 */
function* jinjaBlocks(text: string): Generator<{ inner: string; innerOffset: number }> {
  const opener = { curly: '{{', percent: '{%' } as const;
  const closer = { curly: '}}', percent: '%}' } as const;
  const live = { curly: true, percent: true };
  for (let from = 0; live.curly || live.percent; ) {
    const a = live.curly ? text.indexOf(opener.curly, from) : -1;
    const b = live.percent ? text.indexOf(opener.percent, from) : -1;
    if (a < 0 && b < 0) return;
    const kind = b < 0 || (a >= 0 && a < b) ? 'curly' : 'percent';
    const open = kind === 'curly' ? a : b;
    const close = text.indexOf(closer[kind], open + 2);
    // No closer after this opener: no later opener of its kind can close either.
    if (close < 0) live[kind] = false;
    else {
      yield { inner: text.slice(open + 2, close), innerOffset: open + 2 };
      from = close + 2;
    }
  }
}
