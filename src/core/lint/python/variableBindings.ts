import type { Node } from 'web-tree-sitter';
import { resolveExpression } from './importBindings';
import type { LintContext } from './lintContext';
import { MAX_NESTING_DEPTH } from './lintLimits';
import { ancestorOfType, parentOf } from './treeParents';

/** How a variable came to hold an instance: ruff follows plain assignments only. */
export type Via = 'assign' | 'with' | 'dagResult';

export interface Typed {
  readonly classPath: string;
  readonly via: Via;
}

/** What a use of a variable holds, and whether ruff would type it the same way. */
export interface TypedUse extends Typed {
  /** The binding typing it is the one ruff's semantic model resolves the use to. */
  readonly ruffBinding: boolean;
}

/** One binding of a name; `value` is undefined when it is not a call we can type. */
export interface Binding {
  readonly scope: number;
  readonly value?: Typed;
  /** Offset from which the binding holds (the end of its statement or target). */
  readonly at: number;
  /** Branches (if/elif/else bodies, loop bodies, except clauses ...) of its scope it sits in. */
  readonly branches: readonly number[];
}

const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition', 'module']);
const BINDING_TYPES = ['assignment', 'augmented_assignment', 'as_pattern_target', 'for_statement', 'parameters', 'lambda_parameters', 'function_definition', 'class_definition', 'global_statement', 'nonlocal_statement', 'named_expression'];
/** Nodes whose code may not run on the way from the start of their scope to a later statement. */
const BRANCH_CLAUSES = new Set(['elif_clause', 'else_clause', 'except_clause', 'except_group_clause', 'case_clause', 'conditional_expression', 'boolean_operator']);
const LOOPS = new Set(['for_statement', 'while_statement']);
/** What a `@dag`-decorated function returns when called. */
const DAG_CLASS = 'airflow.models.dag.DAG';
const DAG_DECORATORS = new Set(['airflow.decorators.dag', 'airflow.decorators.dag.dag', 'airflow.models.dag.dag', 'airflow.sdk.dag']);

export function scopeOf(node: Node): Node {
  return ancestorOfType(node, SCOPE_TYPES) ?? node.tree.rootNode;
}

/** The branch nodes between `node` and its scope (innermost first), climbing at most the nesting limit. */
function branchesOf(node: Node): number[] {
  const out: number[] = [];
  let child = node;
  for (let p = parentOf(node), i = 0; p && !SCOPE_TYPES.has(p.type) && i < MAX_NESTING_DEPTH; child = p, p = parentOf(p), i++) {
    if (BRANCH_CLAUSES.has(p.type)) out.push(p.id);
    else if (p.type === 'if_statement' && p.childForFieldName('consequence')?.id === child.id) out.push(child.id);
    else if (LOOPS.has(p.type) && p.childForFieldName('body')?.id === child.id) out.push(child.id);
  }
  return out;
}

/**
 * The binding a use sees, the way Python runs it: in the use's own scope, the bindings before it
 * that may reach it (back to the last one on every path to it, e.g. `d = DAG(); if c: d = x()`
 * reaches with both); in an enclosing scope (a function reading a module variable), the ones that
 * may hold when the scope's code has run. Each of them bound to an Airflow class types the use
 * (the nearest first); a later plain reassignment on every path (`d = other()`) untypes it.
 */
export function typesAt(use: Node, bindings: readonly Binding[]): TypedUse[] {
  if (bindings.length === 0) return [];
  let scope: Node | null = scopeOf(use);
  let first = true;
  while (scope) {
    if (first || scope.type !== 'class_definition') {
      const here = inScope(bindings, scope.id);
      if (here.length > 0) return first ? reaching(here, use.startIndex, new Set(branchesOf(use))) : reaching(here, Infinity, new Set());
    }
    first = false;
    scope = scope.type === 'module' ? null : scopeOf(scope);
  }
  return [];
}

/** Bindings looked at per use: past them, a use behind that many conditional rebindings is not typed. */
const MAX_CANDIDATES = 64;
const byScope = new WeakMap<readonly Binding[], Map<number, Binding[]>>();

/** The bindings of one scope, by position (grouped once per name: a file may rebind a name thousands of times). */
function inScope(bindings: readonly Binding[], scope: number): Binding[] {
  let groups = byScope.get(bindings);
  if (!groups) {
    groups = new Map();
    for (const b of bindings) {
      const list = groups.get(b.scope) ?? [];
      list.push(b);
      groups.set(b.scope, list);
    }
    for (const list of groups.values()) list.sort((a, b) => a.at - b.at);
    byScope.set(bindings, groups);
  }
  return groups.get(scope) ?? [];
}

/** `here` sorted by position; see typesAt. */
function reaching(here: readonly Binding[], pos: number, useBranches: ReadonlySet<number>): TypedUse[] {
  // How many bindings hold from before `pos` (binary search: `at` is sorted).
  let lo = 0;
  let hi = here.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (here[mid]!.at <= pos) lo = mid + 1;
    else hi = mid;
  }
  const last = lo > 0 ? here[lo - 1] : undefined;
  // Read before any binding (a loop's second pass, a later definition): any binding may hold.
  const candidates = last ? [] : here.slice(-MAX_CANDIDATES).reverse();
  for (let i = lo - 1; i >= 0 && candidates.length < MAX_CANDIDATES; i--) {
    const b = here[i]!;
    candidates.push(b);
    if (b.branches.every((id) => useBranches.has(id))) break;
  }
  // ruff resolves a use to the last binding before it (in an enclosing scope: the last one).
  return candidates.filter((b) => b.value).map((b) => ({ ...b.value!, ruffBinding: b === last }));
}

/** Every binding of the given names in the file (one query, only when a member name is used). */
export function collectBindings(ctx: LintContext, names: ReadonlySet<string>): Map<string, Binding[]> {
  const out = new Map<string, Binding[]>();
  const add = (name: string, scope: Node, at: number, where: Node | null, value?: Typed, extraBranch?: number) => {
    if (!names.has(name)) return;
    const list = out.get(name) ?? [];
    const branches = where ? branchesOf(where) : [];
    if (extraBranch !== undefined) branches.push(extraBranch);
    list.push(value ? { scope: scope.id, value, at, branches } : { scope: scope.id, at, branches });
    out.set(name, list);
  };
  const root = ctx.tree.rootNode;
  // Imports bind at module level, ahead of the code (a local `dag` shadowing an imported `dag` rebinds it).
  for (const name of names) if (ctx.bindings.byLocal.has(name)) add(name, root, 0, null);
  const dagFunctions = names.size > 0 ? dagDecoratedFunctions(ctx) : new Set<string>();
  /** Identifiers below `node` spelled as one of `names`, outside subtrees nested too deep. */
  const namedIds = (node: Node): Node[] => node.descendantsOfType('identifier').filter((id): id is Node => !!id && names.has(id.text) && !ctx.syntax.deep(id.startIndex));
  for (const node of root.descendantsOfType(BINDING_TYPES)) {
    // Bindings nested too deep are not read (climbing from them would cost their depth squared).
    if (!node || ctx.syntax.deep(node.startIndex)) continue;
    switch (node.type) {
      case 'assignment': {
        const left = node.childForFieldName('left');
        if (left?.type === 'identifier') {
          if (!names.has(left.text)) break;
          // `a = b = DAG(...)`: the value at the end of the chain (not followed past the nesting cap).
          let right = node.childForFieldName('right');
          for (let i = 0; right?.type === 'assignment' && i < MAX_NESTING_DEPTH; i++) right = right.childForFieldName('right');
          add(left.text, scopeOf(node), node.endIndex, node, right ? typeOfCall(ctx, right, dagFunctions, 'assign') : undefined);
        } else if (left) for (const id of namedIds(left)) if (id.parent?.type !== 'attribute' && id.parent?.type !== 'subscript') add(id.text, scopeOf(node), node.endIndex, node);
        break;
      }
      case 'as_pattern_target': {
        const id = node.firstNamedChild;
        const value = node.parent?.firstNamedChild;
        if (id?.type === 'identifier') add(id.text, scopeOf(node), node.endIndex, node, value && node.parent?.parent?.type === 'with_item' ? typeOfCall(ctx, value, dagFunctions, 'with') : undefined);
        else for (const inner of namedIds(node)) add(inner.text, scopeOf(node), node.endIndex, node);
        break;
      }
      case 'parameters':
      case 'lambda_parameters':
        for (const p of node.namedChildren) {
          const id = p?.type === 'identifier' ? p : (p?.childForFieldName('name') ?? p?.namedChildren.find((c) => c?.type === 'identifier'));
          if (id?.type === 'identifier') add(id.text, node.parent ?? root, node.endIndex, null);
        }
        break;
      case 'function_definition':
      case 'class_definition': {
        const name = node.childForFieldName('name');
        if (name) add(name.text, scopeOf(node), node.endIndex, node);
        break;
      }
      case 'for_statement': {
        // The loop variable holds inside the body (and after the loop only if it ran).
        const target = node.childForFieldName('left');
        const body = node.childForFieldName('body');
        const ids = target?.type === 'identifier' ? (names.has(target.text) ? [target] : []) : target ? namedIds(target) : [];
        for (const id of ids) if (id.parent?.type !== 'attribute') add(id.text, scopeOf(node), target!.endIndex, node, undefined, body?.id);
        break;
      }
      default: {
        // augmented assignment, walrus, global/nonlocal: a binding we do not type.
        const target = node.type === 'augmented_assignment' || node.type === 'named_expression' ? node.firstNamedChild : node;
        if (!target) break;
        const ids = target.type === 'identifier' ? [target] : namedIds(target);
        const at = node.type === 'global_statement' || node.type === 'nonlocal_statement' ? node.startIndex : node.endIndex;
        for (const id of ids) if (id.parent?.type !== 'attribute' && names.has(id.text)) add(id.text, scopeOf(node), at, node);
      }
    }
  }
  return out;
}

/** `Cls(...)` of an Airflow class, or `f()` of a `@dag` function defined in the file. */
function typeOfCall(ctx: LintContext, value: Node, dagFunctions: ReadonlySet<string>, via: Via): Typed | undefined {
  if (value.type !== 'call') return undefined;
  const fn = value.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'identifier' && dagFunctions.has(fn.text)) return { classPath: DAG_CLASS, via: 'dagResult' };
  const dotted = resolveExpression(fn, ctx.bindings);
  return dotted?.startsWith('airflow.') || dotted === 'airflow' ? { classPath: dotted, via } : undefined;
}

/** Names of module-level functions decorated with `@dag` / `@dag(...)`. */
function dagDecoratedFunctions(ctx: LintContext): Set<string> {
  const out = new Set<string>();
  for (const stmt of ctx.tree.rootNode.namedChildren) {
    if (stmt?.type !== 'decorated_definition') continue;
    const isDag = stmt.namedChildren.some((d) => {
      let expr = d?.type === 'decorator' ? d.firstNamedChild : null;
      if (expr?.type === 'call') expr = expr.childForFieldName('function');
      const dotted = expr ? resolveExpression(expr, ctx.bindings) : undefined;
      return !!dotted && DAG_DECORATORS.has(dotted);
    });
    const name = isDag ? stmt.childForFieldName('definition')?.childForFieldName('name') : null;
    if (name) out.add(name.text);
  }
  return out;
}
