import type { Node } from 'web-tree-sitter';
import type { ArgumentRule } from '../ruleTable';
import type { LintContext } from './lintContext';
import { RULE_FINDINGS_CEILING } from './lintLimits';
import { isFirstChild } from './syntaxWalk';

/** A call's argument at a rule's `position`, found for that rule. */
export interface PositionalSite {
  readonly rule: ArgumentRule;
  readonly call: Node;
  readonly node: Node;
}

/** The table's positional rules and the class names they are about. */
interface PositionalRules {
  readonly rules: readonly ArgumentRule[];
  readonly classes: ReadonlySet<string>;
}

const rulesCache = new WeakMap<LintContext['rules'], PositionalRules>();

function positionalRules(ctx: LintContext): PositionalRules {
  let found = rulesCache.get(ctx.rules);
  if (!found) {
    const rules = ctx.rules.data.arguments.filter((a) => a.position !== undefined && a.target.kind === 'class');
    found = { rules, classes: new Set(rules.flatMap((r) => (r.target.kind === 'class' ? r.target.names : []))) };
    rulesCache.set(ctx.rules, found);
  }
  return found;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// Most files spell the classes the same way (no alias): one pattern per set of spellings, not per file.
const MAX_PATTERNS = 64;
const patterns = new Map<string, RegExp>();
function callPattern(spellings: ReadonlySet<string>): RegExp {
  const alternation = [...spellings].map(escape).join('|');
  let re = patterns.get(alternation);
  if (!re) {
    re = new RegExp(`(?<![A-Za-z0-9_])(?:${alternation})\\s*\\(`, 'g');
    if (patterns.size >= MAX_PATTERNS) patterns.clear();
    patterns.set(alternation, re);
  }
  re.lastIndex = 0;
  return re;
}

/**
 * Positional arguments the table names (`FabAuthManager(None)`: its `appbuilder`). Calls are found
 * by a textual search for the class names (and local aliases of them) in the span being linted;
 * whether the call really is of that Airflow class is the caller's check (resolving the callee).
 */
export function positionalSites(ctx: LintContext): PositionalSite[] {
  const { rules, classes } = positionalRules(ctx);
  if (rules.length === 0) return [];
  const spellings = new Set(classes);
  for (const [local, path] of ctx.bindings.byLocal) if (classes.has(path.slice(path.lastIndexOf('.') + 1))) spellings.add(local);
  const re = callPattern(spellings);
  const { start, end } = ctx.syntax.span;
  const part = ctx.index.text.slice(start, end);
  const out: PositionalSite[] = [];
  for (let m = re.exec(part); m && out.length < RULE_FINDINGS_CEILING; m = re.exec(part)) {
    const at = start + m.index;
    if (ctx.syntax.deep(at)) continue;
    const call = callNamedAt(ctx, at);
    if (!call) continue;
    for (const rule of rules) {
      const node = positionalArgument(call, rule.position!);
      if (node) out.push({ rule, call, node });
    }
  }
  return out;
}

/** The call whose callee ends with the identifier at `offset` (`F(`, `m.F(`). */
function callNamedAt(ctx: LintContext, offset: number): Node | undefined {
  const id = ctx.tree.rootNode.descendantForIndex(offset, offset + 1);
  if (id?.type !== 'identifier' || id.startIndex !== offset) return undefined;
  let callee: Node = id;
  const parent = id.parent;
  if (parent?.type === 'attribute' && !isFirstChild(parent, id)) callee = parent;
  const call = callee.parent;
  return call?.type === 'call' && isFirstChild(call, callee) ? call : undefined;
}

/** The `index`-th positional argument, unless a `*args` before it makes the position unknowable. */
function positionalArgument(call: Node, index: number): Node | undefined {
  const args = call.childForFieldName('arguments');
  if (args?.type !== 'argument_list') return undefined;
  let i = 0;
  for (const c of args.namedChildren) {
    if (!c || c.type === 'comment') continue;
    if (c.type === 'keyword_argument' || c.type === 'list_splat' || c.type === 'dictionary_splat') return undefined;
    if (i++ === index) return c;
  }
  return undefined;
}
