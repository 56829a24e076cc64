/**
 * Airflow configuration of a sandbox environment, entirely through AIRFLOW__SECTION__KEY
 * variables (no airflow.cfg edits), and the environment its processes see: built from scratch,
 * so no real AWS credentials, profile, proxy or ~/.aws of the user reach Airflow.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SANDBOX_CREDENTIALS } from '../moto';
import type { AirflowLogGroups, AirflowSpec } from './types';
import { PYTHON_DIR } from './venv';
import { configOptionsEnv } from '../../../src/core/runtime/parseWorker';

/** A fake account id for the log-group ARN Airflow's CloudWatch handler parses. */
export const SANDBOX_ACCOUNT = '123456789012';

export interface HomeSecrets {
  /** Flask/FastAPI session secret and JWT secret: shared by every process of the env. */
  secretKey: string;
  jwtSecret: string;
  adminPassword: string;
}

/** Per-home secrets, generated once and kept in the home, so restarts keep sessions valid. */
export function homeSecrets(homeDir: string): HomeSecrets {
  const file = path.join(homeDir, '.sandbox-secrets.json');
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as HomeSecrets;
  } catch {
    const s: HomeSecrets = {
      secretKey: randomBytes(24).toString('hex'),
      jwtSecret: randomBytes(32).toString('hex'),
      // Local-only sandbox: a readable password helps a newcomer log in to the UI.
      adminPassword: 'admin',
    };
    fs.writeFileSync(file, JSON.stringify(s, null, 2), { mode: 0o600 });
    return s;
  }
}

/** Log groups with MWAA-style defaults derived from the task group's name. */
export function resolveLogGroups(spec: AirflowSpec): AirflowLogGroups {
  const task = spec.logGroups?.task ?? spec.taskLogGroup;
  const base = task.replace(/-Task$/, '');
  return {
    task,
    scheduler: spec.logGroups?.scheduler ?? `${base}-Scheduler`,
    dagProcessing: spec.logGroups?.dagProcessing ?? `${base}-DAGProcessing`,
    webserver: spec.logGroups?.webserver ?? `${base}-WebServer`,
    ...(spec.logGroups?.worker ? { worker: spec.logGroups.worker } : {}),
  };
}

export interface EnvInputs {
  spec: AirflowSpec;
  venvDir: string;
  port: number;
  secrets: HomeSecrets;
  region: string;
  logGroups: AirflowLogGroups;
}

/** The complete process environment of every Airflow process (and CLI call) of one env. */
export function airflowEnv({ spec, venvDir, port, secrets, region, logGroups }: EnvInputs): NodeJS.ProcessEnv {
  const home = path.resolve(spec.homeDir);
  const baseUrl = `http://127.0.0.1:${port}`;
  const awsDir = path.join(home, 'aws');
  const env: NodeJS.ProcessEnv = {
    PATH: `${path.join(venvDir, 'bin')}:/usr/local/bin:/usr/bin:/bin`,
    HOME: home,
    LANG: 'C.UTF-8',
    TZ: 'UTC',
    PYTHONNOUSERSITE: '1',
    PYTHONUNBUFFERED: '1',
    VIRTUAL_ENV: venvDir,
    AIRFLOW_HOME: home,

    // AWS: moto only. Scratch config files, so botocore never reads the user's ~/.aws.
    AWS_CONFIG_FILE: path.join(awsDir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(awsDir, 'credentials'),
    AWS_ACCESS_KEY_ID: SANDBOX_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SANDBOX_CREDENTIALS.secretAccessKey,
    AWS_DEFAULT_REGION: region,
    AWS_REGION: region,
    AWS_EC2_METADATA_DISABLED: 'true',
    // The secrets backend (secrets.backend in the environment's options) reads moto's Secrets Manager
    // directly: faults injected for the extension's calls must not change what tasks see.
    AWS_ENDPOINT_URL_SECRETS_MANAGER: spec.motoEndpoint,
    // The connection Airflow's CloudWatch handler (remote_log_conn_id) and DAG hooks use.
    AIRFLOW_CONN_AWS_DEFAULT: JSON.stringify({
      conn_type: 'aws',
      extra: { endpoint_url: spec.motoEndpoint, region_name: region },
    }),

    AIRFLOW__CORE__DAGS_FOLDER: path.resolve(spec.dagsDir),
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: `sqlite:///${path.join(home, 'airflow.db')}`,
    AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
    AIRFLOW__CORE__DAGS_ARE_PAUSED_AT_CREATION: 'False',
    // 2 cores: few concurrent tasks, one web worker, one parser.
    AIRFLOW__CORE__PARALLELISM: '2',
    AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG: '2',
    // getfqdn() can stall for seconds on hosts without DNS.
    AIRFLOW__CORE__HOSTNAME_CALLABLE: 'socket.gethostname',
    AIRFLOW__CORE__FERNET_KEY: '',
    AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT: '60',

    // Task logs: Airflow's own CloudWatch remote logging (amazon provider) into moto.
    AIRFLOW__LOGGING__BASE_LOG_FOLDER: path.join(home, 'logs'),
    AIRFLOW__LOGGING__REMOTE_LOGGING: 'True',
    AIRFLOW__LOGGING__REMOTE_LOG_CONN_ID: 'aws_default',
    AIRFLOW__LOGGING__REMOTE_BASE_LOG_FOLDER: `cloudwatch://arn:aws:logs:${region}:${SANDBOX_ACCOUNT}:log-group:${logGroups.task}`,
    AIRFLOW__LOGGING__LOGGING_LEVEL: 'INFO',
  };

  if (spec.major === 2) {
    Object.assign(env, {
      // SQLite allows only the SequentialExecutor on 2.x.
      AIRFLOW__CORE__EXECUTOR: 'SequentialExecutor',
      AIRFLOW__SCHEDULER__DAG_DIR_LIST_INTERVAL: '2',
      AIRFLOW__SCHEDULER__MIN_FILE_PROCESS_INTERVAL: '2',
      AIRFLOW__SCHEDULER__PARSING_PROCESSES: '1',
      AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC: '2',
      AIRFLOW__SCHEDULER__PRINT_STATS_INTERVAL: '60',
      AIRFLOW__WEBSERVER__WEB_SERVER_HOST: '127.0.0.1',
      AIRFLOW__WEBSERVER__WEB_SERVER_PORT: String(port),
      AIRFLOW__WEBSERVER__BASE_URL: baseUrl,
      AIRFLOW__WEBSERVER__WORKERS: '1',
      AIRFLOW__WEBSERVER__SECRET_KEY: secrets.secretKey,
      AIRFLOW__WEBSERVER__CONFIG_FILE: path.join(PYTHON_DIR, 'airflow', 'webserver_config.py'),
      AIRFLOW__WEBSERVER__WARN_DEPLOYMENT_EXPOSURE: 'False',
      // REST API v1: basic auth for scripts/the emulator, session for the UI.
      AIRFLOW__API__AUTH_BACKENDS: 'airflow.providers.fab.auth_manager.api.auth.backend.basic_auth,'
        + 'airflow.providers.fab.auth_manager.api.auth.backend.session',
    });
  } else {
    Object.assign(env, {
      // 3.x removed the SequentialExecutor; LocalExecutor runs with SQLite (tasks reach the DB
      // only through the api-server's execution API).
      AIRFLOW__CORE__EXECUTOR: 'LocalExecutor',
      AIRFLOW__CORE__EXECUTION_API_SERVER_URL: `${baseUrl}/execution/`,
      AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_USERS: 'admin:admin',
      AIRFLOW__CORE__SIMPLE_AUTH_MANAGER_PASSWORDS_FILE: path.join(home, 'simple_auth_manager_passwords.json'),
      AIRFLOW__DAG_PROCESSOR__REFRESH_INTERVAL: '2',
      AIRFLOW__DAG_PROCESSOR__MIN_FILE_PROCESS_INTERVAL: '2',
      AIRFLOW__DAG_PROCESSOR__PARSING_PROCESSES: '1',
      AIRFLOW__DAG_PROCESSOR__PRINT_STATS_INTERVAL: '60',
      AIRFLOW__SCHEDULER__SCHEDULER_HEARTBEAT_SEC: '2',
      AIRFLOW__API__HOST: '127.0.0.1',
      AIRFLOW__API__PORT: String(port),
      AIRFLOW__API__BASE_URL: baseUrl,
      AIRFLOW__API__WORKERS: '1',
      AIRFLOW__API__SECRET_KEY: secrets.secretKey,
      AIRFLOW__API_AUTH__JWT_SECRET: secrets.jwtSecret,
    });
  }
  return withConfigurationOptions(env, spec.configOptions);
}

/**
 * The environment's AirflowConfigurationOptions, as MWAA applies them (`AIRFLOW__SECTION__KEY`),
 * over the sandbox's defaults; what the sandbox itself depends on (its folders, database, ports,
 * secrets) stays the sandbox's, as MWAA also refuses to let those be set.
 */
function withConfigurationOptions(env: NodeJS.ProcessEnv, options: Readonly<Record<string, string>> | undefined): NodeJS.ProcessEnv {
  const reserved = /^AIRFLOW__(CORE__(DAGS_FOLDER|FERNET_KEY|EXECUTOR)|DATABASE__|API__|API_AUTH__|WEBSERVER__(WEB_SERVER_|SECRET_KEY|BASE_URL|CONFIG_FILE)|LOGGING__REMOTE)/;
  for (const [k, v] of Object.entries(configOptionsEnv(options))) if (!reserved.test(k)) env[k] = v;
  return env;
}

/** Files the environment needs in its home before any process starts. */
export function prepareHome(spec: AirflowSpec, secrets: HomeSecrets): void {
  const home = path.resolve(spec.homeDir);
  fs.mkdirSync(path.join(home, 'aws'), { recursive: true });
  fs.mkdirSync(path.resolve(spec.dagsDir), { recursive: true });
  // Empty scratch AWS files: present, so nothing falls back to ~/.aws.
  for (const f of ['config', 'credentials']) {
    const p = path.join(home, 'aws', f);
    if (!fs.existsSync(p)) fs.writeFileSync(p, '');
  }
  if (spec.major === 3) {
    // Simple auth manager reads users' passwords from this file (it generates random ones otherwise).
    fs.writeFileSync(path.join(home, 'simple_auth_manager_passwords.json'), JSON.stringify({ admin: secrets.adminPassword }));
  }
}
