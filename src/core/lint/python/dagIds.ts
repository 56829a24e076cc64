import type { Node } from 'web-tree-sitter';
import type { Finding, Range } from '../types';
import { stringLiteralValue } from './argumentRules';
import { resolveExpression } from './importBindings';
import { nodeRange, type LintContext } from './lintContext';

/** A DAG defined in a file: `DAG("id")`, `DAG(dag_id="id")`, `@dag` (the function's name). */
export interface DagDefinition {
  readonly dagId: string;
  readonly range: Range;
}

function isDagFactory(ctx: LintContext, fn: Node): 'class' | 'decorator' | undefined {
  const dotted = resolveExpression(fn, ctx.bindings);
  if (!dotted?.startsWith('airflow')) return undefined;
  if (dotted.endsWith('.DAG')) return 'class';
  if (dotted.endsWith('.dag')) return 'decorator';
  return undefined;
}

const DAG_NAME_END = /(?:^|[^A-Za-z0-9_])(?:DAG|dag)$/;
const DAG_DECORATOR = /@[ \t]*[A-Za-z0-9_. \t]*\bdag\b/;

export function extractDagIds(ctx: LintContext): DagDefinition[] {
  const out: DagDefinition[] = [];
  const text = ctx.index.text;
  for (const { node: call } of ctx.syntax.calls) {
    const fn = call.childForFieldName('function');
    // The callee must end in `DAG` / `dag` (read from the text, before resolving it).
    if (!fn || !DAG_NAME_END.test(text.slice(Math.max(0, fn.endIndex - 4), fn.endIndex))) continue;
    const kind = isDagFactory(ctx, fn);
    if (!kind) continue;
    const args = call.childForFieldName('arguments')?.namedChildren.filter((c): c is Node => c !== null) ?? [];
    let idNode: Node | undefined;
    for (const a of args) {
      if (a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'dag_id') idNode = a.childForFieldName('value') ?? undefined;
    }
    if (!idNode && kind === 'class' && args[0] && args[0].type !== 'keyword_argument') idNode = args[0];
    if (idNode) {
      const id = stringLiteralValue(idNode);
      if (id !== undefined) out.push({ dagId: id, range: nodeRange(ctx, idNode) });
      continue;
    }
    // @dag(...) without dag_id: the decorated function's name is the id.
    if (kind === 'decorator') {
      const fnName = decoratedFunctionName(call);
      if (fnName) out.push({ dagId: fnName.text, range: nodeRange(ctx, fnName) });
    }
  }
  // Bare `@dag` decorators are not calls.
  if (!DAG_DECORATOR.test(text.slice(ctx.syntax.span.start, ctx.syntax.span.end))) return out;
  for (const fn of ctx.syntax.functions) {
    const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : null;
    if (!decorated) continue;
    for (const d of decorated.namedChildren) {
      const expr = d?.type === 'decorator' ? d.namedChildren[0] : null;
      if (expr && expr.type !== 'call' && isDagFactory(ctx, expr) === 'decorator') {
        const name = fn.childForFieldName('name');
        if (name) out.push({ dagId: name.text, range: nodeRange(ctx, name) });
      }
    }
  }
  return out;
}

function decoratedFunctionName(call: Node): Node | undefined {
  const decorator = call.parent;
  if (decorator?.type !== 'decorator') return undefined;
  const def = decorator.parent?.namedChildren.find((c) => c?.type === 'function_definition');
  return def?.childForFieldName('name') ?? undefined;
}

/**
 * Workspace-level: the same dag_id in two or more files (or twice in one). Airflow keeps only one
 * of them, so every definition gets a finding naming the other places.
 */
export function findDuplicateDagIds(files: readonly { file: string; dags: readonly DagDefinition[] }[]): Map<string, Finding[]> {
  const byId = new Map<string, { file: string; def: DagDefinition }[]>();
  for (const f of files) {
    for (const def of f.dags) {
      const list = byId.get(def.dagId) ?? [];
      list.push({ file: f.file, def });
      byId.set(def.dagId, list);
    }
  }
  const out = new Map<string, Finding[]>();
  for (const [dagId, defs] of byId) {
    if (defs.length < 2) continue;
    for (const d of defs) {
      const others = defs.filter((o) => o !== d).map((o) => `${o.file}:${o.def.range.start.line + 1}`);
      const list = out.get(d.file) ?? [];
      list.push({
        range: d.def.range,
        code: 'MWAA002',
        severity: 'error',
        message: `dag_id "${dagId}" is also defined at ${others.join(', ')}; Airflow keeps only one of them`,
        fixes: [],
      });
      out.set(d.file, list);
    }
  }
  return out;
}
