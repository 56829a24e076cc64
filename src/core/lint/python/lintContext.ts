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
}

export function nodeRange(ctx: LintContext, node: Node): Range {
  return ctx.index.range(node.startIndex, node.endIndex);
}

/**
 * ruff's AIR3xx code when the event that fired (removal or deprecation) is an Airflow 3 one, so
 * findings line up with ruff's; our own code for Airflow 2.x deprecations.
 */
export function codeFor(rule: VersionedRule & { readonly rule?: string }, gate: Gate, fallback: string): string {
  const event = gate.severity === 'error' ? rule.removedIn : rule.deprecatedIn;
  return rule.rule && event && compareVersions(event, '3.0') >= 0 ? rule.rule : fallback;
}
