/**
 * What the user is shown before a rollout: whether the environment can take an update now, what
 * will be uploaded (nothing is until they confirm), what UpdateEnvironment will change (path, the
 * version it replaces), that the environment updates and restarts, and any errors the requirements
 * check found.
 */
import { createHash } from 'node:crypto';
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
  /** The bytes that will be uploaded once the user confirms. */
  readonly upload: UploadFacts;
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

/** Size and SHA-256 of what a rollout would upload: the new object version does not exist yet. */
export interface UploadFacts {
  readonly bytes: number;
  readonly sha256: string;
}

export function uploadFacts(body: Uint8Array): UploadFacts {
  return { bytes: body.byteLength, sha256: createHash('sha256').update(body).digest('hex') };
}

function describeSize(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} byte${bytes === 1 ? '' : 's'}`;
}

export function changeSummary(input: ChangeSummaryInput): ChangeSummary {
  const spec = ARTIFACTS[input.kind];
  const { target } = input;
  const field = spec.field;
  const pathLine = target.currentPath === undefined
    ? `${field}S3Path: (none) -> ${target.key}`
    : `${field}S3Path: ${target.key} (unchanged)`;
  const versionLine = `${field}S3ObjectVersion: ${target.currentVersion ?? '(none)'} -> the version uploaded on confirming`;
  const what = input.kind === 'plugins' && input.fileCount !== undefined ? `${input.source} (${input.fileCount} file${input.fileCount === 1 ? '' : 's'})` : input.source;
  const replaces = target.currentVersion ? `replacing version ${target.currentVersion}` : 'the environment has no version of it yet';
  const lines = [
    ...(input.lintErrors ? [`⚠ The requirements check found ${input.lintErrors}.`, ''] : []),
    ...(input.warnings?.length ? [...input.warnings.map((w) => `⚠ ${w}`), ''] : []),
    `On confirming, ${what} (${describeSize(input.upload.bytes)}, SHA-256 ${input.upload.sha256}) is uploaded to s3://${target.bucket}/${target.key} as a new object version (${replaces}). Nothing is uploaded if you cancel.`,
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
