import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { classifyAwsError } from '../../../src/core/aws/awsErrors';
import { iniCredentialProvider, memoizeCredentials, resolveCredentialChain, type AwsCredentialIdentity } from '../../../src/core/aws/credentials';
import { UserFacingError } from '../../../src/core/errors';
import { useFixtureCatalog } from './awsFixtures';

const fixture = useFixtureCatalog();

test('static keys resolve through fromIni for the named profile, not AWS_PROFILE', async () => {
  process.env.AWS_PROFILE = 'default';
  try {
    const creds = await iniCredentialProvider('static-dev', { ignoreCache: true })();
    assert.equal(creds.accessKeyId, 'FAKESTATICKEYID00001');
    assert.equal(creds.secretAccessKey, 'fake-static-secret-not-real');
  } finally {
    delete process.env.AWS_PROFILE;
  }
});

test('a profile only in the credentials file resolves too', async () => {
  const creds = await iniCredentialProvider('credentials-only', { ignoreCache: true })();
  assert.equal(creds.accessKeyId, 'FAKECREDONLYKEYID001');
});

test('role chain: followed to the profile holding the keys, MFA noticed', () => {
  assert.deepEqual(resolveCredentialChain(fixture.catalog(), 'chained'), { profiles: ['chained', 'static-dev'], base: 'static', needsMfa: false });
  assert.deepEqual(resolveCredentialChain(fixture.catalog(), 'double-chained'), {
    profiles: ['double-chained', 'chained', 'static-dev'], base: 'static', needsMfa: true,
  });
  assert.deepEqual(resolveCredentialChain(fixture.catalog(), 'instance-role'), {
    profiles: ['instance-role'], base: 'credential_source:Ec2InstanceMetadata', needsMfa: false,
  });
  assert.deepEqual(resolveCredentialChain(fixture.catalog(), 'modern-sso'), { profiles: ['modern-sso'], base: 'sso-session', needsMfa: false });
});

test('role chain: a missing source profile names both profiles and the files', () => {
  assert.throws(
    () => resolveCredentialChain(fixture.catalog(), 'broken-chain'),
    (err: unknown) =>
      err instanceof UserFacingError &&
      /Profile 'broken-chain' takes credentials from source_profile 'does-not-exist', which is not defined/.test(err.message) &&
      err.message.includes(fixture.catalog().paths.configFile),
  );
});

test('role chain: loops, missing profiles and credential-less sources are clear errors', () => {
  assert.throws(() => resolveCredentialChain(fixture.catalog(), 'loop-a'), /loops: loop-a -> loop-b -> loop-a/);
  assert.throws(() => resolveCredentialChain(fixture.catalog(), 'ghost'), /AWS profile 'ghost' is not defined/);
  assert.throws(() => resolveCredentialChain(fixture.catalog(), 'settings-only'), /has no credentials/);
});

test('fromIni on the broken chain fails; classified as no credentials naming the missing source', async () => {
  const err = await iniCredentialProvider('broken-chain', { ignoreCache: true, region: 'eu-west-1' })().then(
    () => assert.fail('resolved credentials for a broken chain'),
    (e: unknown) => e,
  );
  const c = classifyAwsError(err, { profile: 'broken-chain', region: 'eu-west-1' });
  assert.equal(c.kind, 'no-credentials');
  assert.match(c.message, /source profile 'does-not-exist'/);
});

test('fromIni on a missing profile: no-credentials saying the profile is not defined', async () => {
  const err = await iniCredentialProvider('ghost', { ignoreCache: true })().then(() => assert.fail('resolved'), (e: unknown) => e);
  const c = classifyAwsError(err, { profile: 'ghost' });
  assert.equal(c.kind, 'no-credentials');
  assert.match(c.message, /profile 'ghost': it is not defined/);
  assert.deepEqual(c.actions.map((a) => a.command), ['mwaa.openAwsConfig', 'mwaa.refreshEnvironments']);
});

test('SSO (sso_session) with an empty token cache -> sso-login with the login command', async () => {
  const err = await iniCredentialProvider('modern-sso', { ignoreCache: true })().then(
    () => assert.fail('resolved SSO credentials without a token'),
    (e: unknown) => e,
  );
  const c = classifyAwsError(err, { profile: 'modern-sso', region: 'us-west-2' });
  assert.equal(c.kind, 'sso-login');
  assert.equal(c.loginCommand, 'aws sso login --profile modern-sso');
  assert.deepEqual(c.actions[0], { label: 'Sign In', command: 'mwaa.ssoSignIn', args: ['modern-sso'] });
  assert.deepEqual(c.actions[1], { label: 'Run aws sso login --profile modern-sso', command: 'mwaa.ssoLogin', args: ['modern-sso'] });
  assert.match(c.message, /profile 'modern-sso'/);
});

test('SSO (legacy) with an expired cached token -> sso-login, "expired"', async () => {
  // The legacy provider reads ~/.aws/sso/cache/<sha1(start url)>.json.
  const cacheFile = path.join(fixture.env().home, '.aws', 'sso', 'cache', createHash('sha1').update('https://fixture-legacy.awsapps.com/start').digest('hex') + '.json');
  fs.writeFileSync(cacheFile, JSON.stringify({
    startUrl: 'https://fixture-legacy.awsapps.com/start', region: 'us-east-1', accessToken: 'fixture-not-a-token', expiresAt: '2020-01-01T00:00:00Z',
  }));
  try {
    const err = await iniCredentialProvider('legacy-sso', { ignoreCache: true })().then(
      () => assert.fail('resolved with an expired token'),
      (e: unknown) => e,
    );
    const c = classifyAwsError(err, { profile: 'legacy-sso' });
    assert.equal(c.kind, 'sso-login');
    assert.equal(c.title, 'SSO session expired');
    assert.equal(c.loginCommand, 'aws sso login --profile legacy-sso');
  } finally {
    fs.rmSync(cacheFile);
  }
});

test('credential_process: output is used; a failing process is no-credentials', async () => {
  const dir = fs.mkdtempSync(path.join(fixture.env().home, 'proc-'));
  const script = path.join(dir, 'creds.js');
  fs.writeFileSync(script, `process.stdout.write(JSON.stringify({ Version: 1, AccessKeyId: 'FAKEPROCESSKEYID0001', SecretAccessKey: 'fake-process-secret' }))`);
  const config = path.join(dir, 'config');
  fs.writeFileSync(config, `[profile proc-ok]\ncredential_process = "${process.execPath}" "${script}"\n[profile proc-bad]\ncredential_process = /bin/false\n`);
  const saved = process.env.AWS_CONFIG_FILE;
  process.env.AWS_CONFIG_FILE = config;
  try {
    const creds = await iniCredentialProvider('proc-ok', { ignoreCache: true })();
    assert.equal(creds.accessKeyId, 'FAKEPROCESSKEYID0001');
    const err = await iniCredentialProvider('proc-bad', { ignoreCache: true })().then(() => assert.fail('resolved'), (e: unknown) => e);
    const c = classifyAwsError(err, { profile: 'proc-bad' });
    assert.equal(c.kind, 'no-credentials');
    assert.match(c.message, /credential_process failed/);
  } finally {
    process.env.AWS_CONFIG_FILE = saved;
  }
});

test('memoizeCredentials: one resolution for concurrent callers, refresh near expiry, failures not kept', async () => {
  let now = 1_000_000;
  let calls = 0;
  let fail = false;
  const provider = async (): Promise<AwsCredentialIdentity> => {
    calls++;
    await new Promise((r) => setTimeout(r, 5));
    if (fail) throw new Error('boom');
    return { accessKeyId: `K${calls}`, secretAccessKey: 's', expiration: new Date(now + 10 * 60_000) };
  };
  const memo = memoizeCredentials(provider, () => now);
  const [a, b] = await Promise.all([memo(), memo()]);
  assert.equal(calls, 1);
  assert.equal(a, b);
  now += 4 * 60_000; // 6 minutes left: still fresh
  assert.equal((await memo()).accessKeyId, 'K1');
  now += 2 * 60_000; // 4 minutes left: inside the 5 minute margin
  fail = true;
  await assert.rejects(memo(), /boom/);
  fail = false;
  assert.equal((await memo()).accessKeyId, 'K3');
  assert.equal(calls, 3);
});
