import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readSecretsBackend, SECRETS_MANAGER_BACKEND } from '../../../src/core/secrets/backendConfig';
import { explainVisibility, type CheckResult, type VisibilityInput } from '../../../src/core/secrets/visibilityCheck';
import { awsError, FakeIam, FakeKms, FakeSecretsManager } from './fakeAws';

const ROLE = 'arn:aws:iam::123456789012:role/service-role/AmazonMWAA-env-execution';
const VALUE = 'supersecret-value-42';
const cfg = (kwargs: Record<string, unknown> = {}) => readSecretsBackend({ 'secrets.backend': SECRETS_MANAGER_BACKEND, 'secrets.backend_kwargs': JSON.stringify(kwargs) });

function world() {
  const sm = new FakeSecretsManager();
  const iam = new FakeIam();
  const kms = new FakeKms();
  return { sm, iam, kms };
}

async function explain(w: ReturnType<typeof world>, over: Partial<VisibilityInput> = {}): Promise<Map<string, CheckResult>> {
  const results = await explainVisibility({
    kind: 'variable', key: 'env_name', cfg: cfg(), environmentRegion: 'us-east-1', executionRoleArn: ROLE,
    secretsClient: w.sm.client, iamClient: w.iam.client, kmsClient: w.kms.client, amazonProviderVersion: '9.22.0', ...over,
  });
  const text = JSON.stringify(results);
  assert.doesNotMatch(text, /supersecret/, 'no check ever quotes a secret value');
  for (const r of results) {
    assert.ok(r.detail.length > 0);
    if (r.status === 'problem') assert.ok(r.fix, `problem ${r.id} says what to change`);
  }
  return new Map(results.map((r) => [r.id, r]));
}

const allow = (w: ReturnType<typeof world>, action: string, resource: string) => w.iam.decisions.set(`${action} ${resource}`, 'allowed');

test('all well: backend, name, region, secret, plain format, role, AWS managed key', async () => {
  const w = world();
  w.sm.secrets.set('airflow/variables/env_name', { value: VALUE, lastChanged: new Date(0) });
  allow(w, 'secretsmanager:GetSecretValue', w.sm.arn('airflow/variables/env_name'));
  const r = await explain(w);
  assert.deepEqual([...r.values()].map((c) => [c.id, c.status]), [
    ['backend', 'ok'], ['prefix', 'ok'], ['region', 'ok'], ['secret', 'ok'], ['format', 'ok'], ['role', 'ok'], ['kms', 'ok'],
  ]);
  assert.match(r.get('prefix')!.detail, /airflow\/variables\/env_name/);
  assert.match(r.get('role')!.detail, /reader-policy/);
  assert.equal(w.iam.calls[0]!.PolicySourceArn, ROLE);
});

test('no backend: the options to set; another backend: unknown', async () => {
  const none = await explain(world(), { cfg: undefined });
  assert.equal(none.get('backend')!.status, 'problem');
  assert.match(none.get('backend')!.fix!, /secrets\.backend = airflow\.providers\.amazon.*secrets\.backend_kwargs = /);
  const other = await explain(world(), { cfg: readSecretsBackend({ 'secrets.backend': 'x.Vault' }) });
  assert.equal(other.get('backend')!.status, 'unknown');
  assert.equal(other.size, 1);
});

test('backend_kwargs problems are reported; a null prefix and an excluding pattern stop the lookup', async () => {
  const bad = await explain(world(), { cfg: readSecretsBackend({ 'secrets.backend': SECRETS_MANAGER_BACKEND, 'secrets.backend_kwargs': '{oops' }) });
  assert.equal(bad.get('config')!.status, 'problem');
  const off = await explain(world(), { cfg: cfg({ variables_prefix: null }) });
  assert.equal(off.get('prefix')!.status, 'problem');
  assert.match(off.get('prefix')!.fix!, /variables_prefix/);
  assert.equal(off.has('secret'), false);
  const pattern = await explain(world(), { cfg: cfg({ variables_lookup_pattern: '^team_' }) });
  assert.equal(pattern.get('pattern')!.status, 'problem');
  assert.match(pattern.get('pattern')!.detail, /"\^team_" does not match "env_name"/);
});

test('an invalid key is the one problem', async () => {
  const r = await explain(world(), { kind: 'connection', key: 'has space' });
  assert.deepEqual([...r.keys()], ['key']);
});

test('missing secret: near misses under the other prefix, another separator or no prefix are named', async () => {
  const w = world();
  w.sm.secrets.set('airflow/connections/env_name', { value: VALUE });
  w.sm.secrets.set('airflow/variables-env_name', { value: VALUE });
  const r = await explain(w);
  const secret = r.get('secret')!;
  assert.equal(secret.status, 'problem');
  assert.match(secret.detail, /airflow\/connections\/env_name \(under the connections prefix\)/);
  assert.match(secret.detail, /airflow\/variables-env_name \(with "-" instead of "\/"/);
  assert.match(secret.fix!, /as airflow\/variables\/env_name/);
  assert.equal(r.has('role'), false, 'no secret: no access checks');
  const nothing = await explain(world());
  assert.match(nothing.get('secret')!.detail, /There is no secret airflow\/variables\/env_name in us-east-1: Airflow falls back/);
});

test('a secret scheduled for deletion is a problem with the way back', async () => {
  const w = world();
  w.sm.secrets.set('airflow/variables/env_name', { value: VALUE, deletedDate: new Date(0) });
  const r = await explain(w);
  assert.equal(r.get('secret')!.status, 'problem');
  assert.match(r.get('secret')!.fix!, /RestoreSecret/);
});

test('another region: region_name points away from where the secret is', async () => {
  const w = world();
  const west = new FakeSecretsManager('eu-west-1');
  w.sm.secrets.set('airflow/variables/env_name', { value: VALUE });
  const r = await explain(w, {
    cfg: cfg({ region_name: 'eu-west-1' }),
    secretsClient: west.client,
    secretsClientFor: (region) => (region === 'us-east-1' ? w.sm.client : west.client),
  });
  assert.equal(r.get('region')!.status, 'problem');
  assert.match(r.get('region')!.detail, /exists in us-east-1, but Airflow reads secrets in eu-west-1/);
  assert.match(r.get('region')!.fix!, /remove region_name/);
});

test('a client for the wrong region without a way to another: the region is unknown, not ok', async () => {
  const w = world();
  const west = new FakeSecretsManager('eu-west-1');
  const r = await explain(w, { secretsClient: west.client });
  assert.equal(r.get('region')!.status, 'unknown');
});

test('format: a variable saved as a console key/value pair; a connection JSON the provider does not read', async () => {
  const w = world();
  w.sm.secrets.set('airflow/variables/env_name', { value: JSON.stringify({ env_name: VALUE }) });
  const v = await explain(w);
  assert.equal(v.get('format')!.status, 'problem');
  assert.match(v.get('format')!.detail, /JSON key\/value pair/);
  w.sm.secrets.set('airflow/connections/pg', { value: JSON.stringify({ conn_type: 'postgres', password: VALUE }) });
  const old = await explain(w, { kind: 'connection', key: 'pg', amazonProviderVersion: '2.4.0' });
  assert.equal(old.get('format')!.status, 'problem');
  assert.match(old.get('format')!.fix!, /URI/);
  const fresh = await explain(w, { kind: 'connection', key: 'pg', amazonProviderVersion: '9.22.0' });
  assert.equal(fresh.get('format')!.status, 'ok');
  assert.match(fresh.get('format')!.detail, /JSON connection of type "postgres"/);
  const multi = JSON.stringify({ a: 1, b: 'x' });
  w.sm.secrets.set('airflow/variables/cfg', { value: multi });
  assert.equal((await explain(w, { key: 'cfg' })).get('format')!.status, 'ok', 'a JSON document with several keys is a fine variable');
});

test('format: the value cannot be read by the user: unknown, not a problem', async () => {
  const w = world();
  w.sm.secrets.set('airflow/variables/env_name', { value: VALUE });
  w.sm.failures.set('GetSecretValue', awsError('AccessDeniedException', 'no'));
  assert.equal((await explain(w)).get('format')!.status, 'unknown');
});

test('role: implicit deny says which statement to add; explicit deny names the policy; role_arn in kwargs is the one checked', async () => {
  const w = world();
  w.sm.secrets.set('airflow/variables/env_name', { value: VALUE });
  const denied = (await explain(w)).get('role')!;
  assert.equal(denied.status, 'problem');
  assert.match(denied.fix!, /"Action":"secretsmanager:GetSecretValue","Resource":"arn:aws:secretsmanager:us-east-1:123456789012:secret:airflow\/variables\/\*"/);
  w.iam.decisions.set(`secretsmanager:GetSecretValue ${w.sm.arn('airflow/variables/env_name')}`, 'explicitDeny');
  const explicit = (await explain(w)).get('role')!;
  assert.match(explicit.detail, /explicitly denies.*reader-policy/);
  const other = 'arn:aws:iam::123456789012:role/secrets-reader';
  await explain(w, { cfg: cfg({ role_arn: other }) });
  assert.equal(w.iam.calls.at(-1)!.PolicySourceArn, other);
});

test('role: the simulator unavailable or undecided gives unknown with what to check by hand', async () => {
  const w = world();
  w.sm.secrets.set('airflow/variables/env_name', { value: VALUE });
  w.iam.failure = awsError('AccessDenied', 'User is not authorized to perform iam:SimulatePrincipalPolicy');
  const denied = (await explain(w)).get('role')!;
  assert.equal(denied.status, 'unknown');
  assert.match(denied.detail, /may not run the IAM policy simulator/);
  assert.match(denied.fix!, /Check that .*AmazonMWAA-env-execution/);
  w.iam.failure = awsError('NoSuchEntityException', 'role not found');
  assert.equal((await explain(w)).get('role')!.status, 'problem');
  w.iam.failure = undefined;
  w.iam.missingContext = ['aws:SourceVpce'];
  assert.equal((await explain(w)).get('role')!.status, 'unknown');
  assert.equal((await explain(w, { iamClient: undefined })).get('role')!.status, 'unknown');
  assert.equal((await explain(w, { executionRoleArn: undefined })).get('role')!.status, 'unknown');
});

test('kms: customer key disabled, key policy without the role, IAM allowed or not', async () => {
  const w = world();
  const keyArn = 'arn:aws:kms:us-east-1:123456789012:key/1111-2222';
  const rootPolicy = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:root' }, Action: 'kms:*', Resource: '*' }] });
  w.kms.keys.set('k', { arn: keyArn, manager: 'CUSTOMER', state: 'Enabled', policy: rootPolicy });
  w.sm.secrets.set('airflow/variables/env_name', { value: VALUE, kmsKeyId: keyArn });
  allow(w, 'secretsmanager:GetSecretValue', w.sm.arn('airflow/variables/env_name'));
  assert.equal((await explain(w)).get('kms')!.status, 'problem', 'key policy delegates to IAM, IAM denies kms:Decrypt');
  allow(w, 'kms:Decrypt', keyArn);
  assert.equal((await explain(w)).get('kms')!.status, 'ok');
  w.kms.keys.get('k')!.policy = JSON.stringify({ Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:role/admin' }, Action: 'kms:*', Resource: '*' }] });
  const none = (await explain(w)).get('kms')!;
  assert.equal(none.status, 'problem');
  assert.match(none.fix!, /Add to the key policy/);
  w.kms.keys.get('k')!.policy = JSON.stringify({ Statement: { Effect: 'Allow', Principal: { AWS: [ROLE] }, Action: ['kms:Decrypt'], Resource: '*' } });
  assert.equal((await explain(w)).get('kms')!.status, 'ok', 'the key policy names the role');
  w.kms.keys.get('k')!.state = 'Disabled';
  assert.match((await explain(w)).get('kms')!.fix!, /EnableKey/);
  w.kms.keys.get('k')!.state = 'Enabled';
  w.kms.policyDenied = true;
  assert.equal((await explain(w)).get('kms')!.status, 'unknown');
  assert.equal((await explain(w, { kmsClient: undefined })).get('kms')!.status, 'unknown');
});

test('an aborted check stops', async () => {
  const w = world();
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(explainVisibility({ kind: 'variable', key: 'k', cfg: cfg(), environmentRegion: 'us-east-1', secretsClient: w.sm.client, signal: ac.signal }), /abort/i);
});

test('region_name that is not a region code: a problem, and no call is made with it', async () => {
  const w = world();
  let asked = false;
  const r = await explain(w, { cfg: cfg({ region_name: 'evil.example/x#' }), secretsClientFor: () => { asked = true; return w.sm.client; } });
  assert.equal(r.get('region')!.status, 'problem');
  assert.equal(r.get('config')!.status, 'problem');
  assert.equal(asked, false);
  assert.equal(w.sm.calls.length, 0);
});
