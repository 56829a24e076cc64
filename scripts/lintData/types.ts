/**
 * Types of the lint-data generator: the rows of the source name tables (../shared/data/airflow),
 * the hand-kept correction tables (the JSON files beside this one) and the notes the transforms
 * collect for src/data/PROVENANCE.md. The outputs use the linter's own types (ruleTable.ts,
 * constraints.ts), so a generator change that the linter could not read fails to compile.
 */
import type { ArgumentTarget } from '../../src/core/lint/ruleTable';

/** A row of moved-and-removed-names.tsv (ruff's AIR3xx tables). */
export interface RuffRow {
  /** 1-based line in the file, for error messages. */
  readonly line: number;
  readonly rule: string;
  readonly status: string;
  readonly old: string;
  readonly new: string;
  readonly requires: string;
  readonly kind: string;
  readonly message: string;
}

/** A row of deprecated-in-2x.tsv. */
export interface DeprecationRow {
  readonly line: number;
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
}

/** Every hand-kept table the transforms read. */
export interface CorrectionTables {
  readonly groundTruth: GroundTruthCorrections;
  readonly argumentTargets: ArgumentTargets;
  readonly ruff: RuffSemantics;
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
}

export function emptyNotes(): GenerationNotes {
  return { duplicates2x: [], duplicatesRuff: [], unsupported: [], skipped: [], corrected: [], wildcardRules: {} };
}

/** Sizes of lint-rules.json, for the log line and PROVENANCE.md. */
export interface RuleCounts {
  readonly names: number;
  readonly arguments: number;
  readonly contextKeys: number;
}
