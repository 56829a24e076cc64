import type { Node } from 'web-tree-sitter';
import type { Finding } from '../types';
import { resolveExpression } from './importBindings';
import { nodeRange, type LintContext } from './lintContext';
import { MAX_SYNTAX_FINDINGS, RULE_FINDINGS_CEILING } from './lintLimits';

/** Tree-sitter ERROR and MISSING nodes: the file cannot be imported by the scheduler. */
export function checkSyntax(ctx: LintContext): Finding[] {
  const out: Finding[] = [];
  for (const node of ctx.syntax.missing) {
    if (out.length >= MAX_SYNTAX_FINDINGS) break;
    const pos = ctx.index.positionAt(node.startIndex);
    out.push({
      range: { start: pos, end: pos },
      code: 'MWAA001',
      severity: 'error',
      message: `Syntax error: missing \`${node.type}\` (line ${pos.line + 1}, column ${pos.character + 1})`,
      fixes: [],
    });
  }
  for (const node of ctx.syntax.errors) {
    if (out.length >= MAX_SYNTAX_FINDINGS) break;
    const range = nodeRange(ctx, node);
    // A whole-file ERROR node is useless as a squiggle: point at its first line instead.
    const end = range.end.line > range.start.line ? { line: range.start.line, character: ctx.index.lineText(range.start.line).length } : range.end;
    out.push({
      range: { start: range.start, end },
      code: 'MWAA001',
      severity: 'error',
      message: `Syntax error: this file cannot be parsed as Python (line ${range.start.line + 1}, column ${range.start.character + 1})`,
      fixes: [],
    });
  }
  return out;
}

/** Calls that reach the network or the metadata DB; at module level they run at every DAG parse. */
const EXPENSIVE_CALLS: readonly { test: (dotted: string) => boolean; what: string }[] = [
  { test: (d) => /^airflow\.(models|sdk)(\.variable)?\.Variable\.get$/.test(d), what: 'Variable.get (reads the metadata DB or secrets backend)' },
  { test: (d) => /^boto3\.(client|resource|Session)$/.test(d) || /^boto3\.session\.Session$/.test(d), what: 'creating a boto3 client' },
  { test: (d) => /^requests\.(get|post|put|patch|delete|head|options|request|Session)$/.test(d), what: 'HTTP request' },
  { test: (d) => /^httpx\.(get|post|put|patch|delete|head|request|Client)$/.test(d), what: 'HTTP request' },
  { test: (d) => /^urllib\.request\.(urlopen|urlretrieve)$/.test(d) || /^urllib3\./.test(d), what: 'HTTP request' },
  { test: (d) => /^airflow\.(hooks\.base\.)?BaseHook\.get_connection$/.test(d) || /Connection\.get_connection_from_secrets$/.test(d), what: 'connection lookup' },
];
/** Methods that query a database through a hook, whatever the hook's class. */
const DB_HOOK_METHODS = new Set(['get_records', 'get_first', 'get_pandas_df', 'get_df', 'get_conn', 'get_sqlalchemy_engine', 'run']);

/** Module-level work that runs on every parse of the DAG folder (MWAA parses every 30 s). */
export function checkTopLevelWork(ctx: LintContext): Finding[] {
  const out: Finding[] = [];
  let hookVars: Set<string> | undefined;
  for (const { node: call, topLevel } of ctx.syntax.calls) {
    if (out.length >= RULE_FINDINGS_CEILING) break;
    if (!topLevel) continue;
    const fn = call.childForFieldName('function');
    if (!fn) continue;
    const dotted = resolveExpression(fn, ctx.bindings);
    let what = dotted ? EXPENSIVE_CALLS.find((e) => e.test(dotted))?.what : undefined;
    if (!what && fn.type === 'attribute') {
      const method = fn.childForFieldName('attribute')?.text ?? '';
      const obj = fn.childForFieldName('object');
      if (DB_HOOK_METHODS.has(method) && obj && isHookExpression(ctx, obj, (hookVars ??= hookVariables(ctx)))) what = `database query (${method})`;
    }
    if (!what) continue;
    const line = ctx.index.positionAt(call.startIndex).line + 1;
    out.push({
      range: nodeRange(ctx, call),
      code: 'MWAA003',
      severity: 'warning',
      message: `${what[0]!.toUpperCase()}${what.slice(1)} at module level (line ${line}) runs every time the scheduler parses this file; move it into a task or a Jinja template (e.g. {{ var.value.name }})`,
      fixes: [],
    });
  }
  return out;
}

/** Module-level names assigned a `...Hook(...)` instance. */
function hookVariables(ctx: LintContext): Set<string> {
  const names = new Set<string>();
  for (const [name, value] of ctx.syntax.moduleAssignments) {
    if (value.type === 'call' && isHookConstructor(ctx, value)) names.add(name);
  }
  return names;
}

function isHookConstructor(ctx: LintContext, call: Node): boolean {
  const fn = call.childForFieldName('function');
  if (!fn) return false;
  const dotted = resolveExpression(fn, ctx.bindings) ?? fn.text;
  return /Hook$/.test(dotted);
}

function isHookExpression(ctx: LintContext, obj: Node, hookVars: Set<string>): boolean {
  if (obj.type === 'identifier') return hookVars.has(obj.text);
  return obj.type === 'call' && isHookConstructor(ctx, obj);
}
