import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { buildProfileCatalog, findProfile, readProfiles, sharedConfigPaths } from '../../../src/core/aws/profiles';
import { FIXTURE_CONFIG, FIXTURE_CREDENTIALS, useFixtureCatalog } from './awsFixtures';

const fixture = useFixtureCatalog();

const get = (name: string) => {
  const p = findProfile(fixture.catalog(), name);
  assert.ok(p, `profile ${name} listed`);
  return p;
};

test('paths come from AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws', () => {
  assert.deepEqual(fixture.catalog().paths, { configFile: FIXTURE_CONFIG, credentialsFile: FIXTURE_CREDENTIALS });
  assert.deepEqual(sharedConfigPaths({ HOME: '/home/u' }), { configFile: '/home/u/.aws/config', credentialsFile: '/home/u/.aws/credentials' });
  assert.equal(sharedConfigPaths({ HOME: '/home/u', AWS_CONFIG_FILE: '~/alt/config' }).configFile, '/home/u/alt/config');
});

test('lists profiles of both files, default first, config sections without "profile " ignored', () => {
  const names = fixture.catalog().profiles.map((p) => p.name);
  assert.equal(names[0], 'default');
  assert.deepEqual(names.slice(1), [...names.slice(1)].sort((a, b) => a.localeCompare(b)));
  for (const n of ['static-dev', 'legacy-sso', 'modern-sso', 'chained', 'sandbox', 'credentials-only']) assert.ok(names.includes(n), n);
  assert.ok(!names.includes('ignored-section'));
  assert.ok(!names.some((n) => n.startsWith('sso-session') || n.startsWith('services')));
  assert.deepEqual(get('static-dev').definedIn, ['config', 'credentials']);
  assert.deepEqual(get('credentials-only').definedIn, ['credentials']);
});

test('credential kinds', () => {
  const kinds = Object.fromEntries(fixture.catalog().profiles.map((p) => [p.name, p.kind]));
  assert.deepEqual(
    {
      default: kinds.default, 'static-dev': kinds['static-dev'], 'legacy-sso': kinds['legacy-sso'], 'modern-sso': kinds['modern-sso'],
      chained: kinds.chained, 'instance-role': kinds['instance-role'], process: kinds.process, web: kinds.web, 'settings-only': kinds['settings-only'],
    },
    {
      default: 'static', 'static-dev': 'static', 'legacy-sso': 'sso', 'modern-sso': 'sso-session',
      chained: 'role', 'instance-role': 'role', process: 'process', web: 'web-identity', 'settings-only': 'none',
    },
  );
  assert.deepEqual(get('double-chained').role, { roleArn: 'arn:aws:iam::444455556666:role/MwaaAdmin', sourceProfile: 'chained', needsMfa: true, ownStaticKeys: false });
  assert.equal(get('instance-role').role?.credentialSource, 'Ec2InstanceMetadata');
  assert.deepEqual(get('modern-sso').sso, {
    session: 'corp', startUrl: 'https://fixture-corp.awsapps.com/start', ssoRegion: 'us-east-1', accountId: '111122223333', roleName: 'MwaaDeveloper',
  });
  assert.equal(get('legacy-sso').sso?.startUrl, 'https://fixture-legacy.awsapps.com/start');
});

test('regions and endpoint overrides (services section, endpoint_url)', () => {
  assert.equal(get('static-dev').region, 'eu-west-1');
  assert.equal(get('web').region, undefined);
  assert.deepEqual(get('sandbox').serviceEndpoints, {
    mwaa: 'http://127.0.0.1:4510', s3: 'http://127.0.0.1:4511', cloudwatch_logs: 'http://127.0.0.1:4512',
  });
  assert.equal(get('global-endpoint').endpointUrl, 'http://localhost:4566');
  assert.deepEqual(get('static-dev').serviceEndpoints, {});
});

test('secret values never appear in the catalog', () => {
  const text = JSON.stringify(fixture.catalog());
  assert.doesNotMatch(text, /fake-\w+-secret|FAKE\w*KEYID/);
});

test('configuration mistakes are reported', () => {
  assert.ok(fixture.catalog().problems.some((p) => /orphan-sso/.test(p) && /\[sso-session nowhere\]/.test(p)), fixture.catalog().problems.join('\n'));
});

test('a profile region that is not a region code is reported (and kept for the factory to refuse, naming the profile)', () => {
  const paths = { configFile: '/home/u/.aws/config', credentialsFile: '/home/u/.aws/credentials' };
  const catalog = buildProfileCatalog(
    { configFile: { evil: { region: 'attacker.example/x#', aws_access_key_id: 'AKIAFAKE', aws_secret_access_key: 'fake-secret' }, good: { region: 'eu-west-1' } }, credentialsFile: {} },
    paths, {},
  );
  assert.deepEqual(catalog.problems, [`Profile 'evil' has region "attacker.example/x#", which is not an AWS region code such as "eu-west-1"; its clients are refused until it is fixed.`]);
  assert.equal(findProfile(catalog, 'evil')?.region, 'attacker.example/x#');
});

test('AWS_PROFILE picks the default profile; a missing one is a problem', async () => {
  process.env.AWS_PROFILE = 'chained';
  try {
    const c = await readProfiles();
    assert.equal(c.defaultProfile, 'chained');
    assert.equal(c.profiles[0]!.name, 'chained');
    process.env.AWS_PROFILE = 'nope';
    const missing = await readProfiles();
    assert.equal(missing.defaultProfile, 'nope');
    assert.ok(missing.problems.some((p) => /AWS_PROFILE.*'nope'/.test(p)));
  } finally {
    delete process.env.AWS_PROFILE;
  }
});

test('ignoreCache re-reads an edited file; without it the SDK cache answers', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-profiles-'));
  const file = path.join(dir, 'config');
  fs.writeFileSync(file, '[profile first]\nregion = us-east-1\n');
  const envFor = { ...process.env, AWS_CONFIG_FILE: file };
  try {
    assert.deepEqual((await readProfiles({ env: envFor, ignoreCache: true })).profiles.filter((p) => p.definedIn.includes('config')).map((p) => p.name), ['first']);
    fs.writeFileSync(file, '[profile first]\nregion = us-east-1\n[profile second]\nregion = eu-west-1\n');
    const cached = await readProfiles({ env: envFor });
    assert.ok(!cached.profiles.some((p) => p.name === 'second'));
    const fresh = await readProfiles({ env: envFor, ignoreCache: true });
    assert.equal(findProfile(fresh, 'second')?.region, 'eu-west-1');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('missing files give no profile of the files, not an error: only the default credentials chain', async () => {
  const c = await readProfiles({ env: { HOME: '/nonexistent-home' }, ignoreCache: true });
  assert.deepEqual(c.profiles.map((p) => [p.name, p.kind]), [['default credentials', 'default-chain']]);
  assert.equal(c.defaultProfile, 'default');
});
