import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { appliedConfigEnv, localRunEnv } from '../../../src/core/localRun/runEnv';

const base = {
  PATH: '/usr/bin', HOME: '/home/u', AWS_PROFILE: 'dev',
  AIRFLOW_HOME: '/home/u/airflow', AIRFLOW__CORE__DAGS_FOLDER: '/elsewhere', AIRFLOW__SECRETS__BACKEND: 'x', airflow_conn_db: 'postgres://u:p@h/db',
  PYTHONPATH: '/home/u/lib', PYTHONHOME: '/py', VIRTUAL_ENV: '/home/u/.venv', CONDA_PREFIX: '/conda', UNSET: undefined,
};

test('the user\'s own Airflow and Python settings are dropped; the local run\'s are set', () => {
  const env = localRunEnv({ base, home: '/h/home', dagsFolder: '/ws/dags', pluginsFolder: '/ws/plugins', variablesFile: '/ws/.mwaa/variables.json', connectionsFile: '/ws/.mwaa/connections.json' });
  assert.equal(env.PATH, '/usr/bin');
  assert.equal(env.AWS_PROFILE, 'dev');
  for (const k of ['PYTHONHOME', 'VIRTUAL_ENV', 'CONDA_PREFIX', 'airflow_conn_db', 'UNSET']) assert.equal(k in env, false, k);
  assert.equal(env.AIRFLOW_HOME, path.resolve('/h/home'));
  assert.equal(env.AIRFLOW__CORE__DAGS_FOLDER, path.resolve('/ws/dags'));
  assert.equal(env.AIRFLOW__CORE__PLUGINS_FOLDER, path.resolve('/ws/plugins'));
  assert.equal(env.AIRFLOW__CORE__LOAD_EXAMPLES, 'False');
  assert.equal(env.AIRFLOW__DATABASE__SQL_ALCHEMY_CONN, `sqlite:///${path.join(path.resolve('/h/home'), 'airflow.db')}`);
  assert.equal(env.AIRFLOW__SECRETS__BACKEND, 'airflow.secrets.local_filesystem.LocalFilesystemBackend');
  assert.deepEqual(JSON.parse(env.AIRFLOW__SECRETS__BACKEND_KWARGS!), {
    variables_file_path: path.resolve('/ws/.mwaa/variables.json'), connections_file_path: path.resolve('/ws/.mwaa/connections.json'),
  });
  assert.deepEqual(env.PYTHONPATH!.split(path.delimiter), [path.resolve('/ws/dags'), path.resolve('/ws/plugins')]);
  assert.equal(env.PYTHONUNBUFFERED, '1');
});

test('without a plugins folder only the DAGs folder is on the path', () => {
  const env = localRunEnv({ base: {}, home: '/h', dagsFolder: '/ws/dags', variablesFile: '/v.json', connectionsFile: '/c.json' });
  assert.equal(env.PYTHONPATH, path.resolve('/ws/dags'));
  assert.equal('AIRFLOW__CORE__PLUGINS_FOLDER' in env, false);
});

test('the environment\'s configuration options apply, except what the local run owns (never its real secrets)', () => {
  const configOptions = {
    'core.dagbag_import_timeout': '45', 'Core.Default_Timezone': 'Europe/Paris', 'webserver.instance_name': 'prod',
    'secrets.backend': 'airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend',
    'secrets.backend_kwargs': '{"connections_prefix": "airflow/connections"}',
    'database.sql_alchemy_conn': 'postgresql://prod', 'database.sql_alchemy_pool_size': '20', 'core.executor': 'CeleryExecutor',
    'core.dags_folder': '/usr/local/airflow/dags', 'logging.remote_logging': 'True', 'logging.remote_base_log_folder': 'cloudwatch://x',
    'core.execution_api_server_url': 'http://prod/execution/', 'not a key': 'x',
  };
  const logs: string[] = [];
  const applied = appliedConfigEnv(configOptions, (l) => logs.push(l));
  assert.deepEqual(applied, {
    AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT: '45', AIRFLOW__CORE__DEFAULT_TIMEZONE: 'Europe/Paris', AIRFLOW__WEBSERVER__INSTANCE_NAME: 'prod',
  });
  assert.ok(logs.some((l) => l.includes('AIRFLOW__SECRETS__BACKEND')));
  const env = localRunEnv({ base: {}, home: '/h', dagsFolder: '/d', configOptions, variablesFile: '/v.json', connectionsFile: '/c.json' });
  assert.equal(env.AIRFLOW__CORE__DAGBAG_IMPORT_TIMEOUT, '45');
  assert.equal(env.AIRFLOW__SECRETS__BACKEND, 'airflow.secrets.local_filesystem.LocalFilesystemBackend');
  assert.ok(!env.AIRFLOW__SECRETS__BACKEND_KWARGS!.includes('connections_prefix'));
  assert.match(env.AIRFLOW__DATABASE__SQL_ALCHEMY_CONN!, /^sqlite:\/\/\//);
  for (const k of ['AIRFLOW__DATABASE__SQL_ALCHEMY_POOL_SIZE', 'AIRFLOW__CORE__EXECUTOR', 'AIRFLOW__LOGGING__REMOTE_LOGGING', 'AIRFLOW__LOGGING__REMOTE_BASE_LOG_FOLDER', 'AIRFLOW__CORE__EXECUTION_API_SERVER_URL']) {
    assert.equal(k in env, false, k);
  }
  assert.equal(env.AIRFLOW__CORE__DAGS_FOLDER, path.resolve('/d'));
});
