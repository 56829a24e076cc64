import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readSecretsBackend, SECRETS_MANAGER_BACKEND } from '../../../src/core/secrets/backendConfig';
import { keyOfSecretName, secretNameFor, validateKey, validateSecretName } from '../../../src/core/secrets/secretNames';

const cfg = (kwargs: Record<string, unknown>) => readSecretsBackend({ 'secrets.backend': SECRETS_MANAGER_BACKEND, 'secrets.backend_kwargs': JSON.stringify(kwargs) })!;

test('names: prefix + sep + key, per kind', () => {
  const c = cfg({ connections_prefix: 'airflow/connections', variables_prefix: 'airflow/variables' });
  assert.equal(secretNameFor(c, 'variable', 'env'), 'airflow/variables/env');
  assert.equal(secretNameFor(c, 'connection', 'pg_main'), 'airflow/connections/pg_main');
  assert.equal(secretNameFor(cfg({ variables_prefix: 'v', sep: '-' }), 'variable', 'x'), 'v-x');
  assert.equal(secretNameFor(cfg({ variables_prefix: '' }), 'variable', 'x'), 'x', 'empty prefix: the key alone');
});

test('names: undefined when the prefix is off or the pattern excludes the key (case-insensitive re.match)', () => {
  assert.equal(secretNameFor(cfg({ variables_prefix: null }), 'variable', 'x'), undefined);
  const c = cfg({ variables_lookup_pattern: 'team_' });
  assert.equal(secretNameFor(c, 'variable', 'other'), undefined);
  assert.equal(secretNameFor(c, 'variable', 'TEAM_a'), 'airflow/variables/TEAM_a', 'IGNORECASE');
  assert.equal(secretNameFor(c, 'variable', 'x_team_a'), undefined, 'anchored at the start (re.match)');
  assert.equal(secretNameFor(c, 'variable', 'team_a_suffix'), 'airflow/variables/team_a_suffix', 'not anchored at the end');
  assert.equal(secretNameFor(cfg({ connections_lookup_pattern: '^(?!aws_default$)' }), 'connection', 'aws_default'), undefined);
  assert.equal(secretNameFor(cfg({ connections_lookup_pattern: '^(?!aws_default$)' }), 'connection', 'pg'), 'airflow/connections/pg');
});

test('names: another backend names nothing', () => {
  const other = readSecretsBackend({ 'secrets.backend': 'x.Y' })!;
  assert.equal(secretNameFor(other, 'variable', 'x'), undefined);
  assert.equal(keyOfSecretName(other, 'variable', 'x'), undefined);
});

test('keyOfSecretName inverts secretNameFor, whatever the pattern says', () => {
  const c = cfg({ variables_prefix: 'a/vars', variables_lookup_pattern: 'zzz' });
  assert.equal(keyOfSecretName(c, 'variable', 'a/vars/k1'), 'k1');
  assert.equal(keyOfSecretName(c, 'variable', 'a/vars/k/nested'), 'k/nested');
  assert.equal(keyOfSecretName(c, 'variable', 'a/vars/'), undefined);
  assert.equal(keyOfSecretName(c, 'variable', 'a/varsk1'), undefined);
  assert.equal(keyOfSecretName(c, 'connection', 'a/vars/k1'), undefined);
  assert.equal(keyOfSecretName(cfg({ variables_prefix: '' }), 'variable', 'plain'), 'plain');
  assert.equal(keyOfSecretName(cfg({ variables_prefix: null }), 'variable', 'airflow/variables/k'), undefined);
});

test('validateKey: sentences for bad keys, undefined for good ones', () => {
  assert.equal(validateKey('variable', 'my_var.v2-x'), undefined);
  assert.equal(validateKey('connection', 'pg_main'), undefined);
  assert.match(validateKey('variable', '')!, /cannot be empty/);
  assert.match(validateKey('connection', 'has space')!, /letters, digits/);
  assert.match(validateKey('connection', 'a/b')!, /letters, digits/);
  assert.match(validateKey('variable', 'a b')!, /Secrets Manager/);
  assert.match(validateKey('variable', 'x'.repeat(251))!, /at most 250/);
  assert.match(validateKey('connection', 'x'.repeat(201))!, /at most 200/);
  assert.match(validateKey('variable', 'a/../b')!, /"\.\."/);
  assert.match(validateKey('variable', ' lead')!, /spaces/);
  assert.equal(validateKey('variable', 'team/sub_key'), undefined);
});

test('validateSecretName: Secrets Manager alphabet and length', () => {
  assert.equal(validateSecretName('airflow/variables/x@y+z=1'), undefined);
  assert.match(validateSecretName('a b')!, /only letters/);
  assert.match(validateSecretName('x'.repeat(513))!, /at most 512/);
});
