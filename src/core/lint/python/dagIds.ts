import type { Node } from 'web-tree-sitter';
import type { Finding, Range } from '../types';
import { stringLiteralValue } from './argumentRules';
import { resolveExpression } from './importBindings';
import { nodeRange, type LintContext } from './lintContext';
import { clipText, limitFindings } from './lintLimits';

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

const DAG_DECORATOR = /@[ \t]*[A-Za-z0-9_. \t]*\bdag\b/;

export function extractDagIds(ctx: LintContext): DagDefinition[] {
  const out: DagDefinition[] = [];
  const text = ctx.index.text;
  for (const { node: call, callee } of ctx.syntax.calls) {
    // The callee must end in `DAG` / `dag` (the name the text search found, before resolving it).
    if (callee !== 'DAG' && callee !== 'dag') continue;
    const fn = call.childForFieldName('function');
    if (!fn) continue;
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

/** Other places a duplicate dag_id's message names; past it, "and N more". */
export const MAX_LISTED_DUPLICATES = 5;
/** Characters of a dag_id quoted in a message (a dag_id is any string the file spells). */
const MAX_QUOTED_ID = 200;

/**
 * Workspace-level: the same dag_id in two or more files (or twice in one). Airflow keeps only one
 * of them, so every definition gets a finding naming a few of the other places (the count of the
 * rest, not a list of every other definition: n copies would make n messages of n entries).
 * Each file's findings are capped as a lint's are (see limitFindings).
 */
export function findDuplicateDagIds(files: readonly { file: string; dags: readonly DagDefinition[] }[]): Map<string, Finding[]> {
  const byId = new Map<string, { file: string; def: DagDefinition }[]>();
  for (const f of files) {
    for (const def of f.dags) {
      const list = byId.get(def.dagId);
      if (list) list.push({ file: f.file, def });
      else byId.set(def.dagId, [{ file: f.file, def }]);
    }
  }
  const all = new Map<string, Finding[]>();
  for (const [dagId, defs] of byId) {
    if (defs.length < 2) continue;
    const quoted = clipText(dagId, MAX_QUOTED_ID);
    defs.forEach((d, at) => {
      const list = all.get(d.file) ?? [];
      list.push({ range: d.def.range, code: 'MWAA002', severity: 'error', message: `dag_id "${quoted}" is also defined at ${otherPlaces(defs, at)}; Airflow keeps only one of them`, fixes: [] });
      all.set(d.file, list);
    });
  }
  const out = new Map<string, Finding[]>();
  for (const [file, findings] of all) out.set(file, limitFindings(findings).findings);
  return out;
}

/** The first MAX_LISTED_DUPLICATES definitions other than `defs[self]`, then how many more. */
function otherPlaces(defs: readonly { file: string; def: DagDefinition }[], self: number): string {
  const named: string[] = [];
  for (let i = 0; i < defs.length && named.length < MAX_LISTED_DUPLICATES; i++) {
    if (i !== self) named.push(`${defs[i]!.file}:${defs[i]!.def.range.start.line + 1}`);
  }
  const more = defs.length - 1 - named.length;
  return more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', ');
}
