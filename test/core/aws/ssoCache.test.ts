import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import type { AwsProfile } from '../../../src/core/aws/profiles';
import { isoSeconds, parseSsoToken, readSsoToken, reusableRegistration, ssoCacheDir, ssoCacheFile, ssoTargetOf, writeSsoToken } from '../../../src/core/aws/ssoCache';

const sha1 = (s: string) => createHash('sha1').update(s).digest('hex');
const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'sso-cache-'));
const profile = (over: Partial<AwsProfile>): AwsProfile => ({ name: 'dev', kind: 'sso-session', definedIn: ['config'], serviceEndpoints: {}, ignoreConfiguredEndpointUrls: false, ...over });

test('the cache file is named as the AWS CLI names it: sha1 of the session name, or of the start URL for legacy profiles', () => {
  assert.equal(ssoCacheDir({ HOME: '/home/u' }), path.join('/home/u', '.aws', 'sso', 'cache'));
  assert.equal(ssoCacheFile({ startUrl: 'https://x.awsapps.com/start', session: 'corp' }, '/c'), `/c/${sha1('corp')}.json`);
  assert.equal(ssoCacheFile({ startUrl: 'https://x.awsapps.com/start' }, '/c'), `/c/${sha1('https://x.awsapps.com/start')}.json`);
  // Fixed hex, computed apart (`printf dev | sha1sum`): the key is the bare name, no JSON or prefix.
  assert.equal(ssoCacheFile({ startUrl: 'https://x/start', session: 'dev' }, '/c'), '/c/34c6fceca75e456f25e7e99531e2425c6c1de443.json');
});

test('a profile becomes a sign-in target only with a start URL and a region code; each gap is named', () => {
  const ok = ssoTargetOf(profile({ sso: { session: 'corp', startUrl: 'https://x.awsapps.com/start', ssoRegion: 'eu-west-1' } }));
  assert.deepEqual(ok, { profile: 'dev', startUrl: 'https://x.awsapps.com/start', ssoRegion: 'eu-west-1', session: 'corp' });
  assert.throws(() => ssoTargetOf(profile({ sso: { session: 'corp', startUrl: 'https://x.awsapps.com/start' } })), /\[sso-session corp\] has no sso_region: add the region/);
  assert.throws(() => ssoTargetOf(profile({ kind: 'sso', sso: { startUrl: 'https://x/start' } })), /profile 'dev' has no sso_region/);
  assert.throws(() => ssoTargetOf(profile({ sso: { session: 'corp', ssoRegion: 'eu-west-1' } })), /has no sso_start_url/);
  assert.throws(() => ssoTargetOf(profile({ sso: { session: 'c', startUrl: 'javascript:alert(1)', ssoRegion: 'eu-west-1' } })), /is not a URL/);
  assert.throws(() => ssoTargetOf(profile({ sso: { session: 'c', startUrl: 'https://x/start', ssoRegion: 'evil.example/#' } })), /not an AWS region code/);
  assert.throws(() => ssoTargetOf(profile({ kind: 'static' })), /does not use IAM Identity Center/);
});

test('malformed cache files are reported, never thrown, and say what is wrong', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  assert.deepEqual(parseSsoToken('{', 'f', now), { state: 'malformed', reason: 'f is not JSON' });
  assert.deepEqual(parseSsoToken('[]', 'f', now), { state: 'malformed', reason: 'f does not hold a JSON object' });
  assert.deepEqual(parseSsoToken('{"startUrl":"u","region":"r","expiresAt":"2027-01-01T00:00:00Z"}', 'f', now), { state: 'malformed', reason: 'f has no accessToken' });
  assert.deepEqual(parseSsoToken('{"startUrl":"u","region":"r","accessToken":"a","expiresAt":"soon"}', 'f', now), { state: 'malformed', reason: 'f has an expiresAt that is not a date' });
  const valid = parseSsoToken('{"startUrl":"u","region":"r","accessToken":"a","expiresAt":"2026-01-01T01:00:00Z","extra":1}', 'f', now);
  assert.equal(valid.state, 'valid');
  assert.equal(parseSsoToken('{"startUrl":"u","region":"r","accessToken":"a","expiresAt":"2025-12-31T23:00:00Z"}', 'f', now).state, 'expired');
});

test('written with mode 0600 in a 0700 folder, read back; a huge or missing file is not a token', async () => {
  const dir = path.join(tmp(), 'sso', 'cache');
  const file = ssoCacheFile({ startUrl: 'https://x/start', session: 's' }, dir);
  assert.deepEqual(await readSsoToken(file), { state: 'missing' });
  const token = { startUrl: 'https://x/start', region: 'us-east-1', accessToken: 'tok', expiresAt: isoSeconds(Date.now() + 3600_000), clientId: 'c', clientSecret: 's', registrationExpiresAt: isoSeconds(Date.now() + 86400_000), refreshToken: 'r' };
  await writeSsoToken(file, token);
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
  assert.equal(fs.statSync(dir).mode & 0o777, 0o700);
  assert.deepEqual(await readSsoToken(file), { state: 'valid', token });
  assert.deepEqual(fs.readdirSync(dir), [path.basename(file)], 'no temp file left');
  fs.writeFileSync(file, 'x'.repeat(70 * 1024));
  assert.equal((await readSsoToken(file)).state, 'malformed');
  // A file the CLI wrote with looser permissions becomes 0600 when replaced.
  fs.chmodSync(file, 0o644);
  await writeSsoToken(file, token);
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
});

test('a registered client is reused until shortly before registrationExpiresAt', () => {
  const now = Date.parse('2026-01-01T00:00:00Z');
  const cached = (reg: string | undefined) => ({ state: 'expired' as const, token: { startUrl: 'u', region: 'r', accessToken: 'a', expiresAt: '2025-01-01T00:00:00Z', clientId: 'c', clientSecret: 's', ...(reg ? { registrationExpiresAt: reg } : {}) } });
  assert.deepEqual(reusableRegistration(cached('2026-02-01T00:00:00Z'), now), { clientId: 'c', clientSecret: 's', registrationExpiresAt: '2026-02-01T00:00:00Z' });
  assert.equal(reusableRegistration(cached('2026-01-01T00:05:00Z'), now), undefined);
  assert.equal(reusableRegistration(cached(undefined), now), undefined);
  assert.equal(reusableRegistration({ state: 'missing' }, now), undefined);
  assert.equal(isoSeconds(Date.parse('2026-01-01T00:00:00.999Z')), '2026-01-01T00:00:00Z');
});
