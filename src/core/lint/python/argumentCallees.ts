import type { Node } from 'web-tree-sitter';
import type { ArgumentRule, ArgumentTarget } from '../ruleTable';
import { resolveExpression } from './importBindings';
import type { LintContext } from './lintContext';
import { parentOf } from './treeParents';

const DAG_CALLABLES = new Set(['DAG', 'dag']);
const TASK_DECORATORS = ['airflow.decorators.task', 'airflow.sdk.task'];

/** What a call constructs, as far as the argument rules care. */
export interface Callee {
  readonly dotted: string;
  readonly last: string;
  /** For `X.method(...)`: the dotted path of X. */
  readonly owner?: string;
}

export function calleeOf(ctx: LintContext, call: Node): Callee | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  const dotted = resolveExpression(fn, ctx.bindings);
  if (!dotted || !dotted.startsWith('airflow')) return undefined;
  const cut = dotted.lastIndexOf('.');
  return { dotted, last: dotted.slice(cut + 1), owner: dotted.slice(0, cut) };
}

/** `@task`, `@task.python`, `@task(...)` of airflow.decorators or the SDK. */
export function isTaskDecorator(dotted: string): boolean {
  return TASK_DECORATORS.some((t) => dotted === t || dotted.startsWith(t + '.'));
}

export function targetMatches(target: ArgumentTarget, callee: Callee): boolean {
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

export function calleeLabel(target: ArgumentTarget, callee: Callee): string {
  if (target.kind === 'dag') return callee.last === 'dag' ? '@dag' : 'DAG';
  return callee.last;
}

/**
 * The operator classes ruff checks operator arguments on: `*Operator` in a module under
 * `airflow.operators`, or under an `operators` package of a provider. Not sensors, transfers,
 * BaseOperator or `@task` (ruff 0.17.3, ruffSemantics.json `argumentsOnTask`).
 */
export function isRuffOperatorPath(dotted: string): boolean {
  const parts = dotted.split('.');
  const last = parts[parts.length - 1]!;
  if (parts[0] !== 'airflow' || !last.endsWith('Operator')) return false;
  if (parts[1] === 'providers') {
    const at = parts.indexOf('operators', 2);
    return at > 0 && at < parts.length - 1;
  }
  return parts[1] === 'operators' && parts.length > 3;
}

/** `@task(...)` itself (ruff does not look at `@task.python(...)` or `@task.virtualenv(...)`). */
function isBareTask(dotted: string): boolean {
  return TASK_DECORATORS.includes(dotted);
}

/** Whether ruff's rules report this argument rule on this call (else the finding is MWAA3xx). */
export function ruffVisits(rule: ArgumentRule, callee: Callee): boolean {
  if (rule.notRuff) return false;
  if (rule.target.kind !== 'operator') return true;
  if (isTaskDecorator(callee.dotted)) return rule.ruffOnTask === true && isBareTask(callee.dotted);
  return isRuffOperatorPath(callee.dotted);
}

/**
 * Is `node` the value of `argName=` in a call where ruff checks that argument's values (an
 * operator class, a bare `@task(...)`)? ruff reports `TriggerRule.NONE_FAILED_OR_SKIPPED` only there.
 */
export function ruffChecksArgumentValue(ctx: LintContext, node: Node, argName: string): boolean {
  const kw = parentOf(node);
  if (kw?.type !== 'keyword_argument' || kw.childForFieldName('name')?.text !== argName) return false;
  if (kw.childForFieldName('value')?.id !== node.id) return false;
  const list = parentOf(kw);
  const call = list && parentOf(list);
  if (call?.type !== 'call') return false;
  const callee = calleeOf(ctx, call);
  return callee !== undefined && (isRuffOperatorPath(callee.dotted) || isBareTask(callee.dotted));
}
