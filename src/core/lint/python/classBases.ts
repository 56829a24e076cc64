import type { Node } from 'web-tree-sitter';
import { resolveExpression } from './importBindings';
import type { LintContext } from './lintContext';
import { parentOf } from './treeParents';

/** Local classes followed up a hierarchy (`class C(B)`, `class B(A)`, ...) before giving up. */
const MAX_LOCAL_LEVELS = 8;

/** An Airflow class a class derives from. */
export interface AirflowBase {
  /** Its dotted path through the imports (`airflow.models.baseoperator.BaseOperator`). */
  readonly path: string;
  /** Named in the class's own bases (not reached through a class of this file). */
  readonly direct: boolean;
}

/** The class whose body defines `fn` directly (a method, decorated or not), if any. */
export function methodClass(fn: Node): Node | null {
  let p = parentOf(fn);
  if (p?.type === 'decorated_definition') p = parentOf(p);
  if (p?.type !== 'block') return null;
  const cls = parentOf(p);
  return cls?.type === 'class_definition' ? cls : null;
}

/** The class around `node`'s innermost function, when that function is one of its methods. */
export function enclosingMethodClass(node: Node): Node | null {
  for (let p = parentOf(node); p; p = parentOf(p)) {
    if (p.type === 'function_definition') return methodClass(p);
    if (p.type === 'lambda' || p.type === 'class_definition') return null;
  }
  return null;
}

const localClassCache = new WeakMap<object, Map<string, Node>>();

/** Module-level classes of the file by name (computed once per lint). */
function localClasses(ctx: LintContext): Map<string, Node> {
  let out = localClassCache.get(ctx.syntax);
  if (!out) {
    out = new Map();
    for (const stmt of ctx.tree.rootNode.namedChildren) {
      const cls = stmt?.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
      const name = cls?.type === 'class_definition' ? cls.childForFieldName('name') : null;
      if (cls && name) out.set(name.text, cls);
    }
    localClassCache.set(ctx.syntax, out);
  }
  return out;
}

/** The expressions in `class C(A, m.B, metaclass=M)`: A and m.B. */
function baseExpressions(cls: Node): Node[] {
  const list = cls.childForFieldName('superclasses');
  return (list?.namedChildren ?? []).filter((n): n is Node => !!n && (n.type === 'identifier' || n.type === 'attribute'));
}

/**
 * The Airflow classes `cls` derives from: its bases resolved through the imports, and the bases
 * of classes of this file it names (`class B(A)` with `class A(BaseOperator)` above), a few levels up.
 */
export function airflowBases(ctx: LintContext, cls: Node): AirflowBase[] {
  let cache = basesCache.get(ctx.syntax);
  if (!cache) basesCache.set(ctx.syntax, (cache = new Map()));
  let out = cache.get(cls.id);
  if (!out) {
    out = resolveBases(ctx, cls);
    cache.set(cls.id, out);
  }
  return out;
}

const basesCache = new WeakMap<object, Map<number, AirflowBase[]>>();

function resolveBases(ctx: LintContext, cls: Node): AirflowBase[] {
  const out: AirflowBase[] = [];
  const seen = new Set<number>([cls.id]);
  let level: Node[] = [cls];
  for (let depth = 0; depth < MAX_LOCAL_LEVELS && level.length > 0; depth++) {
    const next: Node[] = [];
    for (const c of level) {
      for (const base of baseExpressions(c)) {
        const path = resolveExpression(base, ctx.bindings);
        if (path?.startsWith('airflow.')) out.push({ path, direct: depth === 0 });
        else if (base.type === 'identifier' && !ctx.bindings.byLocal.has(base.text)) {
          const local = localClasses(ctx).get(base.text);
          if (local && !seen.has(local.id)) {
            seen.add(local.id);
            next.push(local);
          }
        }
      }
    }
    level = next;
  }
  return out;
}
