import type { Node, Tree } from 'web-tree-sitter';
import { compareVersions, type Gate, type VersionTarget, type VersionedRule } from '../airflowVersion';
import type { RuleTable } from '../ruleTable';
import type { TextIndex } from '../textIndex';
import type { Range } from '../types';
import type { ImportBindings } from './importBindings';
import type { SyntaxNodes } from './syntaxWalk';

/** Everything a Python rule needs about one document, computed once per lint. */
export interface LintContext {
  readonly tree: Tree;
  readonly index: TextIndex;
  readonly rules: RuleTable;
  readonly target: VersionTarget;
  readonly syntax: SyntaxNodes;
  readonly bindings: ImportBindings;
  /** Set when the caller shows no fixes (the CLI): rules leave `fixes` empty and skip the searches edits need. */
  readonly withoutFixes?: boolean;
}

/** Whether a rule should work out quick fixes for its findings. */
export function wantsFixes(ctx: LintContext): boolean {
  return ctx.withoutFixes !== true;
}

export function nodeRange(ctx: LintContext, node: Node): Range {
  return ctx.index.range(node.startIndex, node.endIndex);
}

/**
 * ruff's AIR3xx code when the event that fired (removal or deprecation) is an Airflow 3 one, so
 * findings line up with ruff's; our own code for Airflow 2.x deprecations. A name gone before 3.0
 * (most of `airflow.contrib`) that ruff's table lists keeps ruff's code when the finding is its
 * removal: AIR301 says "removed in Airflow 3", which is true of it as well.
 */
export function codeFor(rule: VersionedRule & { readonly rule?: string }, gate: Gate, fallback: string): string {
  const event = gate.severity === 'error' ? rule.removedIn : rule.deprecatedIn;
  if (!rule.rule || !event) return fallback;
  if (isAirflow3Event(event)) return rule.rule;
  return gate.severity === 'error' && rule.rule === 'AIR301' ? rule.rule : fallback;
}

// A handful of distinct versions, asked about for every finding.
const airflow3Events = new Map<string, boolean>();
function isAirflow3Event(version: string): boolean {
  let is = airflow3Events.get(version);
  if (is === undefined) {
    is = compareVersions(version, '3.0') >= 0;
    if (airflow3Events.size < 1000) airflow3Events.set(version, is);
  }
  return is;
}

/**
 * The code for an Airflow 3 finding at a site ruff's AIR3 rules do not visit (a Jinja template, a
 * callback's context, a `with ... as` binding, a string argument value): `MWAA3xx` with the same
 * number as ruff's rule, so `AIR3xx` always means "ruff reports this too".
 */
export function beyondRuff(code: string): string {
  return code.startsWith('AIR3') ? `MWAA3${code.slice(4)}` : code;
}
