import type { Node } from 'web-tree-sitter';
import { gateRule } from '../airflowVersion';
import { isMemberRow, replacementFor } from '../ruleTable';
import type { Finding, Fix } from '../types';
import { resolveExpression } from './importBindings';
import { beyondRuff, codeFor, nodeRange, type LintContext } from './lintContext';
import { MAX_CHAIN_LINKS, MAX_NESTING_DEPTH, RULE_FINDINGS_CEILING } from './lintLimits';
import { ancestorOfType } from './treeParents';

/** How a variable came to hold an instance: ruff follows plain assignments only. */
type Via = 'assign' | 'with' | 'dagResult';

interface Typed {
  readonly classPath: string;
  readonly via: Via;
}

/** One binding of a name in a scope; `value` is undefined when it is not a call we can type. */
interface Binding {
  readonly scope: number;
  readonly value?: Typed;
}

const SCOPE_TYPES = new Set(['function_definition', 'lambda', 'class_definition', 'module']);
const BINDING_TYPES = ['assignment', 'augmented_assignment', 'as_pattern_target', 'for_statement', 'parameters', 'function_definition', 'class_definition', 'global_statement', 'nonlocal_statement', 'named_expression'];
/** What a `@dag`-decorated function returns when called. */
const DAG_CLASS = 'airflow.models.dag.DAG';
const DAG_DECORATORS = new Set(['airflow.decorators.dag', 'airflow.decorators.dag.dag', 'airflow.models.dag.dag']);

function scopeOf(node: Node): Node {
  return ancestorOfType(node, SCOPE_TYPES) ?? node.tree.rootNode;
}

/**
 * Renamed or removed members used on instances: `d = DAG(...); d.create_dagrun()`,
 * `with DAG(...) as dag: dag.create_dagrun()`, `pm = ProvidersManager(); pm.dataset_factories`,
 * `d = my_dag(); d.create_dagrun()` for a `@dag` function. A variable counts as typed when its
 * scope (or, failing that, an enclosing one) binds it exactly once, to a call of a class the rule
 * table has members of; anything more dynamic is left alone rather than guessed.
 */
export function checkInstanceAttributes(ctx: LintContext): Finding[] {
  const members = ctx.rules.memberNames;
  if (members.size === 0) return [];
  // Most files never spell `x.create_dagrun` & co.: decided on the text, before any node is made.
  if (!memberAccessPattern(members).test(ctx.index.text.slice(ctx.syntax.span.start, ctx.syntax.span.end))) return [];
  const uses: { attr: Node; obj: Node }[] = [];
  for (const chain of ctx.syntax.attributeChains) {
    let links = 0;
    for (let node: Node | null = chain; node?.type === 'attribute' && links < MAX_CHAIN_LINKS; node = node.childForFieldName('object'), links++) {
      const attr = node.childForFieldName('attribute');
      const obj = node.childForFieldName('object');
      if (attr && obj?.type === 'identifier' && members.has(attr.text)) uses.push({ attr, obj });
    }
  }
  if (uses.length === 0) return [];
  const bindings = collectBindings(ctx, new Set(uses.map((u) => u.obj.text)));
  const out: Finding[] = [];
  for (const { attr, obj } of uses) {
    if (out.length >= RULE_FINDINGS_CEILING) break;
    const typed = typeAt(obj, bindings.get(obj.text) ?? []);
    if (!typed) continue;
    const rule = ctx.rules.lookupName(`${typed.classPath}.${attr.text}`);
    if (!rule || !isMemberRow(rule)) continue;
    const gate = gateRule(rule, ctx.target);
    if (!gate) continue;
    const replacement = replacementFor(rule, gate.at);
    const newName = replacement?.path.slice(replacement.path.lastIndexOf('.') + 1);
    let message = `\`${attr.text}\` (of a \`${typed.classPath}\` instance) is ${gate.reason}`;
    const fixes: Fix[] = [];
    if (newName && newName !== attr.text) {
      message += `; use \`${newName}\``;
      fixes.push({ kind: 'replaceName', title: `Rename to ${newName}`, edits: [{ range: nodeRange(ctx, attr), newText: newName }] });
    }
    if (gate.upgradeOnly) message += ` [upgrade check: Airflow ${gate.at}]`;
    const code = codeFor(rule, gate, 'MWAA201');
    // ruff: `v = Cls(...)` bindings only, and most members only when called.
    const ruffSees = typed.via === 'assign' && (rule.ruffOnRead || isCalled(attr));
    out.push({
      range: nodeRange(ctx, attr),
      code: ruffSees ? code : beyondRuff(code),
      severity: gate.severity,
      message,
      fixes,
      ...(gate.upgradeOnly ? { upgradeOnly: true } : {}),
    });
  }
  return out;
}

const memberAccessPatterns = new WeakMap<ReadonlySet<string>, RegExp>();

/** `.member` for any member name of the table (a cheap test: it starts only at dots). */
function memberAccessPattern(memberNames: ReadonlySet<string>): RegExp {
  let re = memberAccessPatterns.get(memberNames);
  if (!re) {
    re = new RegExp(`\\.\\s*(?:${[...memberNames].join('|')})(?![A-Za-z0-9_])`);
    memberAccessPatterns.set(memberNames, re);
  }
  return re;
}

const memberUsePatterns = new WeakMap<ReadonlySet<string>, RegExp | null>();

/**
 * Names used as `name.member` for a member name of the table, read from the text (for the
 * incremental linter: an edit touching one of these names can change what a variable holds).
 */
export function memberUseObjects(text: string, memberNames: ReadonlySet<string>): Set<string> {
  let re = memberUsePatterns.get(memberNames);
  if (re === undefined) {
    // Only at the start of a name: tried inside a long name, the match would rescan the rest of it each time.
    re = memberNames.size ? new RegExp(`(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]*)\\s*\\.\\s*(?:${[...memberNames].join('|')})(?![A-Za-z0-9_])`, 'g') : null;
    memberUsePatterns.set(memberNames, re);
  }
  const out = new Set<string>();
  if (!re) return out;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) out.add(m[1]!);
  return out;
}

/** `v.member(...)`: the attribute around `attr` is the callee of a call. */
function isCalled(attr: Node): boolean {
  const access = attr.parent;
  const call = access?.parent;
  return call?.type === 'call' && call.childForFieldName('function')?.id === access!.id;
}

/** The binding a use sees: the innermost scope (skipping class bodies) that binds the name. */
function typeAt(use: Node, bindings: readonly Binding[]): Typed | undefined {
  if (bindings.length === 0) return undefined;
  let scope: Node | null = scopeOf(use);
  let first = true;
  while (scope) {
    if (first || scope.type !== 'class_definition') {
      const here = bindings.filter((b) => b.scope === scope!.id);
      if (here.length > 0) return here.length === 1 ? here[0]!.value : undefined;
    }
    first = false;
    scope = scope.type === 'module' ? null : scopeOf(scope);
  }
  return undefined;
}

/** Every binding of the given names in the file (one query, only when a member name is used). */
function collectBindings(ctx: LintContext, names: ReadonlySet<string>): Map<string, Binding[]> {
  const out = new Map<string, Binding[]>();
  const add = (name: string, scope: Node, value?: Typed) => {
    if (!names.has(name)) return;
    const list = out.get(name) ?? [];
    list.push(value ? { scope: scope.id, value } : { scope: scope.id });
    out.set(name, list);
  };
  const root = ctx.tree.rootNode;
  // Imports bind at module level (a local `dag` shadowing an imported `dag` is ambiguous to us).
  for (const name of names) if (ctx.bindings.byLocal.has(name)) add(name, root);
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
          add(left.text, scopeOf(node), right ? typeOfCall(ctx, right, dagFunctions, 'assign') : undefined);
        } else if (left) for (const id of namedIds(left)) if (id.parent?.type !== 'attribute' && id.parent?.type !== 'subscript') add(id.text, scopeOf(node));
        break;
      }
      case 'as_pattern_target': {
        const id = node.firstNamedChild;
        const value = node.parent?.firstNamedChild;
        if (id?.type === 'identifier') add(id.text, scopeOf(node), value && node.parent?.parent?.type === 'with_item' ? typeOfCall(ctx, value, dagFunctions, 'with') : undefined);
        else for (const inner of namedIds(node)) add(inner.text, scopeOf(node));
        break;
      }
      case 'parameters':
        for (const p of node.namedChildren) {
          const id = p?.type === 'identifier' ? p : (p?.childForFieldName('name') ?? p?.namedChildren.find((c) => c?.type === 'identifier'));
          if (id?.type === 'identifier') add(id.text, node.parent ?? root);
        }
        break;
      case 'function_definition':
      case 'class_definition': {
        const name = node.childForFieldName('name');
        if (name) add(name.text, scopeOf(node));
        break;
      }
      default: {
        // augmented assignment, for targets, walrus, global/nonlocal: a second binding we do not type.
        const target = node.type === 'for_statement' ? node.childForFieldName('left') : node.type === 'augmented_assignment' || node.type === 'named_expression' ? node.firstNamedChild : node;
        if (!target) break;
        const ids = target.type === 'identifier' ? [target] : namedIds(target);
        for (const id of ids) if (id.parent?.type !== 'attribute') add(id.text, scopeOf(node));
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
