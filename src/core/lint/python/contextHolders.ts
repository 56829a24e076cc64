import type { Node } from 'web-tree-sitter';
import { resolveExpression } from './importBindings';
import type { LintContext } from './lintContext';
import { ancestorOfType } from './treeParents';

/** Names that hold the task context by convention. */
const CONTEXT_NAMES = new Set(['context', 'ctx', 'kwargs']);
const GET_CURRENT_CONTEXT = /(^|\.)get_current_context$/;
const FUNCTION = new Set(['function_definition']);

export function enclosingFunction(node: Node): Node | null {
  return ancestorOfType(node, FUNCTION);
}

/** A `@task` / `@task.python(...)` function (Airflow's decorator, through the imports). */
export function isTaskFunction(ctx: LintContext, fn: Node): boolean {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : null;
  return !!decorated && decorated.namedChildren.some((d) => {
    if (d?.type !== 'decorator') return false;
    let expr: Node | null = d.namedChildren[0] ?? null;
    if (expr?.type === 'call') expr = expr.childForFieldName('function');
    const dotted = expr ? resolveExpression(expr, ctx.bindings) : undefined;
    return !!dotted && /^airflow\.(decorators|sdk)\.task(\.|$)/.test(dotted);
  });
}

/** The name of `fn`'s `**` parameter, if any. */
function kwargsName(fn: Node): string | undefined {
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    if (p?.type === 'dictionary_splat_pattern') return p.namedChildren.find((c) => c?.type === 'identifier')?.text;
  }
  return undefined;
}

/** Whether `holder` is the `**` parameter of the `@task` function directly around `node` (where ruff looks). */
export function isTaskKwargs(ctx: LintContext, node: Node, holder: string): boolean {
  const fn = enclosingFunction(node);
  return !!fn && kwargsName(fn) === holder && isTaskFunction(ctx, fn);
}

/** Names in scope at `node` bound to the task context: `**kwargs` of the enclosing function, `get_current_context()` results, the usual names. */
export function contextHolders(ctx: LintContext, node: Node, cache: Map<number, Set<string>>): Set<string> {
  const fn = enclosingFunction(node);
  if (!fn) return CONTEXT_NAMES;
  const cached = cache.get(fn.id);
  if (cached) return cached;
  const names = new Set(CONTEXT_NAMES);
  const kw = kwargsName(fn);
  if (kw) names.add(kw);
  for (const stmt of fn.childForFieldName('body')?.namedChildren ?? []) {
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
