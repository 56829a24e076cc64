import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readSecretsBackend, SECRETS_MANAGER_BACKEND } from '../../../src/core/secrets/backendConfig';
import { mergeSources, MAX_MERGED_KEYS } from '../../../src/core/secrets/lookupOrder';

const cfg = (kwargs: Record<string, unknown> = {}) => readSecretsBackend({ 'secrets.backend': SECRETS_MANAGER_BACKEND, 'secrets.backend_kwargs': JSON.stringify(kwargs) })!;
const secret = (name: string) => ({ name, arn: `arn:${name}` });

test('secret beats environment variable beats metastore; sorted by key', () => {
  const out = mergeSources('variable', cfg(), [secret('airflow/variables/both'), secret('airflow/variables/only_secret'), secret('airflow/connections/not_a_var')], ['both', 'only_meta', 'env_and_meta'], ['ENV_AND_META', 'only_env']);
  assert.deepEqual(out.map((k) => [k.key, k.winner]), [
    ['both', 'secret'], ['env_and_meta', 'envVar'], ['only_env', 'envVar'], ['only_meta', 'metastore'], ['only_secret', 'secret'],
  ]);
  const both = out.find((k) => k.key === 'both')!;
  assert.equal(both.metastore, true);
  assert.equal(both.secret?.name, 'airflow/variables/both');
  assert.equal(out.find((k) => k.key === 'env_and_meta')!.envVar, true, 'env var names match keys case-insensitively');
});

test('no backend: the metastore only', () => {
  const out = mergeSources('connection', undefined, [secret('airflow/connections/x')], ['pg']);
  assert.deepEqual(out, [{ key: 'pg', metastore: true, winner: 'metastore' }]);
});

test('a secret the lookup pattern excludes does not win; alone it is not listed', () => {
  const c = cfg({ variables_lookup_pattern: '^team_' });
  const out = mergeSources('variable', c, [secret('airflow/variables/team_a'), secret('airflow/variables/other'), secret('airflow/variables/lonely')], ['other']);
  assert.deepEqual(out.map((k) => [k.key, k.winner, k.secretIgnored ?? false]), [['other', 'metastore', true], ['team_a', 'secret', false]]);
});

test('the kind\'s prefix decides: a disabled prefix lists no secrets', () => {
  const out = mergeSources('variable', cfg({ variables_prefix: null }), [secret('airflow/variables/a')], []);
  assert.deepEqual(out, []);
});

test('bounded: at most MAX_MERGED_KEYS entries', () => {
  const keys = Array.from({ length: MAX_MERGED_KEYS + 50 }, (_, i) => `k${i}`);
  assert.equal(mergeSources('variable', cfg(), [], keys).length, MAX_MERGED_KEYS);
});
