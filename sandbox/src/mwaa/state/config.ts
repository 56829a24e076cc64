/** Environments the emulator serves, and how to make many synthetic ones for benchmarks. */

export const ACCOUNT_ID = '123456789012';

export type EnvironmentStatus =
  | 'CREATING' | 'CREATE_FAILED' | 'AVAILABLE' | 'UPDATING' | 'DELETING' | 'DELETED' | 'UNAVAILABLE'
  | 'UPDATE_FAILED' | 'ROLLING_BACK' | 'CREATING_SNAPSHOT' | 'PENDING' | 'MAINTENANCE';

export interface EnvironmentConfig {
  name: string;
  region: string;
  status?: EnvironmentStatus;
  /** Backed by a real Airflow of this major; absent for synthetic environments. */
  airflowMajor?: 2 | 3;
  /** Shown when no venv is found yet (synthetic environments, or before the first install). */
  airflowVersion?: string;
  bucket?: string;
  dagS3Path?: string;
  environmentClass?: string;
  minWorkers?: number;
  maxWorkers?: number;
  schedulers?: number;
  webserverAccessMode?: 'PUBLIC_ONLY' | 'PRIVATE_ONLY';
  tags?: Record<string, string>;
  /** For synthetic environments in a failed state: what LastUpdate.Error says. */
  lastUpdateError?: { ErrorCode: string; ErrorMessage: string };
  /** AirflowConfigurationOptions (`section.key` -> value), as UpdateEnvironment would set them. */
  airflowConfigurationOptions?: Record<string, string>;
}

/**
 * The real environments read variables and connections through Airflow's SecretsManagerBackend
 * (the Amazon provider their constraints pin), as an MWAA setup guide configures it.
 */
export const SANDBOX_SECRETS_OPTIONS: Readonly<Record<string, string>> = {
  'secrets.backend': 'airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend',
  'secrets.backend_kwargs': JSON.stringify({ connections_prefix: 'airflow/connections', variables_prefix: 'airflow/variables' }),
};

export const REAL_ENVIRONMENTS: EnvironmentConfig[] = [
  { name: 'sandbox-af2', region: 'us-east-1', airflowMajor: 2, airflowVersion: '2.11.2', airflowConfigurationOptions: { ...SANDBOX_SECRETS_OPTIONS } },
  { name: 'sandbox-af3', region: 'us-east-1', airflowMajor: 3, airflowVersion: '3.3.1', airflowConfigurationOptions: { ...SANDBOX_SECRETS_OPTIONS } },
];

export interface SyntheticOptions {
  count: number;
  regions?: string[];
  /** Cycled over the generated environments. */
  statuses?: EnvironmentStatus[];
  versions?: string[];
  prefix?: string;
}

/**
 * N environments spread round-robin over regions, for the listing benchmark. They have no Airflow:
 * data-plane calls on them answer like an environment whose webserver is unreachable.
 */
export function syntheticEnvironments(opts: SyntheticOptions): EnvironmentConfig[] {
  const regions = opts.regions ?? ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];
  const statuses = opts.statuses ?? ['AVAILABLE'];
  const versions = opts.versions ?? ['2.10.3', '2.11.0', '3.0.6'];
  const prefix = opts.prefix ?? 'synthetic';
  return Array.from({ length: opts.count }, (_, i) => {
    const status = statuses[i % statuses.length]!;
    const env: EnvironmentConfig = {
      name: `${prefix}-${String(i + 1).padStart(3, '0')}`,
      region: regions[i % regions.length]!,
      status,
      airflowVersion: versions[i % versions.length]!,
      environmentClass: ['mw1.small', 'mw1.medium', 'mw1.large'][i % 3]!,
      tags: { team: ['data', 'ml', 'finance'][i % 3]!, synthetic: 'true' },
    };
    if (status === 'UPDATE_FAILED' || status === 'CREATE_FAILED') {
      env.lastUpdateError = {
        ErrorCode: 'INCORRECT_CONFIGURATION',
        ErrorMessage: 'requirements.txt: ERROR: Could not find a version that satisfies the requirement nosuchpkg==9.9 (synthetic)',
      };
    }
    return env;
  });
}

/** The execution role GetEnvironment names (created in moto for the real environments). */
export function executionRoleArn(name: string): string {
  return `arn:aws:iam::${ACCOUNT_ID}:role/service-role/AmazonMWAA-${name}-execution`;
}

export function environmentArn(region: string, name: string): string {
  return `arn:aws:airflow:${region}:${ACCOUNT_ID}:environment/${name}`;
}

export const LOG_TYPES = {
  DagProcessingLogs: 'DAGProcessing',
  SchedulerLogs: 'Scheduler',
  TaskLogs: 'Task',
  WebserverLogs: 'WebServer',
  WorkerLogs: 'Worker',
} as const;

export function logGroupName(env: string, kind: (typeof LOG_TYPES)[keyof typeof LOG_TYPES]): string {
  return `airflow-${env}-${kind}`;
}

/** The documented form, with the trailing `:*` the extension must strip. */
export function logGroupArn(region: string, group: string): string {
  return `arn:aws:logs:${region}:${ACCOUNT_ID}:log-group:${group}:*`;
}
