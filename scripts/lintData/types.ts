/**
 * Types of the lint-data generator: the rows of the source name tables (../shared/data/airflow),
 * the hand-kept correction tables (the JSON files beside this one) and the notes the transforms
 * collect for src/data/PROVENANCE.md. The outputs use the linter's own types (ruleTable.ts,
 * constraints.ts), so a generator change that the linter could not read fails to compile.
 */
import type { ArgumentTarget } from '../../src/core/lint/ruleTable';

/** A row of moved-and-removed-names.tsv (ruff's AIR3xx tables), or one added in addedRows.json. */
export interface RuffRow {
  /** 1-based line in the file (the entry's index for an added row), for error messages. */
  readonly line: number;
  /** addedRows.json for an added row (error messages name it instead of the table). */
  readonly file?: string;
  readonly rule: string;
  readonly status: string;
  readonly old: string;
  readonly new: string;
  readonly requires: string;
  readonly kind: string;
  readonly message: string;
}

/** A row of deprecated-in-2x.tsv, or one added in addedRows.json. */
export interface DeprecationRow {
  readonly line: number;
  readonly file?: string;
  readonly old: string;
  readonly new: string;
  readonly deprecatedIn: string;
  readonly removedIn: string;
  readonly kind: string;
  readonly source: string;
}

// ------------------------------------------------------------ correction tables (JSON)

/** Names found removed earlier than the source tables say, bracketed by two releases. */
export interface RemovalCorrection {
  readonly removedIn: string;
  /** The last release whose wheel still has the paths. */
  readonly lastRelease: string;
  /** The first release whose wheel no longer has them. */
  readonly firstReleaseWithout: string;
  readonly provenance: string;
  readonly paths: readonly string[];
}

/** Names ruff calls removed that still import (with a warning) through a compat shim. */
export interface ShimCorrection {
  readonly deprecatedIn: string;
  readonly provenance: string;
  readonly paths: readonly string[];
}

/** groundTruthCorrections.json */
export interface GroundTruthCorrections {
  readonly removedBefore2_11: readonly RemovalCorrection[];
  readonly compatShimRemoved: readonly RemovalCorrection[];
  readonly stillShimmedIn3: readonly ShimCorrection[];
}

/** The start of an `arguments` entry of lint-rules.json, as the mapping table gives it. */
export interface ArgumentSpec {
  readonly target: ArgumentTarget;
  readonly arg: string;
  readonly value?: string;
  readonly replacementValue?: string;
  readonly replacement?: string;
  readonly position?: number;
}

/** One prose argument row mapped to a structured target. */
export interface ArgumentMapping {
  readonly row: string;
  readonly argument: ArgumentSpec;
  /** false: ignore the row's removal version. */
  readonly keepRemoval?: boolean;
  readonly provenance: string;
}

/** An argument row that is not a call argument; its provenance is the reason shown. */
export interface UnsupportedArgument {
  readonly row: string;
  readonly provenance: string;
}

/** argumentTargets.json */
export interface ArgumentTargets {
  readonly ruff: readonly ArgumentMapping[];
  readonly deprecatedIn2x: readonly ArgumentMapping[];
  readonly unsupported: readonly UnsupportedArgument[];
}

/** What one value of ruff's status column stands for. */
export interface RuffStatus {
  readonly status: string;
  readonly removedIn?: string;
  readonly deprecatedIn?: string;
  readonly provenance: string;
}

/** ruffSemantics.json */
export interface RuffSemantics {
  readonly statuses: readonly RuffStatus[];
  readonly checkedOnRead: { readonly provenance: string; readonly paths: readonly string[] };
  /** Name -> the keyword argument whose value is the only place ruff reports it. */
  readonly checkedAsArgument: { readonly provenance: string; readonly paths: Readonly<Record<string, string>> };
  readonly checkedAsDecorator: { readonly provenance: string; readonly paths: readonly string[] };
  /** Argument rows ruff also checks on a bare `@task(...)`. */
  readonly argumentsOnTask: { readonly provenance: string; readonly rows: readonly string[] };
  /** Argument rows of ruff's table that ruff does not report. */
  readonly argumentsNotReported: { readonly provenance: string; readonly rows: readonly string[] };
}

/** An Airflow 3 removal ruff does not report (addedRows.json `airflow3`). */
export interface Airflow3Row {
  readonly old: string;
  readonly new: string;
  readonly removedIn: string;
  readonly kind: string;
  readonly provenance: string;
}

/** addedRows.json: rows the source tables lack, each with its provenance. */
export interface AddedRows {
  readonly ruff: readonly (Omit<RuffRow, 'line' | 'file'> & { readonly provenance: string })[];
  readonly airflow3: readonly Airflow3Row[];
  readonly deprecatedIn2x: readonly (Omit<DeprecationRow, 'line' | 'file' | 'deprecatedIn' | 'removedIn'> & {
    readonly deprecated_in: string;
    readonly removed_in: string;
  })[];
}

/** Every hand-kept table the transforms read. */
export interface CorrectionTables {
  readonly groundTruth: GroundTruthCorrections;
  readonly argumentTargets: ArgumentTargets;
  readonly ruff: RuffSemantics;
  readonly added: AddedRows;
}

// ------------------------------------------------------------ notes for PROVENANCE.md

/** What the transforms resolved, skipped or corrected, rendered into PROVENANCE.md. */
export interface GenerationNotes {
  /** Old paths with more than one 2.x row (one entry per extra row). */
  readonly duplicates2x: string[];
  /** Paths with two ruff rows, and which one was kept. */
  readonly duplicatesRuff: string[];
  /** Argument rows that are not a call argument. */
  readonly unsupported: string[];
  /** 2.x rows that are not a dotted path. */
  readonly skipped: string[];
  /** Rows changed by the ground-truth corrections or wildcard inheritance. */
  readonly corrected: string[];
  /** Wildcard path -> number of exact rows that took its ruff code. */
  readonly wildcardRules: Record<string, number>;
  /** Rows of addedRows.json, with their provenance. */
  readonly added: string[];
}

export function emptyNotes(): GenerationNotes {
  return { duplicates2x: [], duplicatesRuff: [], unsupported: [], skipped: [], corrected: [], wildcardRules: {}, added: [] };
}

/** Sizes of lint-rules.json, for the log line and PROVENANCE.md. */
export interface RuleCounts {
  readonly names: number;
  readonly arguments: number;
  readonly contextKeys: number;
}
