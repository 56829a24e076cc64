import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AirflowClient } from '../../../../src/core/airflow/airflowClient';
import type { RestRequest } from '../../../../src/core/airflow/restRequests';
import { readSecretsBackend, SECRETS_MANAGER_BACKEND, type SecretsBackendConfig } from '../../../../src/core/secrets/backendConfig';
import type { SecretSummary } from '../../../../src/core/secrets/secretsStore';
import type { SecretsSources } from '../../../../src/features/secrets/environmentSecrets';
import { listGroup } from '../../../../src/features/secrets/groupListing';
import { secretNameOrProblem } from '../../../../src/features/secrets/secretNaming';
import type { SecretKeyNode, SecretsGroupNode, SecretsMessageNode, SecretsNode } from '../../../../src/features/secrets/secretsNodes';

const envKey = JSON.stringify(['p', 'us-east-1', 'env1']);
const group = (what: 'variable' | 'connection'): SecretsGroupNode => ({ kind: 'secretsGroup', id: `${what}s:${envKey}`, envKey, what });
const backend = (kwargs: Record<string, unknown> = {}) => readSecretsBackend({ 'secrets.backend': SECRETS_MANAGER_BACKEND, 'secrets.backend_kwargs': JSON.stringify(kwargs) })!;

/** An Airflow whose metastore holds `keys` (or fails), counting calls. */
function airflow(keys: string[] | Error, idField: 'key' | 'connection_id'): AirflowClient & { requests: RestRequest[] } {
  const requests: RestRequest[] = [];
  return {
    major: 2, requests,
    call: async (req: RestRequest) => {
      requests.push(req);
      if (keys instanceof Error) throw keys;
      const list = idField === 'key' ? 'variables' : 'connections';
      return { status: 200, json: { [list]: keys.map((k) => ({ [idField]: k, value: 'never-read' })), total_entries: keys.length } };
    },
  } as unknown as AirflowClient & { requests: RestRequest[] };
}

function sources(opts: { cfg: SecretsBackendConfig | undefined; secrets?: SecretSummary[] | Error; metastore: AirflowClient; cfgError?: string }) {
  const listed: string[] = [];
  const src = {
    envKey, cfg: opts.cfg, secretsRegion: 'us-east-1', ...(opts.cfgError ? { cfgError: opts.cfgError } : {}),
    env: { name: 'env1', profile: 'p', region: 'us-east-1' },
    airflow: () => opts.metastore,
    store: () => ({
      list: async (prefix: string) => {
        listed.push(prefix);
        if (opts.secrets instanceof Error) throw opts.secrets;
        if (!opts.secrets) throw new Error('Secrets Manager must not be called here');
        return opts.secrets;
      },
    }),
  } as unknown as SecretsSources;
  return { src, listed };
}

const keys = (nodes: SecretsNode[]) => nodes.filter((n): n is SecretKeyNode => n.kind === 'secretKey').map((n) => [n.key, n.winner, n.secret?.name ?? null, n.metastore, n.secretName ?? null]);
const messages = (nodes: SecretsNode[]) => nodes.filter((n): n is SecretsMessageNode => n.kind === 'secretsMessage');

test('both sources, merged in Airflow\'s order: the secret wins over the metastore', async () => {
  const { src, listed } = sources({ cfg: backend(), secrets: [{ name: 'airflow/variables/a' }, { name: 'airflow/variables/b' }], metastore: airflow(['b', 'c'], 'key') });
  const nodes = await listGroup(group('variable'), src);
  assert.deepEqual(listed, ['airflow/variables/']);
  assert.deepEqual(keys(nodes), [
    ['a', 'secret', 'airflow/variables/a', false, 'airflow/variables/a'],
    ['b', 'secret', 'airflow/variables/b', true, 'airflow/variables/b'],
    ['c', 'metastore', null, true, 'airflow/variables/c'],
  ]);
  assert.deepEqual(messages(nodes), []);
  assert.ok(!JSON.stringify(nodes).includes('never-read'), 'the values the API sent are not kept');
});

test('connections are listed under their own prefix, by connection id', async () => {
  const { src, listed } = sources({ cfg: backend({ connections_prefix: 'team/conns' }), secrets: [{ name: 'team/conns/db' }], metastore: airflow(['http_default'], 'connection_id') });
  assert.deepEqual(keys(await listGroup(group('connection'), src)).map((k) => [k[0], k[1]]), [['db', 'secret'], ['http_default', 'metastore']]);
  assert.deepEqual(listed, ['team/conns/']);
});

test('no secrets backend: the metastore only, and the offer to turn one on (Secrets Manager is not called)', async () => {
  const { src } = sources({ cfg: undefined, metastore: airflow(['x'], 'key') });
  const nodes = await listGroup(group('variable'), src);
  assert.deepEqual(keys(nodes).map((k) => [k[0], k[1]]), [['x', 'metastore']]);
  const [offer] = messages(nodes);
  assert.equal(offer!.label, 'Turn on a secrets backend…');
  assert.deepEqual(offer!.command, { command: 'mwaa.explainSecretsBackendSetup', args: [envKey] });
});

test('a kind turned off (prefix null) and another backend class are said, without calling Secrets Manager', async () => {
  const off = await listGroup(group('variable'), sources({ cfg: backend({ variables_prefix: null }), metastore: airflow(['x'], 'key') }).src);
  assert.equal(messages(off)[0]!.label, 'Secrets Manager is not asked for variables');
  assert.match(messages(off)[0]!.tooltip!, /variables_prefix to null/);
  const other = readSecretsBackend({ 'secrets.backend': 'airflow.providers.hashicorp.secrets.vault.VaultBackend' })!;
  const vault = await listGroup(group('variable'), sources({ cfg: other, metastore: airflow([], 'key') }).src);
  assert.equal(messages(vault)[0]!.label, 'Secrets backend VaultBackend is not listed');
});

test('a source that fails becomes a message with what to do, and the other source is still listed', async () => {
  const denied = Object.assign(new Error('User is not authorized to perform: secretsmanager:ListSecrets'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 400 } });
  const a = await listGroup(group('variable'), sources({ cfg: backend(), secrets: denied, metastore: airflow(['m'], 'key') }).src);
  assert.deepEqual(keys(a).map((k) => k[0]), ['m']);
  const [m] = messages(a);
  assert.match(m!.label, /^Secrets Manager: /);
  assert.equal(m!.icon, 'error');
  assert.match(m!.tooltip!, /secretsmanager:ListSecrets/);
  const b = await listGroup(group('variable'), sources({ cfg: backend(), secrets: [{ name: 'airflow/variables/s' }], metastore: airflow(new Error('Cannot reach this environment\'s Airflow API'), 'key') }).src);
  assert.deepEqual(keys(b).map((k) => k[0]), ['s']);
  assert.match(messages(b)[0]!.label, /^Airflow API: Cannot reach/);
  const c = await listGroup(group('variable'), sources({ cfg: undefined, cfgError: 'AccessDenied on GetEnvironment', metastore: airflow([], 'key') }).src);
  assert.equal(messages(c)[0]!.label, 'Could not read the secrets backend settings');
});

test('nothing in either source: "No variables yet" offers Create Variable', async () => {
  const nodes = await listGroup(group('variable'), sources({ cfg: backend(), secrets: [], metastore: airflow([], 'key') }).src);
  assert.deepEqual(nodes.map((n) => n.kind === 'secretsMessage' && [n.label, n.command?.command]), [['No variables yet', 'mwaa.createVariable']]);
});

test('where a new key can be a secret, and why not when it cannot', () => {
  const env = { name: 'env1' } as SecretsSources['env'];
  assert.deepEqual(secretNameOrProblem({ cfg: backend(), env }, 'variable', 'k'), { name: 'airflow/variables/k' });
  assert.deepEqual(secretNameOrProblem({ cfg: backend({ sep: ':', variables_prefix: 'v' }), env }, 'variable', 'k'), { name: 'v:k' });
  const none = secretNameOrProblem({ cfg: undefined, env }, 'variable', 'k');
  assert.ok('problem' in none && /no secrets backend configured/.test(none.problem));
  const off = secretNameOrProblem({ cfg: backend({ connections_prefix: null }), env }, 'connection', 'c');
  assert.ok('problem' in off && /connections_prefix is null/.test(off.problem));
  const pattern = secretNameOrProblem({ cfg: backend({ variables_lookup_pattern: '^team_' }), env }, 'variable', 'other');
  assert.ok('problem' in pattern && /variables_lookup_pattern "\^team_" does not match "other"/.test(pattern.problem));
  assert.deepEqual(secretNameOrProblem({ cfg: backend({ variables_lookup_pattern: '^team_' }), env }, 'variable', 'team_x'), { name: 'airflow/variables/team_x' });
});
