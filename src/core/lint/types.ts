/** Shapes shared by every linter in core/lint: findings, ranges and fixes, all 0-based. */

/** A position as VS Code counts it: 0-based line and UTF-16 code unit within the line. */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
}

export type Severity = 'error' | 'warning' | 'info';

/** A replacement of `range` (in the text the finding was computed on) by `newText`. */
export interface TextEdit {
  readonly range: Range;
  readonly newText: string;
}

export type FixKind =
  | 'rewriteImport'
  | 'replaceName'
  | 'renameArgument'
  | 'replaceArgumentValue'
  | 'renameContextKey'
  | 'addRequirement'
  | 'insertConstraint'
  | 'replaceConstraint'
  | 'alignVersion'
  | 'useEnvironmentVariables';

/**
 * A quick fix as data. `edits` apply to the linted file; `requirement` asks the feature layer to
 * add a package to requirements.txt (at the version the environment's constraints pin).
 */
export interface Fix {
  readonly kind: FixKind;
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly requirement?: { readonly name: string; readonly minVersion?: string };
}

export interface Finding {
  readonly range: Range;
  /** Stable identifier: AIR3xx for ruff's shared rules, MWAA/REQ for ours. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly fixes: readonly Fix[];
  /** True when reported only because an upgrade-check target was given. */
  readonly upgradeOnly?: boolean;
  /** For findings from a file included with -r: that file's path. */
  readonly file?: string;
}
