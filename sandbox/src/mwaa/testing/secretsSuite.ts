/**
 * Secrets Manager as the real environments' secrets backend, per Airflow major (run by
 * test/sandbox/secrets.af{2,3}.test.ts): secrets written with the extension's SecretsStore are
 * read by a real task (its log masks them), a secret shadows a metastore variable, and the
 * visibility check explains a wrong format, a wrong prefix, a role policy and KMS keys against
 * moto and the emulated IAM policy simulator. One DAG run per major keeps it lean.
 */
import * as assert from 'node:assert/strict';
import { createHash, randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { AirflowClient } from '../../../../src/core/airflow/airflowClient';
import { getConnection, setConnection } from '../../../../src/core/airflow/connectionsApi';
import { invokeRestApiTransport } from '../../../../src/core/airflow/invokeRestApi';
import { getVariable, listVariables, setVariable } from '../../../../src/core/airflow/variablesApi';
import { readSecretsBackend, type SecretsBackendConfig } from '../../../../src/core/secrets/backendConfig';
import { connectionFormatFor, formatConnectionSecret, type ConnectionFields } from '../../../../src/core/secrets/connectionFormat';
import { mergeSources } from '../../../../src/core/secrets/lookupOrder';
import { secretNameFor } from '../../../../src/core/secrets/secretNames';
import { SecretsStore } from '../../../../src/core/secrets/secretsStore';
import { explainVisibility, type CheckResult } from '../../../../src/core/secrets/visibilityCheck';
import { AIRFLOW_RELEASES } from '../../airflow/install';
import { DATA_DIR } from '../../airflow/venv';
import { startSandbox, type RealEnvName, type Sandbox } from '../../main';
import type { MotoHandle } from '../backends/parts';
import { RESTRICTED_KEY_ALIAS, SECRETS_KEY_ALIAS } from '../backends/secretsSeed';
import { E2e } from './e2eScenario';
import { clientConfig, testMoto } from './helpers';

const DAG = (dagId: string) => `import hashlib
import logging
from datetime import datetime

try:  # Airflow 3
    from airflow.sdk import BaseHook, Variable, dag, task
except ImportError:  # Airflow 2
    from airflow.decorators import dag, task
    from airflow.hooks.base import BaseHook
    from airflow.models import Variable

log = logging.getLogger("airflow.task")


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()[:12]


@dag(dag_id="${dagId}", schedule=None, start_date=datetime(2024, 1, 1), catchup=False, tags=["secrets"])
def secrets_probe():
    @task
    def read():
        value = Variable.get("sb_api_key")
        log.info("sb var=%s sha=%s", value, sha(value))
        for conn_id in ("sb_conn", "sb_conn_uri"):
            c = BaseHook.get_connection(conn_id)
            log.info("sb %s type=%s host=%s port=%s login=%s password=%s sha=%s extra=%s", conn_id, c.conn_type, c.host, c.port, c.login, c.password, sha(c.password), sorted(c.extra_dejson))
        log.info("sb shadowed=%s", Variable.get("sb_shadowed"))
        log.info("sb kv json=%s", Variable.get("sb_kv").strip().startswith("{"))
        try:
            BaseHook.get_connection("sb_wrong_prefix")
            log.info("sb wrong_prefix found")
        except Exception as err:
            log.info("sb wrong_prefix missing (%s)", type(err).__name__)

    read()


secrets_probe()
`;

/** The Amazon provider MWAA's constraints pin for the sandbox's Airflow of a major. */
function providerVersion(major: 2 | 3): string {
  const text = fs.readFileSync(path.join(DATA_DIR, 'constraints', AIRFLOW_RELEASES[major].constraints), 'utf8');
  return /^apache-airflow-providers-amazon==(\S+)$/m.exec(text)![1]!;
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 12);

export function secretsSuite(env: RealEnvName, major: 2 | 3): void {
  describe(`Secrets Manager backend on ${env} (real Airflow ${major})`, { timeout: 10 * 60_000 }, () => {
    let moto: MotoHandle;
    let sb: Sandbox;
    let e2e: E2e;
    let sm: SecretsManagerClient;
    let iam: IAMClient;
    let kms: KMSClient;
    let store: SecretsStore;
    let airflow: AirflowClient;
    let cfg: SecretsBackendConfig;
    const provider = providerVersion(major);
    const varValue = `sb-var-${randomUUID()}`;
    const password = `pw/${randomUUID()}@:#`;
    // Test output must never carry a secret value, even when an assertion fails.
    const scrub = (text: string) => text.replaceAll(varValue, '<var value>').replaceAll(password, '<password>');
    const check = async (kind: 'variable' | 'connection', key: string, over: Partial<Parameters<typeof explainVisibility>[0]> = {}) => {
      const results = await explainVisibility({
        kind, key, cfg, environmentRegion: sb.region, executionRoleArn: `arn:aws:iam::123456789012:role/service-role/AmazonMWAA-${env}-execution`,
        secretsClient: sm, iamClient: iam, kmsClient: kms, amazonProviderVersion: provider, ...over,
      });
      assert.doesNotMatch(JSON.stringify(results), new RegExp(`${varValue}|${password.slice(0, 20)}`));
      return new Map<string, CheckResult>(results.map((r) => [r.id, r]));
    };

    before(async () => {
      moto = await testMoto();
      sb = await startSandbox({ envs: [env], realEnvironments: [env], moto, dagSyncIntervalMs: 1000, log: (l) => console.log(`[sandbox] ${l}`) });
      e2e = new E2e(sb, env, major);
      sm = new SecretsManagerClient(clientConfig(sb.endpoints.secretsManager));
      iam = new IAMClient(clientConfig(sb.endpoints.iam));
      kms = new KMSClient(clientConfig(sb.endpoints.kms));
      store = new SecretsStore(sm);
      airflow = new AirflowClient({
        major,
        transports: [invokeRestApiTransport({
          environmentName: env, region: sb.region, endpoint: sb.endpoints.mwaa, hostPrefix: false,
          credentials: async () => ({ accessKeyId: 'AKIDSANDBOX', secretAccessKey: 'sandbox-secret' }),
        })],
      });
      cfg = readSecretsBackend(sb.emulator.registry.get(sb.region, env)!.airflowConfigurationOptions)!;
    });
    after(async () => {
      for (const c of [sm, iam, kms]) c?.destroy();
      e2e?.destroy();
      await sb?.stop();
      await moto?.stop();
    });

    it('secrets written by SecretsStore are read by a real task, masked in its log; a secret shadows a metastore variable', async () => {
      assert.equal(cfg.kind, 'secretsManager');
      const conn: ConnectionFields = { connType: 'postgres', host: 'db.sandbox.internal', login: 'etl', password, port: 5432, schema: 'sales', extra: { sslmode: 'require' } };
      await store.put(secretNameFor(cfg, 'variable', 'sb_api_key')!, varValue);
      await store.put(secretNameFor(cfg, 'connection', 'sb_conn')!, formatConnectionSecret(conn, connectionFormatFor(provider)));
      await store.put(secretNameFor(cfg, 'connection', 'sb_conn_uri')!, formatConnectionSecret(conn, 'uri'));
      await store.put(secretNameFor(cfg, 'variable', 'sb_kv')!, JSON.stringify({ sb_kv: 'inner' }));
      await store.put('airflow/connection/sb_wrong_prefix', formatConnectionSecret(conn, 'uri'));
      await setVariable(airflow, 'sb_shadowed', 'from-metastore');
      await store.put(secretNameFor(cfg, 'variable', 'sb_shadowed')!, 'from-secret');

      const merged = mergeSources('variable', cfg, await store.list(cfg.variablesPrefix!), (await listVariables(airflow)).map((v) => v.key));
      const shadowed = merged.find((k) => k.key === 'sb_shadowed');
      assert.equal(shadowed?.winner, 'secret');
      assert.equal(shadowed?.metastore, true);
      assert.equal(await getVariable(airflow, 'sb_shadowed'), 'from-metastore', 'the metastore keeps its own value');

      const dagId = `secrets_${major}_${Date.now()}`;
      await e2e.putDag(`${dagId}.py`, DAG(dagId));
      await e2e.waitForDag(dagId);
      const runId = await e2e.trigger(dagId);
      assert.equal(await e2e.waitForRun(dagId, runId), 'success');
      const lines = await e2e.taskLogLines(e2e.taskStream(dagId, runId, 'read'));
      const text = scrub(lines.join('\n'));
      assert.ok(lines.every((l) => !l.includes(varValue) && !l.includes(password)), `a secret value reached the task log:\n${text}`);
      assert.match(text, new RegExp(`sb var=\\*\\*\\* sha=${sha(varValue)}`), text);
      for (const id of ['sb_conn', 'sb_conn_uri']) {
        assert.match(text, new RegExp(`sb ${id} type=postgres host=db\\.sandbox\\.internal port=5432 login=etl password=\\*\\*\\* sha=${sha(password)} extra=\\['sslmode'\\]`), text);
      }
      assert.match(text, /sb shadowed=from-secret/);
      assert.match(text, /sb kv json=True/);
      assert.match(text, /sb wrong_prefix missing/);
    });

    it('the visibility check explains a key/value variable, a wrong prefix, a role policy and KMS keys (real moto, emulated IAM)', async () => {
      const kv = await check('variable', 'sb_kv');
      assert.equal(kv.get('format')?.status, 'problem');
      assert.equal(kv.get('role')?.status, 'ok', kv.get('role')?.detail);
      assert.equal(kv.get('kms')?.status, 'ok');

      const wrong = await check('connection', 'sb_wrong_prefix');
      assert.equal(wrong.get('secret')?.status, 'problem');
      assert.match(wrong.get('secret')!.detail, /airflow\/connection\/sb_wrong_prefix/);

      const ok = await check('connection', 'sb_conn');
      assert.deepEqual([...ok.values()].filter((r) => r.status !== 'ok').map((r) => r.id), [], 'all checks pass for a good secret');

      // The backend's prefix changed, the role's policy did not.
      await store.put('team/variables/sb_moved', 'x');
      const moved = await check('variable', 'sb_moved', { cfg: { ...cfg, variablesPrefix: 'team/variables' } });
      assert.equal(moved.get('role')?.status, 'problem');
      assert.match(moved.get('role')!.fix!, /team\/variables\/\*/);

      await store.put(secretNameFor(cfg, 'variable', 'sb_own_key')!, 'x', { kmsKeyId: SECRETS_KEY_ALIAS });
      assert.equal((await check('variable', 'sb_own_key')).get('kms')?.status, 'ok');
      await store.put(secretNameFor(cfg, 'variable', 'sb_other_key')!, 'x', { kmsKeyId: RESTRICTED_KEY_ALIAS });
      const restricted = (await check('variable', 'sb_other_key')).get('kms')!;
      assert.equal(restricted.status, 'problem');
      assert.match(restricted.detail, /neither names/);
    });

    it('metastore variables and connections round-trip through the real REST API (no password returned, kept on edit)', async () => {
      await setVariable(airflow, 'sb_meta_var', 'one');
      await setVariable(airflow, 'sb_meta_var', 'two');
      assert.equal(await getVariable(airflow, 'sb_meta_var'), 'two');
      assert.equal(await getVariable(airflow, 'sb_absent'), undefined);
      await setConnection(airflow, 'sb_meta', { connType: 'http', host: 'api.example.com', login: 'bot', password, extra: { timeout: '5' } });
      const got = await getConnection(airflow, 'sb_meta');
      assert.deepEqual(got, { connType: 'http', host: 'api.example.com', login: 'bot', extra: { timeout: '5' } });
      await setConnection(airflow, 'sb_meta', { ...got!, host: 'api2.example.com' });
      assert.equal((await getConnection(airflow, 'sb_meta'))?.host, 'api2.example.com');
      const raw = (await airflow.call({ method: 'GET', path: '/connections/sb_meta' })).json as Record<string, unknown>;
      assert.ok(!JSON.stringify(raw).includes(password), 'the API never returns the password');
      // Airflow 3 says a password is set (masked); Airflow 2 leaves the field out.
      if (major === 3) assert.equal(raw.password, '***', 'the edit without a password kept the stored one');
      assert.equal(await getConnection(airflow, 'sb_absent'), undefined);
    });
  });
}
