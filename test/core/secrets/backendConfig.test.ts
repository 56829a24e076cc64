import assert from 'node:assert/strict';
import { test } from 'node:test';
import { backendSetupOptions, DEFAULT_PREFIXES, readSecretsBackend, SECRETS_MANAGER_BACKEND } from '../../../src/core/secrets/backendConfig';

const sm = (kwargs?: unknown, extra: Record<string, string> = {}) => readSecretsBackend({
  'secrets.backend': SECRETS_MANAGER_BACKEND,
  ...(kwargs === undefined ? {} : { 'secrets.backend_kwargs': typeof kwargs === 'string' ? kwargs : JSON.stringify(kwargs) }),
  ...extra,
});

test('no backend option: undefined (also for no options at all)', () => {
  assert.equal(readSecretsBackend(undefined), undefined);
  assert.equal(readSecretsBackend({}), undefined);
  assert.equal(readSecretsBackend({ 'core.load_examples': 'False', 'secrets.backend': '  ' }), undefined);
});

test('Secrets Manager with prefixes, patterns, sep and region from backend_kwargs', () => {
  const cfg = sm({ connections_prefix: 'af/conns/', variables_prefix: 'af/vars', variables_lookup_pattern: '^team_', sep: '/', region_name: 'eu-west-1' });
  assert.ok(cfg);
  assert.equal(cfg.kind, 'secretsManager');
  assert.equal(cfg.connectionsPrefix, 'af/conns', 'trailing separator stripped (Python rstrip(sep))');
  assert.equal(cfg.variablesPrefix, 'af/vars');
  assert.equal(cfg.configPrefix, DEFAULT_PREFIXES.config, 'absent prefix: the backend default');
  assert.equal(cfg.variablesLookupPattern, '^team_');
  assert.equal(cfg.connectionsLookupPattern, undefined);
  assert.equal(cfg.region, 'eu-west-1');
  assert.equal(cfg.sep, '/');
  assert.deepEqual(cfg.problems, []);
});

test('absent kwargs: the backend defaults, as Airflow instantiates it with no arguments', () => {
  const cfg = sm();
  assert.equal(cfg?.connectionsPrefix, 'airflow/connections');
  assert.equal(cfg?.variablesPrefix, 'airflow/variables');
  assert.deepEqual(cfg?.problems, []);
});

test('null prefix turns that kind off; empty string means no prefix', () => {
  const cfg = sm({ connections_prefix: null, variables_prefix: '' });
  assert.equal(cfg?.connectionsPrefix, undefined);
  assert.equal(cfg?.variablesPrefix, '');
});

test('rstrip strips any trailing character of sep, like Python', () => {
  assert.equal(sm({ variables_prefix: 'a/vars--', sep: '-' })?.variablesPrefix, 'a/vars');
  assert.equal(sm({ variables_prefix: 'a/vars-_', sep: '_-' })?.variablesPrefix, 'a/vars');
  assert.equal(sm({ variables_prefix: 'a/vars-_', sep: '_-' })?.sep, '_-');
});

test('unparseable or non-object kwargs: a plain-sentence problem and the defaults', () => {
  const bad = sm('{"connections_prefix": "x",}');
  assert.equal(bad?.connectionsPrefix, 'airflow/connections');
  assert.equal(bad?.problems.length, 1);
  assert.match(bad!.problems[0]!, /secrets\.backend_kwargs is not valid JSON .*defaults apply/);
  const arr = sm('["x"]');
  assert.match(arr!.problems[0]!, /not a JSON object/);
});

test('a typo in a prefix name is named with the likely intent; credentials in kwargs are flagged, never quoted', () => {
  const cfg = sm({ connection_prefix: 'x', aws_secret_access_key: 'do-not-echo-me' });
  assert.equal(cfg?.connectionsPrefix, 'airflow/connections');
  assert.ok(cfg?.problems.some((p) => /"connection_prefix".*did you mean "connections_prefix"/.test(p)));
  assert.ok(cfg?.problems.some((p) => /aws_secret_access_key/.test(p)));
  assert.doesNotMatch(JSON.stringify(cfg), /do-not-echo-me/);
});

test('wrong value types are problems', () => {
  const cfg = sm({ variables_prefix: 5, sep: '', variables_lookup_pattern: 3, full_url_mode: 'no' });
  assert.equal(cfg?.variablesPrefix, undefined);
  assert.equal(cfg?.sep, '/');
  assert.equal(cfg?.problems.length, 4);
});

test('a lookup pattern JavaScript cannot run is a problem; Python-only named groups are translated', () => {
  assert.match(sm({ variables_lookup_pattern: '(?>atomic)' })!.problems[0]!, /cannot be checked here/);
  assert.deepEqual(sm({ variables_lookup_pattern: '(?P<team>a|b)_(?P=team)' })!.problems, []);
});

test('full_url_mode and role_arn are read', () => {
  const cfg = sm({ full_url_mode: false, role_arn: 'arn:aws:iam::123456789012:role/reader' });
  assert.equal(cfg?.fullUrlMode, false);
  assert.equal(cfg?.roleArn, 'arn:aws:iam::123456789012:role/reader');
});

test('another backend is "other" with no naming guessed', () => {
  const cfg = readSecretsBackend({ 'secrets.backend': 'airflow.providers.amazon.aws.secrets.systems_manager.SystemsManagerParameterStoreBackend' });
  assert.equal(cfg?.kind, 'other');
  assert.equal(cfg?.connectionsPrefix, undefined);
});

test('option keys are matched case-insensitively and trimmed (as MWAA lower-cases them)', () => {
  const cfg = readSecretsBackend({ ' Secrets.Backend ': SECRETS_MANAGER_BACKEND, 'SECRETS.BACKEND_KWARGS': '{"variables_prefix": "v"}' });
  assert.equal(cfg?.variablesPrefix, 'v');
});

test('Airflow 3 workers.secrets_backend wins for tasks, and a different secrets.backend is noted', () => {
  const cfg = readSecretsBackend({
    'secrets.backend': 'some.other.Backend',
    'workers.secrets_backend': SECRETS_MANAGER_BACKEND,
    'workers.secrets_backend_kwargs': '{"variables_prefix": "w/vars"}',
  });
  assert.equal(cfg?.kind, 'secretsManager');
  assert.equal(cfg?.source, 'workers.secrets_backend');
  assert.equal(cfg?.variablesPrefix, 'w/vars');
  assert.match(cfg!.problems[0]!, /workers\.secrets_backend differs/);
});

test('backendSetupOptions: the two options that turn the backend on, read back as such', () => {
  const opts = backendSetupOptions({ variables: 'team/vars' });
  assert.equal(opts['secrets.backend'], SECRETS_MANAGER_BACKEND);
  const cfg = readSecretsBackend(opts);
  assert.equal(cfg?.variablesPrefix, 'team/vars');
  assert.equal(cfg?.connectionsPrefix, 'airflow/connections');
  assert.deepEqual(cfg?.problems, []);
});
