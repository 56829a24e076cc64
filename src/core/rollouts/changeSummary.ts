/**
 * What the user is shown before a rollout: whether the environment can take an update now, what
 * UpdateEnvironment will change (path, old version -> new version), that the environment updates
 * and restarts, and any errors the requirements check found.
 */
import { UserFacingError } from '../errors';
import type { MwaaEnvironment } from '../mwaa/environment';
import { ARTIFACTS, type ArtifactKind, type RolloutTarget } from './artifacts';

/**
 * MWAA accepts UpdateEnvironment from AVAILABLE and from UPDATE_FAILED (restored, usable: that is
 * where a fixed requirements.txt is rolled out); anything else would be rejected.
 */
export function assertCanUpdate(env: Pick<MwaaEnvironment, 'name' | 'status' | 'statusInfo'>, kind: ArtifactKind): void {
  if (env.status === 'AVAILABLE' || env.status === 'UPDATE_FAILED') return;
  const when = env.statusInfo.transitional ? ' Wait until it is AVAILABLE (the MWAA view shows its status live), then roll out again.' : '';
  throw new UserFacingError(
    `${env.name} is ${env.status} (${env.statusInfo.description.replace(/\.$/, '')}): MWAA would reject an update now, so its ${ARTIFACTS[kind].label} was not uploaded.${when}`,
  );
}

export interface LintFindingLike {
  readonly severity: string;
  readonly code: string;
  readonly message: string;
  readonly range: { readonly start: { readonly line: number } };
}

/** "2 errors: line 3 REQ003 …; line 5 REQ001 …" (first three), or undefined without errors. */
export function lintErrorSummary(findings: readonly LintFindingLike[]): string | undefined {
  const errors = findings.filter((f) => f.severity === 'error');
  if (errors.length === 0) return undefined;
  const shown = errors.slice(0, 3).map((f) => `line ${f.range.start.line + 1} ${f.code} ${f.message}`);
  const more = errors.length > 3 ? `; and ${errors.length - 3} more` : '';
  return `${errors.length} error${errors.length === 1 ? '' : 's'}: ${shown.join('; ')}${more}`;
}

export interface ChangeSummaryInput {
  readonly env: Pick<MwaaEnvironment, 'name' | 'status' | 'airflowVersion'>;
  readonly kind: ArtifactKind;
  readonly target: RolloutTarget;
  readonly newVersion: string;
  /** Where the content came from, for the message: a file or folder path. */
  readonly source: string;
  readonly lintErrors?: string;
  /** plugins.zip: how many files went in. */
  readonly fileCount?: number;
  /** Problems worth a look that do not stop the rollout (shown first). */
  readonly warnings?: readonly string[];
}

export interface ChangeSummary {
  readonly message: string;
  readonly detail: string;
  /** The confirm button's label. */
  readonly confirm: string;
}

export function changeSummary(input: ChangeSummaryInput): ChangeSummary {
  const spec = ARTIFACTS[input.kind];
  const { target } = input;
  const field = spec.field;
  const pathLine = target.currentPath === undefined
    ? `${field}S3Path: (none) -> ${target.key}`
    : `${field}S3Path: ${target.key} (unchanged)`;
  const versionLine = `${field}S3ObjectVersion: ${target.currentVersion ?? '(none)'} -> ${input.newVersion}`;
  const what = input.kind === 'plugins' && input.fileCount !== undefined ? `${input.source} (${input.fileCount} file${input.fileCount === 1 ? '' : 's'})` : input.source;
  const lines = [
    ...(input.lintErrors ? [`⚠ The requirements check found ${input.lintErrors}.`, ''] : []),
    ...(input.warnings?.length ? [...input.warnings.map((w) => `⚠ ${w}`), ''] : []),
    `Uploaded ${what} to s3://${target.bucket}/${target.key} as version ${input.newVersion}; it is not active until the update.`,
    '',
    'UpdateEnvironment will change:',
    `  ${pathLine}`,
    `  ${versionLine}`,
    '',
    `${input.env.name} then updates: this takes several minutes (often 10-30). Its workers, schedulers and web server are replaced and restart; running tasks finish first (graceful replacement), and the Airflow UI may be briefly unavailable.` +
      (input.kind === 'requirements' ? ' If pip cannot install the requirements, MWAA rolls back and the environment ends UPDATE_FAILED with the previous requirements still active.' : ''),
  ];
  const anyway = input.lintErrors ? ' anyway' : '';
  return {
    message: `Roll out ${spec.label} to ${input.env.name}${anyway}?`,
    detail: lines.join('\n'),
    confirm: input.lintErrors ? 'Roll Out Anyway' : 'Roll Out',
  };
}

/** What would make a startup script fail on MWAA's Linux hosts before it does anything useful. */
export function startupScriptWarnings(text: string): string[] {
  const out: string[] = [];
  if (text.includes('\r\n')) out.push('The script has Windows (CRLF) line endings: bash on MWAA reads `\\r` as part of each command and fails. Save it with LF line endings.');
  return out;
}
