import type { Node } from 'web-tree-sitter';
import { compareVersions, gateRule, type Gate } from '../airflowVersion';
import type { ContextKeyRule } from '../ruleTable';
import type { Finding, Fix, Range } from '../types';
import { stringLiteralValue } from './argumentRules';
import { airflowBases, methodClass } from './classBases';
import { contextHolders, isTaskFunction, isTaskKwargs } from './contextHolders';
import { beyondRuff, codeFor, nodeRange, wantsFixes, type LintContext } from './lintContext';
import { RULE_FINDINGS_CEILING } from './lintLimits';

/**
 * `beyond`: a site ruff's AIR301 does not check (it reads keys only from the `**` parameter of a
 * `@task` function, and parameters of `@task` functions and of BaseOperator subclasses' `execute`),
 * so an Airflow 3 finding gets MWAA3xx instead of AIR3xx.
 */
function keyFinding(ctx: LintContext, rule: ContextKeyRule, range: Range, gate: Gate, where: string, beyond: boolean): Finding {
  let message = `Context key \`${rule.key}\`${where} is ${gate.reason}`;
  const fixes: Fix[] = [];
  if (rule.replacement) {
    message += `; use \`${rule.replacement}\``;
    if (wantsFixes(ctx)) fixes.push({ kind: 'renameContextKey', title: `Use ${rule.replacement}`, edits: [{ range, newText: rule.replacement }] });
  } else if (rule.hint) message += `; use ${rule.hint}`;
  if (gate.upgradeOnly) message += ` [upgrade check: Airflow ${gate.at}]`;
  // A key removed in 3.0 that ruff's table lacks (tomorrow_ds_nodash) is still an Airflow 3 removal.
  const removed3 = !rule.rule && gate.severity === 'error' && !!rule.removedIn && compareVersions(rule.removedIn, '3.0') >= 0;
  const code = removed3 ? 'MWAA301' : codeFor(rule, gate, 'MWAA203');
  return { range, code: beyond ? beyondRuff(code) : code, severity: gate.severity, message, fixes, ...(gate.upgradeOnly ? { upgradeOnly: true } : {}) };
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
    out.push(keyFinding(ctx, hit.rule, contentRange(ctx, key), hit.gate, '', !isTaskKwargs(ctx, use, holder.text)));
  };
  for (const sub of ctx.syntax.subscripts) {
    const value = sub.childForFieldName('value');
    const key = sub.childForFieldName('subscript');
    if (value?.type === 'identifier' && key) checkKeyUse(sub, value, key);
  }
  for (const { node: call, callee } of ctx.syntax.calls) {
    if (callee !== 'get') continue;
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

/**
 * Keys ruff reports in `context["..."]` but not as a parameter name (its wasm build, 0.17.3, on
 * every key of the table: the renamed `triggering_dataset_events` is checked in subscripts only).
 */
const RUFF_SUBSCRIPT_ONLY = new Set(['triggering_dataset_events']);

/** ruff checks `execute` of classes deriving from any `airflow.….BaseOperator` (also through classes of the file). */
function isRuffOperatorBase(path: string): boolean {
  return path.endsWith('.BaseOperator');
}

/** Other Airflow operator and sensor classes: the same parameters there are ours only. */
function isOperatorBase(path: string): boolean {
  const name = path.slice(path.lastIndexOf('.') + 1);
  return /(Operator|Sensor)(Async)?$/.test(name);
}

/**
 * Parameters named after removed context keys: of a `@task` function (Airflow fills them from
 * the context) and of an operator's `execute(self, next_ds, context)` (ruff reports both).
 */
function checkTaskParameters(ctx: LintContext, out: Finding[]): void {
  for (const fn of ctx.syntax.functions) {
    if (out.length >= RULE_FINDINGS_CEILING) return;
    let where: string;
    let ruffSite: boolean;
    if (isTaskFunction(ctx, fn)) {
      where = ' (task parameter)';
      ruffSite = true;
    } else {
      const kind = fn.childForFieldName('name')?.text === 'execute' ? executeOwner(ctx, fn) : undefined;
      if (!kind) continue;
      where = ' (execute() parameter)';
      ruffSite = kind === 'ruff';
    }
    for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
      const id = p?.type === 'identifier' ? p : p?.type === 'default_parameter' || p?.type === 'typed_parameter' || p?.type === 'typed_default_parameter' ? p.namedChildren.find((c) => c?.type === 'identifier') : undefined;
      if (!id) continue;
      const hit = gateKey(ctx, id.text);
      if (hit) out.push(keyFinding(ctx, hit.rule, nodeRange(ctx, id), hit.gate, where, !ruffSite || RUFF_SUBSCRIPT_ONLY.has(id.text)));
    }
  }
}

/** Whether `fn` is `execute` of an operator class: 'ruff' when ruff checks it too. */
function executeOwner(ctx: LintContext, fn: Node): 'ruff' | 'ours' | undefined {
  const cls = methodClass(fn);
  if (!cls) return undefined;
  const bases = airflowBases(ctx, cls);
  if (bases.some((b) => isRuffOperatorBase(b.path))) return 'ruff';
  return bases.some((b) => isOperatorBase(b.path)) ? 'ours' : undefined;
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
        out.push(keyFinding(ctx, hit.rule, ctx.index.range(from, from + m[1]!.length), hit.gate, ' in a Jinja template', true));
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
