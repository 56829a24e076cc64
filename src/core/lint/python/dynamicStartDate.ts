import type { Node } from 'web-tree-sitter';
import type { Finding } from '../types';
import { airflowBases } from './classBases';
import { resolveExpression } from './importBindings';
import { nodeRange, type LintContext } from './lintContext';
import { RULE_FINDINGS_CEILING } from './lintLimits';

const DYNAMIC_NOW = /^(datetime\.(datetime\.|date\.)?(now|utcnow|today)|pendulum\.(now|today|yesterday|tomorrow)|airflow\.utils\.timezone\.utcnow|airflow\.sdk\.timezone\.utcnow|airflow\.utils\.dates\.days_ago)$/;
/** Airflow callables that take a start_date (or default_args holding one) for a DAG or its tasks. */
const AIRFLOW_SCHEDULED = /^airflow\.(?:decorators|sdk)\.(?:task|dag|task_group)(?:\.|$)/;
const SCHEDULED_NAMES = new Set(['DAG', 'dag', 'task', 'TaskGroup', 'task_group']);
const OPERATOR_NAME = /(?:Operator|Sensor)(?:Async)?$/;
const DEFAULT_ARGS_NAME = /default_args/i;
const DEFAULT_ARGS_ARGUMENT = /(?<![A-Za-z0-9_.])default_args[ \t]*=(?!=)/g;
/** `default_args=` arguments looked at in a file (more: not followed). */
const MAX_DEFAULT_ARGS_SITES = 1000;

/**
 * `start_date=datetime.now()` given to a DAG, `@dag`, `@task` or an operator, directly, through a
 * module-level variable, or in a `default_args` dict passed to one of them (or bound to a variable
 * named like `default_args`). The same argument of any other function is not a DAG's start date.
 */
export function checkDynamicStartDate(ctx: LintContext): Finding[] {
  const out: Finding[] = [];
  const scheduled = new Map<number, boolean>();
  const counts = (call: Node | null | undefined): boolean => {
    if (call?.type !== 'call') return false;
    let hit = scheduled.get(call.id);
    if (hit === undefined) {
      hit = takesStartDate(ctx, call);
      scheduled.set(call.id, hit);
    }
    return hit;
  };
  const report = (value: Node) => {
    if (out.length >= RULE_FINDINGS_CEILING) return;
    const dyn = dynamicCall(ctx, value, 0);
    if (!dyn) return;
    out.push({
      range: nodeRange(ctx, value),
      code: 'MWAA004',
      severity: 'warning',
      message: `Dynamic start_date (${dyn}): it moves at every parse, so runs may never be scheduled; use a fixed date such as pendulum.datetime(2024, 1, 1, tz="UTC")`,
      fixes: [],
    });
  };
  for (const { node: kw } of ctx.syntax.keywords) {
    if (kw.childForFieldName('name')?.text !== 'start_date') continue;
    const value = kw.childForFieldName('value');
    const call = kw.parent?.parent;
    // dict(start_date=...) as default_args counts like {"start_date": ...}.
    if (value && (counts(call) || (isDictCall(call) && isDefaultArgs(ctx, call!, counts)))) report(value);
  }
  for (const key of ctx.syntax.startDateKeys) {
    const value = key.parent?.childForFieldName('value');
    const dict = key.parent?.parent;
    if (value && dict?.type === 'dictionary' && isDefaultArgs(ctx, dict, counts)) report(value);
  }
  return out;
}

function isDictCall(call: Node | null | undefined): boolean {
  const fn = call?.type === 'call' ? call.childForFieldName('function') : null;
  return fn?.type === 'identifier' && fn.text === 'dict';
}

/** A call of an Airflow DAG, decorator or operator class, or of a class named like an operator (a plugin's). */
function takesStartDate(ctx: LintContext, call: Node): boolean {
  let fn = call.childForFieldName('function');
  // `BashOperator.partial(...)` (dynamic task mapping) takes the operator's arguments.
  if (fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'partial') fn = fn.childForFieldName('object');
  if (!fn) return false;
  const dotted = resolveExpression(fn, ctx.bindings);
  const name = (fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text : fn.text) ?? '';
  if (dotted?.startsWith('airflow.')) {
    const last = dotted.slice(dotted.lastIndexOf('.') + 1);
    return SCHEDULED_NAMES.has(last) || OPERATOR_NAME.test(last) || AIRFLOW_SCHEDULED.test(dotted);
  }
  if (OPERATOR_NAME.test(name) || (!dotted && name === 'DAG')) return true;
  // A class of this file deriving from an Airflow operator.
  const local = !dotted && fn.type === 'identifier' ? localClass(ctx, fn.text) : undefined;
  return !!local && airflowBases(ctx, local).some((b) => OPERATOR_NAME.test(b.path));
}

function localClass(ctx: LintContext, name: string): Node | undefined {
  for (const stmt of ctx.tree.rootNode.namedChildren) {
    const cls = stmt?.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
    if (cls?.type === 'class_definition' && cls.childForFieldName('name')?.text === name) return cls;
  }
  return undefined;
}

/**
 * Whether a dict (literal or `dict(...)`) holds default_args of a DAG or task: passed as
 * `default_args=` to one, or bound to a variable that is, or to a variable named like default_args.
 */
function isDefaultArgs(ctx: LintContext, dict: Node, counts: (call: Node | null | undefined) => boolean): boolean {
  const parent = dict.parent;
  if (parent?.type === 'keyword_argument' && parent.childForFieldName('value')?.id === dict.id) {
    return parent.childForFieldName('name')?.text === 'default_args' && counts(parent.parent?.parent);
  }
  const left = parent?.type === 'assignment' && parent.childForFieldName('right')?.id === dict.id ? parent.childForFieldName('left') : null;
  if (left?.type !== 'identifier') return false;
  return DEFAULT_ARGS_NAME.test(left.text) || (passedAsDefaultArgs(ctx).get(left.text) ?? []).some((kw) => counts(kw.parent?.parent));
}

const passedCache = new WeakMap<object, Map<string, Node[]>>();

/** `default_args=NAME` arguments anywhere in the file, by NAME (one search of the text per lint). */
function passedAsDefaultArgs(ctx: LintContext): Map<string, Node[]> {
  let out = passedCache.get(ctx.syntax);
  if (out) return out;
  out = new Map();
  const text = ctx.index.text;
  DEFAULT_ARGS_ARGUMENT.lastIndex = 0;
  let n = 0;
  for (let m = DEFAULT_ARGS_ARGUMENT.exec(text); m && n < MAX_DEFAULT_ARGS_SITES; m = DEFAULT_ARGS_ARGUMENT.exec(text), n++) {
    if (ctx.syntax.deep(m.index)) continue;
    const kw = ctx.tree.rootNode.descendantForIndex(m.index, m.index + 1)?.parent;
    const value = kw?.type === 'keyword_argument' ? kw.childForFieldName('value') : null;
    if (value?.type !== 'identifier') continue;
    const list = out.get(value.text) ?? [];
    list.push(kw!);
    out.set(value.text, list);
  }
  passedCache.set(ctx.syntax, out);
  return out;
}

/** The dynamic call inside `value` (`datetime.now()`, `days_ago(1)`, `START` -> its value). */
function dynamicCall(ctx: LintContext, value: Node, depth: number): string | undefined {
  if (depth > 3) return undefined;
  if (value.type === 'identifier') {
    const assigned = ctx.syntax.moduleAssignments.get(value.text);
    return assigned ? dynamicCall(ctx, assigned, depth + 1) : undefined;
  }
  if (value.type === 'call') {
    const fn = value.childForFieldName('function');
    if (fn) {
      const dotted = resolveExpression(fn, ctx.bindings) ?? fn.text;
      if (DYNAMIC_NOW.test(dotted)) return `${fn.text}()`;
      // datetime.now() - timedelta(...), datetime.now().replace(...)
      if (fn.type === 'attribute') {
        const inner = fn.childForFieldName('object');
        if (inner) return dynamicCall(ctx, inner, depth + 1);
      }
    }
    return undefined;
  }
  if (value.type === 'binary_operator' || value.type === 'parenthesized_expression') {
    for (const c of value.namedChildren) {
      const hit = c ? dynamicCall(ctx, c, depth + 1) : undefined;
      if (hit) return hit;
    }
  }
  return undefined;
}
