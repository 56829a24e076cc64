import type { Node } from 'web-tree-sitter';
import type { Finding } from '../types';
import { airflowBases, enclosingMethodClass, methodClass } from './classBases';
import type { LintContext } from './lintContext';
import { MAX_CHAIN_LINKS, RULE_FINDINGS_CEILING } from './lintLimits';
import { memberFinding, memberNamesOf, memberRuleOf, type MemberRule } from './memberRules';
import { REMOVED_MEMBER_NAMES } from './removedMembers';

const SUPER_MEMBER = /(?<![A-Za-z0-9_])super[ \t]*\([ \t]*\)[ \t]*\.[ \t]*([A-Za-z_][A-Za-z0-9_]*)/g;
const sitePatterns = new WeakMap<ReadonlySet<string>, RegExp>();

/** `def <removed>`, `self.<member>` or `super().<member>`: a cheap test on the text first. */
function sitePattern(members: ReadonlySet<string>): RegExp {
  let re = sitePatterns.get(members);
  if (!re) {
    const any = [...members].join('|');
    re = new RegExp(`(?:def[ \\t]+(?:${[...REMOVED_MEMBER_NAMES].join('|')})|(?:self|\\))[ \\t]*\\.[ \\t]*(?:${any}))(?![A-Za-z0-9_])`);
    sitePatterns.set(members, re);
  }
  return re;
}

/**
 * Members of a class's Airflow bases reached through the class itself: a secrets backend that
 * overrides `get_conn_uri` (Airflow 3 never calls it), an auth manager overriding
 * `is_authorized_dataset`, `self.get_conn_uri(...)` / `super().get_conn_uri(...)` in its methods,
 * `self.create_dagrun()` in a DAG subclass. ruff checks none of these sites: MWAA3xx.
 */
export function checkClassMembers(ctx: LintContext): Finding[] {
  const members = memberNamesOf(ctx);
  const text = ctx.index.text.slice(ctx.syntax.span.start, ctx.syntax.span.end);
  if (!sitePattern(members).test(text)) return [];
  const out: Finding[] = [];
  const push = (f: Finding | undefined) => {
    if (f && out.length < RULE_FINDINGS_CEILING) out.push(f);
  };
  for (const fn of ctx.syntax.functions) {
    const name = fn.childForFieldName('name');
    const cls = name && REMOVED_MEMBER_NAMES.has(name.text) ? methodClass(fn) : null;
    const hit = cls ? inheritedRule(ctx, cls, name!.text) : undefined;
    if (!hit?.rule.removed) continue;
    const className = cls!.childForFieldName('name')?.text ?? 'this class';
    push(memberFinding(ctx, name!, hit.rule, `\`${name!.text}\` (overridden in \`${className}\`, a \`${hit.base}\` subclass)`, false, hit.rule.removed.overrideEffect));
  }
  for (const attr of selfMembers(ctx, members)) {
    const cls = enclosingMethodClass(attr);
    if (!cls || definesMethod(ctx, cls, attr.text)) continue;
    const hit = inheritedRule(ctx, cls, attr.text);
    if (hit) push(memberFinding(ctx, attr, hit.rule, `\`${attr.text}\` (inherited from \`${hit.base}\`)`, false));
  }
  for (const attr of superMembers(ctx, members)) {
    const cls = enclosingMethodClass(attr);
    const hit = cls ? inheritedRule(ctx, cls, attr.text) : undefined;
    if (hit) push(memberFinding(ctx, attr, hit.rule, `\`${attr.text}\` (of \`${hit.base}\`, through super())`, false));
  }
  return out;
}

/** The first Airflow base of `cls` with a rule for `member`. */
function inheritedRule(ctx: LintContext, cls: Node, member: string): { rule: MemberRule; base: string } | undefined {
  for (const { path } of airflowBases(ctx, cls)) {
    const rule = memberRuleOf(ctx, path, member);
    if (rule) return { rule, base: path };
  }
  return undefined;
}

const methodNames = new WeakMap<object, Map<number, Set<string>>>();

/** The class body defines a method of that name (then `self.name` is the class's own); read once per class. */
function definesMethod(ctx: LintContext, cls: Node, name: string): boolean {
  let byClass = methodNames.get(ctx.syntax);
  if (!byClass) methodNames.set(ctx.syntax, (byClass = new Map()));
  let names = byClass.get(cls.id);
  if (!names) {
    names = new Set();
    for (const stmt of cls.childForFieldName('body')?.namedChildren ?? []) {
      const fn = stmt?.type === 'decorated_definition' ? stmt.childForFieldName('definition') : stmt;
      const fnName = fn?.type === 'function_definition' ? fn.childForFieldName('name') : null;
      if (fnName) names.add(fnName.text);
    }
    byClass.set(cls.id, names);
  }
  return names.has(name);
}

/** Member names read as `self.<member>` in the collected attribute chains. */
function selfMembers(ctx: LintContext, members: ReadonlySet<string>): Node[] {
  const out: Node[] = [];
  for (const chain of ctx.syntax.attributeChains) {
    let links = 0;
    for (let node: Node | null = chain; node?.type === 'attribute' && links < MAX_CHAIN_LINKS; node = node.childForFieldName('object'), links++) {
      const attr = node.childForFieldName('attribute');
      const obj = node.childForFieldName('object');
      if (attr && obj?.type === 'identifier' && obj.text === 'self' && members.has(attr.text)) out.push(attr);
    }
  }
  return out;
}

/** Member names read as `super().<member>` (found in the text: such chains start with a call). */
function superMembers(ctx: LintContext, members: ReadonlySet<string>): Node[] {
  const out: Node[] = [];
  const { start, end } = ctx.syntax.span;
  const text = ctx.index.text.slice(start, end);
  SUPER_MEMBER.lastIndex = 0;
  for (let m = SUPER_MEMBER.exec(text); m && out.length < RULE_FINDINGS_CEILING; m = SUPER_MEMBER.exec(text)) {
    if (!members.has(m[1]!)) continue;
    const at = start + m.index + m[0].length - m[1]!.length;
    if (ctx.syntax.deep(at)) continue;
    const id = ctx.tree.rootNode.descendantForIndex(at, at + 1);
    const access = id?.type === 'identifier' ? id.parent : null;
    const call = access?.type === 'attribute' && access.childForFieldName('attribute')?.id === id!.id ? access.childForFieldName('object') : null;
    if (call?.type === 'call' && call.childForFieldName('function')?.text === 'super') out.push(id!);
  }
  return out;
}
