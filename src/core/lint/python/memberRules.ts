import type { Node } from 'web-tree-sitter';
import { gateRule, type VersionedRule } from '../airflowVersion';
import { isMemberRow, replacementFor } from '../ruleTable';
import type { Finding, Fix } from '../types';
import { beyondRuff, codeFor, nodeRange, wantsFixes, type LintContext } from './lintContext';
import { REMOVED_MEMBER_NAMES, removedMemberOf, ruffChecks, type RemovedMember } from './removedMembers';

/** A renamed or removed member of a class: a row of the rule table, or a family-wide removal. */
export interface MemberRule {
  readonly versions: VersionedRule & { readonly rule?: string };
  /** The replacement's name judged at an Airflow version, if there is one. */
  readonly newName: (at: string) => string | undefined;
  readonly renameFix: boolean;
  readonly note?: string;
  /** ruff reports this member on any read (the others only when called). */
  readonly ruffOnRead: boolean;
  /** ruff knows this member of this class at all. */
  readonly ruffKnowsClass: boolean;
  /** Set for a family-wide removal (secrets backends, auth managers): overriding it is a finding too. */
  readonly removed?: RemovedMember;
}

const allNames = new WeakMap<ReadonlySet<string>, ReadonlySet<string>>();

/** The table's member names plus the family-wide removed ones. */
export function memberNamesOf(ctx: Pick<LintContext, 'rules'>): ReadonlySet<string> {
  return withRemovedMembers(ctx.rules.memberNames);
}

export function withRemovedMembers(tableNames: ReadonlySet<string>): ReadonlySet<string> {
  let names = allNames.get(tableNames);
  if (!names) {
    names = new Set([...tableNames, ...REMOVED_MEMBER_NAMES]);
    allNames.set(tableNames, names);
  }
  return names;
}

/** The rule for `member` of an instance of `classPath`: the table's row first. */
export function memberRuleOf(ctx: LintContext, classPath: string, member: string): MemberRule | undefined {
  const row = ctx.rules.lookupName(`${classPath}.${member}`);
  if (row && isMemberRow(row)) {
    return {
      versions: row,
      newName: (at) => {
        const r = replacementFor(row, at);
        return r?.path.slice(r.path.lastIndexOf('.') + 1);
      },
      renameFix: true,
      ruffOnRead: !!row.ruffOnRead,
      ruffKnowsClass: true,
    };
  }
  const removed = removedMemberOf(classPath, member);
  if (!removed) return undefined;
  return {
    versions: removed,
    newName: () => removed.replacement,
    renameFix: removed.renameFix,
    ...(removed.note ? { note: removed.note } : {}),
    ruffOnRead: false,
    ruffKnowsClass: ruffChecks(classPath, removed),
    removed,
  };
}

/**
 * The finding for a member named at `at` (`subject` says whose, `effect` what Airflow does about
 * it), or undefined when the target version does not gate it. `ruffSees`: ruff reports this very
 * site (AIR3xx), else the same number as MWAA3xx.
 */
export function memberFinding(ctx: LintContext, at: Node, rule: MemberRule, subject: string, ruffSees: boolean, effect?: string): Finding | undefined {
  const gate = gateRule(rule.versions, ctx.target);
  if (!gate) return undefined;
  const range = nodeRange(ctx, at);
  const newName = rule.newName(gate.at);
  let message = `${subject} is ${gate.reason}`;
  if (effect) message += `: ${effect}`;
  const fixes: Fix[] = [];
  if (newName && newName !== at.text) {
    message += `; use \`${newName}\``;
    if (rule.note) message += ` (${rule.note})`;
    if (rule.renameFix && wantsFixes(ctx)) fixes.push({ kind: 'replaceName', title: `Rename to ${newName}`, edits: [{ range, newText: newName }] });
  }
  if (gate.upgradeOnly) message += ` [upgrade check: Airflow ${gate.at}]`;
  const code = codeFor(rule.versions, gate, 'MWAA201');
  return { range, code: ruffSees ? code : beyondRuff(code), severity: gate.severity, message, fixes, ...(gate.upgradeOnly ? { upgradeOnly: true } : {}) };
}

/** `v.member(...)`: the attribute around `attr` is the callee of a call. */
export function isCalled(attr: Node): boolean {
  const access = attr.parent;
  const call = access?.parent;
  return call?.type === 'call' && call.childForFieldName('function')?.id === access!.id;
}
