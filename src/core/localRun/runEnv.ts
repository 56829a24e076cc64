/**
 * The environment of a local run: the user's, without their own Airflow or Python settings, plus
 * the environment's configuration options, plus what the local run owns (its scratch home and
 * SQLite database, the bound folder as DAGs folder, the local variables and connections files as
 * the only secrets backend). Never the environment's real secrets: a `secrets.*` option of the
 * environment (for example Secrets Manager) is replaced, not merged.
 */
import * as path from 'node:path';
import { configOptionsEnv } from '../runtime/parseWorker';

export interface LocalRunEnvOptions {
  /** The environment the run starts from (the extension host's, usually). */
  readonly base: NodeJS.ProcessEnv;
  /** The scratch AIRFLOW_HOME (prepareLocalHome). */
  readonly home: string;
  readonly dagsFolder: string;
  readonly pluginsFolder?: string;
  /** The environment's AirflowConfigurationOptions (`section.key` -> value). */
  readonly configOptions?: Readonly<Record<string, string>>;
  readonly variablesFile: string;
  readonly connectionsFile: string;
}

/** Variables of the user's shell that would change what Airflow or Python does. */
const USER_SETUP = /^(AIRFLOW|PYTHON|VIRTUAL_ENV$|CONDA_PREFIX$|_AIRFLOW)/i;

/**
 * Configuration the local run must own, as `AIRFLOW__SECTION__KEY` prefixes: where the DAGs, the
 * plugins and the database are, how tasks execute, where secrets and logs go, and how a task
 * reaches the API (Airflow 3's execution API is in-process for `dags test`).
 */
const OWNED = [
  'AIRFLOW__CORE__DAGS_FOLDER', 'AIRFLOW__CORE__PLUGINS_FOLDER', 'AIRFLOW__CORE__LOAD_EXAMPLES', 'AIRFLOW__CORE__EXECUTOR',
  'AIRFLOW__CORE__SQL_ALCHEMY_CONN', 'AIRFLOW__CORE__EXECUTION_API_SERVER_URL', 'AIRFLOW__CORE__FERNET_KEY',
  'AIRFLOW__DATABASE__', 'AIRFLOW__SECRETS__', 'AIRFLOW__LOGGING__REMOTE_', 'AIRFLOW__LOGGING__BASE_LOG_FOLDER',
  'AIRFLOW__DAG_PROCESSOR__DAG_BUNDLE_CONFIG_LIST',
];

export function isOwnedOption(envKey: string): boolean {
  return OWNED.some((p) => envKey === p || (p.endsWith('_') && envKey.startsWith(p)));
}

/** The environment's options that a local run applies (the owned ones dropped), as env variables. */
export function appliedConfigEnv(configOptions: Readonly<Record<string, string>> | undefined, log?: (l: string) => void): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(configOptionsEnv(configOptions, log))) {
    if (isOwnedOption(k)) log?.(`local run: the environment's ${k} is not applied (the local run sets it)`);
    else out[k] = v;
  }
  return out;
}

/** `base` without the user's own Airflow and Python settings. */
export function withoutUserSetup(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(base)) if (v !== undefined && !USER_SETUP.test(k)) env[k] = v;
  return env;
}

export function localRunEnv(opts: LocalRunEnvOptions): NodeJS.ProcessEnv {
  const env = withoutUserSetup(opts.base);
  Object.assign(env, appliedConfigEnv(opts.configOptions));
  const home = path.resolve(opts.home);
  const dags = path.resolve(opts.dagsFolder);
  const plugins = opts.pluginsFolder ? path.resolve(opts.pluginsFolder) : undefined;
  Object.assign(env, {
    AIRFLOW_HOME: home,
    AIRFLOW__CORE__DAGS_FOLDER: dags,
    AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: sqliteUrl(home),
    AIRFLOW__SECRETS__BACKEND: 'airflow.secrets.local_filesystem.LocalFilesystemBackend',
    AIRFLOW__SECRETS__BACKEND_KWARGS: JSON.stringify({
      variables_file_path: path.resolve(opts.variablesFile),
      connections_file_path: path.resolve(opts.connectionsFile),
    }),
    // The DAGs folder and the plugins folder are on sys.path on MWAA: helper modules import.
    PYTHONPATH: [dags, ...(plugins ? [plugins] : [])].join(path.delimiter),
    PYTHONUNBUFFERED: '1',
    PYTHONIOENCODING: 'utf-8',
    PYTHONNOUSERSITE: '1',
  });
  if (plugins) env.AIRFLOW__CORE__PLUGINS_FOLDER = plugins;
  return env;
}

/** The scratch home's SQLite database as SQLAlchemy names it (absolute: `sqlite:////abs/path`). */
export function sqliteUrl(home: string): string {
  return `sqlite:///${path.join(path.resolve(home), 'airflow.db')}`;
}
