/**
 * The transforms from the source name tables to src/data/lint-rules.json, in order: names from
 * both tables, the ground-truth corrections, wildcard rule codes, then arguments and context keys.
 * Pure: the caller reads the tables and writes the result.
 */
import type { RuleTableData } from '../../src/core/lint/ruleTable';
import { buildArguments } from './arguments';
import { buildContextKeys } from './contextKeys';
import { applyGroundTruth } from './groundTruth';
import { buildNames, inheritWildcardRules } from './names';
import { emptyNotes, type CorrectionTables, type DeprecationRow, type GenerationNotes, type RuffRow, type RuleCounts } from './types';

export interface LintRules {
  readonly rules: RuleTableData;
  /** What was resolved, skipped or corrected, for PROVENANCE.md. */
  readonly notes: GenerationNotes;
}

export function buildLintRules(ruffRows: readonly RuffRow[], depRows: readonly DeprecationRow[], tables: CorrectionTables): LintRules {
  const notes = emptyNotes();
  const names = buildNames(ruffRows, depRows, tables.ruff, notes);
  applyGroundTruth(names, tables.groundTruth, notes);
  inheritWildcardRules(names, notes);
  const rules: RuleTableData = {
    schema: 1,
    names,
    arguments: buildArguments(ruffRows, depRows, tables.argumentTargets, notes),
    contextKeys: buildContextKeys(ruffRows, depRows),
  };
  return { rules, notes };
}

export function ruleCounts(rules: RuleTableData): RuleCounts {
  return { names: rules.names.length, arguments: rules.arguments.length, contextKeys: rules.contextKeys.length };
}
