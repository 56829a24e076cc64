/** Public types of the sandbox's real Airflow environments (see startAirflow()). */

/** CloudWatch log groups an environment writes to (MWAA names: `airflow-<env>-<Type>`). */
export interface AirflowLogGroups {
  task: string;
  scheduler?: string;
  dagProcessing?: string;
  webserver?: string;
  worker?: string;
}

export interface AirflowSpec {
  /** Environment name, e.g. `sandbox-af2` (used in log stream names and messages). */
  name: string;
  major: 2 | 3;
  /** Airflow's dags folder (the DAG sync writes here). Created if missing. */
  dagsDir: string;
  /** AIRFLOW_HOME: SQLite DB, airflow logs, process logs, scratch AWS config. Created if missing. */
  homeDir: string;
  /** moto endpoint for S3 and CloudWatch Logs, e.g. `http://127.0.0.1:5000`. */
  motoEndpoint: string;
  /** Task log group (MWAA: `airflow-<env>-Task`); created by Airflow's CloudWatch handler. */
  taskLogGroup: string;
  /** AWS region of the log group ARNs; default us-east-1. */
  region?: string;
  /**
   * Other groups. `scheduler`, `dagProcessing` and `webserver` get the process/parse logs through a
   * file tailer (logShipper.ts); `task` here overrides `taskLogGroup`. Defaults derive from the
   * task group name (`…-Task` -> `…-Scheduler`, `…-DAGProcessing`, `…-WebServer`).
   */
  logGroups?: Partial<AirflowLogGroups>;
  /**
   * Also run a triggerer (deferrable operators, sensors in deferred mode). Off by default: one more
   * ~150 MiB process on a 2-core machine, and nothing in the sandbox's own tests defers.
   */
  triggerer?: boolean;
  /** The environment's AirflowConfigurationOptions (`section.key` -> value), applied over the defaults. */
  configOptions?: Readonly<Record<string, string>>;
  /** Max wait for the REST API and a healthy scheduler after the processes start; default 180 s. */
  startTimeoutMs?: number;
}

export interface CliOptions {
  /** Kill the CLI after this long (default 120 s); the result then has code != 0. */
  timeoutMs?: number;
  /** Text for the CLI's stdin. */
  input?: string;
}

export interface AirflowHandle {
  name: string;
  /** Installed apache-airflow version, e.g. `2.11.2`. */
  version: string;
  major: 2 | 3;
  /** `http://127.0.0.1:<port>`: 2.x webserver / 3.x api-server (UI + REST API). */
  baseUrl: string;
  apiPrefix: '/api/v1' | '/api/v2';
  /**
   * Headers Airflow's REST API accepts: 2.x `Authorization: Basic` (auth backend basic_auth, user
   * admin); 3.x `Authorization: Bearer <JWT>` from `POST /auth/token` (simple auth manager), cached
   * and renewed before it expires.
   */
  authHeaders(): Promise<Record<string, string>>;
  /** Runs this venv's `airflow` CLI with the environment's AIRFLOW_HOME and config. */
  runCli(args: string[], opts?: CliOptions): Promise<{ stdout: string; stderr: string; code: number }>;
  dagsDir: string;
  homeDir: string;
  /** The venv's python (for `pip install --dry-run` of requirements against this Airflow). */
  python: string;
  /** Admin user for the UI / REST API (2.x FAB user; 3.x simple auth manager user). */
  credentials: { username: string; password: string };
  logGroups: AirflowLogGroups;
  /** Process log files (webserver/api-server, scheduler, dag-processor, triggerer) under homeDir/process-logs. */
  processLogs: Record<string, string>;
  /** ms from startAirflow() to REST API ready / scheduler healthy, and whether the venv was installed now. */
  timings: { installMs: number; migrateMs: number; apiReadyMs: number; readyMs: number };
  /** Pids of the environment's processes and their descendants (Linux /proc). */
  pids(): number[];
  /** Resident memory of those processes now, in MiB (Linux; 0 elsewhere). */
  rssMiB(): number;
  /** Stops every process of the environment (SIGTERM, SIGKILL after a grace period) and the log shipper. */
  stop(): Promise<void>;
}
