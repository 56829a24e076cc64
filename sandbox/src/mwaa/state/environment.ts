import { ACCOUNT_ID, LOG_TYPES, environmentArn, executionRoleArn, logGroupArn, logGroupName, type EnvironmentConfig, type EnvironmentStatus } from './config';

export interface LastUpdate {
  Status: 'SUCCESS' | 'PENDING' | 'FAILED';
  CreatedAt: number;
  Source?: string;
  WorkerReplacementStrategy?: 'FORCED' | 'GRACEFUL';
  Error?: { ErrorCode: string; ErrorMessage: string };
}

/** One emulated environment's mutable state, and its GetEnvironment shape. */
export class EnvironmentState {
  readonly name: string;
  readonly region: string;
  readonly airflowMajor?: 2 | 3;
  readonly createdAt: number;
  status: EnvironmentStatus;
  airflowVersion: string;
  bucket: string;
  dagS3Path: string;
  requirementsS3Path?: string;
  requirementsS3ObjectVersion?: string;
  pluginsS3Path?: string;
  pluginsS3ObjectVersion?: string;
  startupScriptS3Path?: string;
  startupScriptS3ObjectVersion?: string;
  environmentClass: string;
  minWorkers: number;
  maxWorkers: number;
  schedulers: number;
  webserverAccessMode: 'PUBLIC_ONLY' | 'PRIVATE_ONLY';
  tags: Record<string, string>;
  lastUpdate?: LastUpdate;
  airflowConfigurationOptions: Record<string, string> = {};

  constructor(cfg: EnvironmentConfig, now = Date.now()) {
    this.name = cfg.name;
    this.region = cfg.region;
    if (cfg.airflowMajor) this.airflowMajor = cfg.airflowMajor;
    this.createdAt = Math.floor(now / 1000) - 86400 * 30;
    this.status = cfg.status ?? 'AVAILABLE';
    this.airflowVersion = cfg.airflowVersion ?? (cfg.airflowMajor === 3 ? '3.3.1' : '2.11.2');
    this.bucket = cfg.bucket ?? `airflow-${cfg.name}`;
    this.dagS3Path = cfg.dagS3Path ?? 'dags';
    this.environmentClass = cfg.environmentClass ?? 'mw1.small';
    this.minWorkers = cfg.minWorkers ?? 1;
    this.maxWorkers = cfg.maxWorkers ?? 10;
    this.schedulers = cfg.schedulers ?? 2;
    this.webserverAccessMode = cfg.webserverAccessMode ?? 'PUBLIC_ONLY';
    this.tags = { environment: 'sandbox', ...(cfg.tags ?? {}) };
    if (cfg.airflowConfigurationOptions) this.airflowConfigurationOptions = { ...cfg.airflowConfigurationOptions };
    if (cfg.lastUpdateError) {
      this.lastUpdate = { Status: 'FAILED', CreatedAt: this.createdAt + 3600, Source: 'Customer', Error: cfg.lastUpdateError };
    } else {
      this.lastUpdate = { Status: 'SUCCESS', CreatedAt: this.createdAt + 3600, Source: 'Customer', WorkerReplacementStrategy: 'GRACEFUL' };
    }
  }

  get arn(): string {
    return environmentArn(this.region, this.name);
  }

  get executionRoleArn(): string {
    return executionRoleArn(this.name);
  }

  logGroup(kind: (typeof LOG_TYPES)[keyof typeof LOG_TYPES]): string {
    return logGroupName(this.name, kind);
  }

  /** The `Environment` structure of GetEnvironment (restJson1: timestamps as epoch seconds). */
  toApi(webserverHost: string): Record<string, unknown> {
    const logging: Record<string, unknown> = {};
    for (const [field, kind] of Object.entries(LOG_TYPES)) {
      logging[field] = {
        Enabled: true,
        LogLevel: kind === 'Task' ? 'INFO' : 'WARNING',
        CloudWatchLogGroupArn: logGroupArn(this.region, this.logGroup(kind)),
      };
    }
    const env: Record<string, unknown> = {
      Name: this.name,
      Arn: this.arn,
      CreatedAt: this.createdAt,
      Status: this.status,
      AirflowVersion: this.airflowVersion,
      SourceBucketArn: `arn:aws:s3:::${this.bucket}`,
      DagS3Path: this.dagS3Path,
      ExecutionRoleArn: this.executionRoleArn,
      ServiceRoleArn: `arn:aws:iam::${ACCOUNT_ID}:role/aws-service-role/airflow.amazonaws.com/AWSServiceRoleForAmazonMWAA`,
      // MWAA returns a host name here, no scheme (the docs' examples); the sandbox serves http.
      WebserverUrl: webserverHost,
      WebserverAccessMode: this.webserverAccessMode,
      EnvironmentClass: this.environmentClass,
      MinWorkers: this.minWorkers,
      MaxWorkers: this.maxWorkers,
      MinWebservers: 2,
      MaxWebservers: 2,
      Schedulers: this.schedulers,
      EndpointManagement: 'SERVICE',
      WeeklyMaintenanceWindowStart: 'SUN:03:30',
      NetworkConfiguration: {
        SubnetIds: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
        SecurityGroupIds: ['sg-0a1b2c3d4e5f60003'],
      },
      LoggingConfiguration: logging,
      AirflowConfigurationOptions: this.airflowConfigurationOptions,
      Tags: this.tags,
    };
    if (this.lastUpdate) env.LastUpdate = this.lastUpdate;
    const optional: Array<[string, string | undefined]> = [
      ['RequirementsS3Path', this.requirementsS3Path],
      ['RequirementsS3ObjectVersion', this.requirementsS3ObjectVersion],
      ['PluginsS3Path', this.pluginsS3Path],
      ['PluginsS3ObjectVersion', this.pluginsS3ObjectVersion],
      ['StartupScriptS3Path', this.startupScriptS3Path],
      ['StartupScriptS3ObjectVersion', this.startupScriptS3ObjectVersion],
    ];
    for (const [k, v] of optional) if (v !== undefined) env[k] = v;
    return env;
  }
}
