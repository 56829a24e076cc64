import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUserFacingError } from '../../../src/core/errors';
import { SecretsStore } from '../../../src/core/secrets/secretsStore';
import { awsError, FakeSecretsManager } from './fakeAws';

test('list: every page under the prefix, names re-checked case-sensitively, sorted, bounded by max', async () => {
  const sm = new FakeSecretsManager('us-east-1', 3);
  for (let i = 0; i < 8; i++) sm.secrets.set(`airflow/variables/v${i}`, { value: 'x', lastChanged: new Date(1000 * i) });
  sm.secrets.set('AIRFLOW/variables/upper', { value: 'x' });
  sm.secrets.set('airflow/connections/c', { value: 'x', kmsKeyId: 'k1' });
  sm.secrets.set('airflow/variables/gone', { value: 'x', deletedDate: new Date() });
  const store = new SecretsStore(sm.client);
  const all = await store.list('airflow/variables/');
  assert.deepEqual(all.map((s) => s.name), [0, 1, 2, 3, 4, 5, 6, 7].map((i) => `airflow/variables/v${i}`));
  assert.equal(all[2]!.lastChanged?.getTime(), 2000);
  assert.match(all[0]!.arn!, /^arn:aws:secretsmanager:us-east-1:123456789012:secret:airflow\/variables\/v0-/);
  assert.equal(sm.calls.filter((c) => c.op === 'ListSecrets').length, 3, 'three pages of three');
  assert.deepEqual(sm.calls[0]!.input.Filters, [{ Key: 'name', Values: ['airflow/variables/'] }]);
  assert.equal((await store.list('airflow/variables/', { max: 2 })).length, 2);
  assert.deepEqual((await store.list('airflow/connections/')).map((s) => [s.name, s.kmsKeyId]), [['airflow/connections/c', 'k1']]);
  assert.equal((await store.list('')).length, 10, 'no prefix: everything not deleted');
});

test('getValue / describe: undefined when missing; other errors propagate', async () => {
  const sm = new FakeSecretsManager();
  sm.secrets.set('a/b', { value: 'val', description: 'd', kmsKeyId: 'arn:aws:kms:us-east-1:123456789012:key/k' });
  const store = new SecretsStore(sm.client);
  assert.equal(await store.getValue('a/b'), 'val');
  assert.equal(await store.getValue('a/none'), undefined);
  const d = await store.describe('a/b');
  assert.equal(d?.description, 'd');
  assert.equal(d?.kmsKeyId, 'arn:aws:kms:us-east-1:123456789012:key/k');
  assert.equal(await store.describe('a/none'), undefined);
  sm.failures.set('GetSecretValue', awsError('AccessDeniedException', 'User is not authorized'));
  await assert.rejects(store.getValue('a/b'), /not authorized/);
});

test('put: creates, then updates the value (and description/key) of an existing secret', async () => {
  const sm = new FakeSecretsManager();
  const store = new SecretsStore(sm.client);
  await store.put('airflow/variables/x', 'one', { description: 'made by test' });
  assert.equal(sm.secrets.get('airflow/variables/x')?.value, 'one');
  await store.put('airflow/variables/x', 'two');
  assert.equal(sm.secrets.get('airflow/variables/x')?.value, 'two');
  assert.equal(sm.secrets.get('airflow/variables/x')?.description, 'made by test', 'kept when not given');
  assert.deepEqual(sm.calls.map((c) => c.op), ['CreateSecret', 'CreateSecret', 'PutSecretValue']);
  await store.put('airflow/variables/x', 'three', { kmsKeyId: 'alias/mine' });
  assert.equal(sm.secrets.get('airflow/variables/x')?.kmsKeyId, 'alias/mine');
});

test('put: bad names and oversize values are refused before any call; a secret pending deletion says what to do', async () => {
  const sm = new FakeSecretsManager();
  const store = new SecretsStore(sm.client);
  await assert.rejects(store.put('has space', 'v'), (e: unknown) => isUserFacingError(e) && /only letters/.test((e as Error).message));
  await assert.rejects(store.put('ok', 'v'.repeat(65_537)), /at most 65536 bytes/);
  await assert.rejects(store.getValue(''), /cannot be empty/);
  assert.equal(sm.calls.length, 0);
  sm.secrets.set('pending', { value: 'supersecret', deletedDate: new Date() });
  await assert.rejects(store.put('pending', 'new-supersecret'), (e: unknown) => isUserFacingError(e) && /scheduled for deletion.*RestoreSecret/.test((e as Error).message) && !/supersecret/.test((e as Error).message));
});

test('an aborted signal stops the call', async () => {
  const sm = new FakeSecretsManager();
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(new SecretsStore(sm.client).list('x', { signal: ac.signal }), /abort/i);
});
