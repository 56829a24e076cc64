/**
 * The transforms from the source name tables to src/data/lint-rules.json, in order: the added
 * rows joined to the tables, names from both, Airflow 3 removals ruff does not report, the
 * ground-truth corrections, wildcard rule codes, then arguments and context keys.
 * Pure: the caller reads the tables and writes the result.
 */
import type { RuleTableData } from '../../src/core/lint/ruleTable';
import { addAirflow3Rows, addedSourceRows } from './addedRows';
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
  const added = addedSourceRows(tables.added, notes);
  const allRuff = [...ruffRows, ...added.ruff];
  const allDep = [...depRows, ...added.deprecation];
  const names = buildNames(allRuff, allDep, tables.ruff, notes);
  addAirflow3Rows(names, tables.added, notes);
  applyGroundTruth(names, tables.groundTruth, notes);
  inheritWildcardRules(names, notes);
  const rules: RuleTableData = {
    schema: 1,
    names,
    arguments: buildArguments(allRuff, allDep, tables, notes),
    contextKeys: buildContextKeys(allRuff, allDep),
  };
  return { rules, notes };
}

export function ruleCounts(rules: RuleTableData): RuleCounts {
  return { names: rules.names.length, arguments: rules.arguments.length, contextKeys: rules.contextKeys.length };
}
