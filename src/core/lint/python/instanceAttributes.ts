import type { Node } from 'web-tree-sitter';
import type { Finding } from '../types';
import type { LintContext } from './lintContext';
import { MAX_CHAIN_LINKS, RULE_FINDINGS_CEILING } from './lintLimits';
import { isCalled, memberFinding, memberNamesOf, memberRuleOf, withRemovedMembers, type MemberRule } from './memberRules';
import { FOLLOWED_CONTEXT_MEMBERS, relintNames } from './relintNames';
import { collectBindings, typesAt, type TypedUse } from './variableBindings';

/**
 * Renamed or removed members used on instances: `d = DAG(...); d.create_dagrun()`,
 * `with DAG(...) as dag: dag.create_dagrun()`, `pm = ProvidersManager(); pm.dataset_factories`,
 * `d = my_dag(); d.create_dagrun()` for a `@dag` function, `b = SecretsManagerBackend();
 * b.get_conn_uri(...)`. A variable is typed by the bindings that may reach the use (see typeAt):
 * one of them a call of an Airflow class; a plain reassignment on every path untypes it.
 */
export function checkInstanceAttributes(ctx: LintContext): Finding[] {
  const members = memberNamesOf(ctx);
  // Most files never spell `x.create_dagrun` & co.: decided on the text, before any node is made.
  if (!memberAccessPattern(members).test(ctx.index.text.slice(ctx.syntax.span.start, ctx.syntax.span.end))) return [];
  const uses: { attr: Node; obj: Node }[] = [];
  for (const chain of ctx.syntax.attributeChains) {
    let links = 0;
    for (let node: Node | null = chain; node?.type === 'attribute' && links < MAX_CHAIN_LINKS; node = node.childForFieldName('object'), links++) {
      const attr = node.childForFieldName('attribute');
      const obj = node.childForFieldName('object');
      // `self.member` is the class's own (see classMembers.ts).
      if (attr && obj?.type === 'identifier' && obj.text !== 'self' && members.has(attr.text)) uses.push({ attr, obj });
    }
  }
  if (uses.length === 0) return [];
  const bindings = collectBindings(ctx, new Set(uses.map((u) => u.obj.text)));
  const out: Finding[] = [];
  for (const { attr, obj } of uses) {
    if (out.length >= RULE_FINDINGS_CEILING) break;
    let typed: TypedUse | undefined;
    let rule: MemberRule | undefined;
    for (const t of typesAt(obj, bindings.get(obj.text) ?? [])) {
      rule = memberRuleOf(ctx, t.classPath, attr.text);
      typed = t;
      if (rule) break;
    }
    if (!typed || !rule) continue;
    // ruff: the binding its semantic model resolves to, `v = Cls(...)` only, most members only when called.
    const ruffSees = rule.ruffKnowsClass && typed.ruffBinding && typed.via === 'assign' && (rule.ruffOnRead || isCalled(attr));
    const f = memberFinding(ctx, attr, rule, `\`${attr.text}\` (of a \`${typed.classPath}\` instance)`, ruffSees);
    if (f) out.push(f);
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

const memberUsePatterns = new WeakMap<ReadonlySet<string>, RegExp>();

/**
 * Names whose rebinding can change a finding in another statement, read from the text (for the
 * incremental linter: an edited statement that mentions one is re-linted with the whole file).
 * Variables used as `name.member` for a member the rules follow (the table's, the family-wide
 * removals, `external_trigger` of a context's dag_run), plus the names relintNames lists.
 */
export function memberUseObjects(text: string, memberNames: ReadonlySet<string>): Set<string> {
  let re = memberUsePatterns.get(memberNames);
  if (!re) {
    const followed = [...withRemovedMembers(memberNames), ...FOLLOWED_CONTEXT_MEMBERS];
    // Only at the start of a name: tried inside a long name, the match would rescan the rest of it each time.
    re = new RegExp(`(?<![A-Za-z0-9_])([A-Za-z_][A-Za-z0-9_]*)\\s*\\.\\s*(?:${followed.join('|')})(?![A-Za-z0-9_])`, 'g');
    memberUsePatterns.set(memberNames, re);
  }
  const out = relintNames(text);
  re.lastIndex = 0;
  // `self` is typed by its class's bases: a change there is a module-level (or whole-class) edit.
  for (let m = re.exec(text); m; m = re.exec(text)) if (m[1] !== 'self') out.add(m[1]!);
  return out;
}
