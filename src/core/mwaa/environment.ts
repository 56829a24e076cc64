/**
 * Our model of an MWAA environment: GetEnvironment's `Environment`, normalised once so no caller
 * has to know that WebserverUrl sometimes has a scheme or DagS3Path sometimes names the bucket.
 */
import type { Environment } from '@aws-sdk/client-mwaa';
import { parseAirflowRelease, type AirflowRelease } from './airflowRelease';
import { webserverOrigin } from './links';
import { statusInfo, type StatusInfo } from './status';

export type LogKind = 'DagProcessing' | 'Scheduler' | 'Webserver' | 'Worker' | 'Task';

export interface MwaaLogGroup {
  readonly kind: LogKind;
  readonly enabled: boolean;
  readonly level?: string;
  /** The log group ARN without the trailing `:*`. */
  readonly arn?: string;
  /** The log group name (`airflow-<env>-Task`), from the ARN. */
  readonly name?: string;
}

export interface S3Artifact {
  /** Key relative to the bucket (`requirements.txt`). */
  readonly path: string;
  readonly objectVersion?: string;
}

export interface MwaaLastUpdate {
  readonly status?: string;
  readonly createdAt?: Date;
  readonly source?: string;
  readonly error?: { readonly code?: string; readonly message?: string };
}

export interface MwaaEnvironment {
  readonly name: string;
  readonly arn?: string;
  readonly region: string;
  readonly profile: string;
  readonly status: string;
  readonly statusInfo: StatusInfo;
  readonly airflowVersion: AirflowRelease;
  readonly environmentClass?: string;
  readonly minWorkers?: number;
  readonly maxWorkers?: number;
  readonly schedulers?: number;
  /** Host (and port), no scheme: `abc.c2.us-east-1.airflow.amazonaws.com`. */
  readonly webserverHost?: string;
  /** `https://host`. */
  readonly webserverUrl?: string;
  readonly webserverAccessMode?: string;
  readonly sourceBucketArn?: string;
  readonly bucket?: string;
  /** The DAGs folder key prefix, no bucket, no slashes at the ends: `dags`. */
  readonly dagS3Path?: string;
  readonly requirements?: S3Artifact;
  readonly plugins?: S3Artifact;
  readonly startupScript?: S3Artifact;
  readonly logGroups: readonly MwaaLogGroup[];
  readonly lastUpdate?: MwaaLastUpdate;
  readonly createdAt?: Date;
  readonly executionRoleArn?: string;
  readonly weeklyMaintenanceWindowStart?: string;
  readonly tags: Readonly<Record<string, string>>;
}

const LOG_FIELDS: ReadonlyArray<[LogKind, 'DagProcessingLogs' | 'SchedulerLogs' | 'WebserverLogs' | 'WorkerLogs' | 'TaskLogs']> = [
  ['DagProcessing', 'DagProcessingLogs'],
  ['Scheduler', 'SchedulerLogs'],
  ['Webserver', 'WebserverLogs'],
  ['Worker', 'WorkerLogs'],
  ['Task', 'TaskLogs'],
];

/**
 * Normalises GetEnvironment output. `AirflowConfigurationOptions` is left out on purpose: the API
 * marks it sensitive, and nothing in the explorer needs it.
 */
export function normaliseEnvironment(raw: Environment, where: { profile: string; region: string }): MwaaEnvironment {
  const bucket = bucketFromArn(raw.SourceBucketArn);
  const host = webserverHost(raw.WebserverUrl);
  const status = (raw.Status ?? '').toString().toUpperCase() || 'UNKNOWN';
  const env: MwaaEnvironment = {
    name: raw.Name ?? '',
    region: regionFromArn(raw.Arn) ?? where.region,
    profile: where.profile,
    status,
    statusInfo: statusInfo(status),
    airflowVersion: parseAirflowRelease(raw.AirflowVersion),
    logGroups: logGroups(raw),
    tags: { ...(raw.Tags ?? {}) },
    ...defined({
      arn: raw.Arn,
      environmentClass: raw.EnvironmentClass,
      minWorkers: raw.MinWorkers,
      maxWorkers: raw.MaxWorkers,
      schedulers: raw.Schedulers,
      webserverHost: host,
      // Shown and copied, never used to send a token: a loopback host (a local stand-in) is plain http.
      webserverUrl: host ? webserverOrigin(host, { allowLoopbackHttp: true }) : undefined,
      webserverAccessMode: raw.WebserverAccessMode,
      sourceBucketArn: raw.SourceBucketArn,
      bucket,
      dagS3Path: s3Key(raw.DagS3Path, bucket),
      requirements: artifact(raw.RequirementsS3Path, raw.RequirementsS3ObjectVersion, bucket),
      plugins: artifact(raw.PluginsS3Path, raw.PluginsS3ObjectVersion, bucket),
      startupScript: artifact(raw.StartupScriptS3Path, raw.StartupScriptS3ObjectVersion, bucket),
      lastUpdate: lastUpdate(raw),
      createdAt: toDate(raw.CreatedAt),
      executionRoleArn: raw.ExecutionRoleArn,
      weeklyMaintenanceWindowStart: raw.WeeklyMaintenanceWindowStart,
    }),
  };
  return env;
}

/** `https://host/`, `host`, `HOST:443/path` -> `host` (lower-case; a non-default port kept). */
export function webserverHost(url: string | undefined): string | undefined {
  const text = url?.trim();
  if (!text) return undefined;
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `https://${text}`);
    return u.host.toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}

/** `arn:aws:s3:::my-bucket` -> `my-bucket`. */
export function bucketFromArn(arn: string | undefined): string | undefined {
  const m = /^arn:[^:]+:s3:::([^/]+)$/.exec(arn?.trim() ?? '');
  return m?.[1];
}

/**
 * An S3 path as MWAA returns it, as a key relative to the bucket: `dags`, `/dags/`,
 * `s3://bucket/dags` and `s3://bucket/dags/` all become `dags`. The bucket root is ``.
 */
export function s3Key(path: string | undefined, bucket?: string): string | undefined {
  if (path === undefined || path === null) return undefined;
  let key = path.trim();
  const m = /^s3:\/\/([^/]+)\/?(.*)$/i.exec(key);
  if (m) {
    // A path naming another bucket than SourceBucketArn's is kept whole: better visible than wrong.
    if (bucket && m[1] !== bucket) return key;
    key = m[2]!;
  }
  return key.replace(/^\/+|\/+$/g, '');
}

function artifact(path: string | undefined, version: string | undefined, bucket: string | undefined): S3Artifact | undefined {
  const key = s3Key(path, bucket);
  if (!key) return undefined;
  return version ? { path: key, objectVersion: version } : { path: key };
}

function logGroups(raw: Environment): MwaaLogGroup[] {
  const config = raw.LoggingConfiguration ?? {};
  const out: MwaaLogGroup[] = [];
  for (const [kind, field] of LOG_FIELDS) {
    const entry = config[field];
    if (!entry) continue;
    const arn = entry.CloudWatchLogGroupArn?.replace(/:\*$/, '');
    out.push({
      kind,
      enabled: entry.Enabled === true,
      ...defined({ level: entry.LogLevel, arn, name: arn ? logGroupName(arn) : undefined }),
    });
  }
  return out;
}

/** `arn:aws:logs:us-east-1:123:log-group:airflow-env-Task:*` -> `airflow-env-Task`. */
export function logGroupName(arn: string): string | undefined {
  return /:log-group:([^:]+)/.exec(arn)?.[1];
}

function lastUpdate(raw: Environment): MwaaLastUpdate | undefined {
  const u = raw.LastUpdate;
  if (!u) return undefined;
  const error = u.Error && (u.Error.ErrorCode || u.Error.ErrorMessage) ? defined({ code: u.Error.ErrorCode, message: u.Error.ErrorMessage }) : undefined;
  return defined({ status: u.Status, createdAt: toDate(u.CreatedAt), source: u.Source, error });
}

function regionFromArn(arn: string | undefined): string | undefined {
  return /^arn:[^:]+:airflow:([^:]+):/.exec(arn ?? '')?.[1];
}

function toDate(value: Date | string | number | undefined): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const d = value instanceof Date ? value : new Date(typeof value === 'number' ? value * 1000 : value);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** Drops undefined fields so optional properties stay absent rather than `undefined`. */
function defined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as { [K in keyof T]?: Exclude<T[K], undefined> };
}
