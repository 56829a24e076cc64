import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { pollForToken, signInWithDeviceFlow, type Clock } from '../../../src/core/aws/deviceFlow';
import { ssoCacheFile, writeSsoToken } from '../../../src/core/aws/ssoCache';
import { UserFacingError } from '../../../src/core/errors';
import { OidcError, type DeviceAuthorization, type IssuedToken, type OidcApi, type RegisteredClient } from '../../../src/core/aws/ssoOidc';

/** A clock whose sleeps pass at once, recording each wait. */
function fakeClock(start = Date.parse('2026-03-01T00:00:00Z')): Clock & { waits: number[] } {
  let t = start;
  const waits: number[] = [];
  return {
    waits,
    now: () => t,
    sleep: async (ms, signal) => {
      if (signal?.aborted) throw Object.assign(new Error('Canceled'), { name: 'AbortError' });
      waits.push(ms);
      t += ms;
    },
  };
}

const client: RegisteredClient = { clientId: 'cid', clientSecret: 'csecret', expiresAt: Date.parse('2026-06-01T00:00:00Z') };
const auth = (over: Partial<DeviceAuthorization> = {}): DeviceAuthorization => ({
  deviceCode: 'dev-code', userCode: 'ABCD-EFGH', verificationUri: 'https://v/device', verificationUriComplete: 'https://v/device?user_code=ABCD-EFGH', expiresIn: 600, interval: 2, ...over,
});

/** CreateToken answers from a script: an OAuth error code, or a token. */
function scripted(answers: Array<string | IssuedToken>) {
  const calls: string[] = [];
  return {
    calls,
    createToken: async (_c: RegisteredClient, deviceCode: string): Promise<IssuedToken> => {
      calls.push(deviceCode);
      const next = answers.shift();
      if (next === undefined) throw new Error('polled more than scripted');
      if (typeof next === 'string') throw new OidcError(next, `refused (${next})`, 400);
      return next;
    },
  };
}

test('pending keeps polling at the interval; slow_down adds 5 s for the rest; the token ends it', async () => {
  const clock = fakeClock();
  const api = scripted(['authorization_pending', 'slow_down', 'authorization_pending', { accessToken: 'at', expiresIn: 3600 }]);
  const token = await pollForToken(api, client, auth(), clock);
  assert.equal(token.accessToken, 'at');
  assert.deepEqual(clock.waits, [2000, 2000, 7000, 7000]);
  assert.equal(api.calls.length, 4);
});

test('an expired device code, a denial and an unknown error each end with what to do', async () => {
  await assert.rejects(pollForToken(scripted(['expired_token']), client, auth(), fakeClock()), /code expired before it was approved\. Sign in again/);
  await assert.rejects(pollForToken(scripted(['access_denied']), client, auth(), fakeClock()), /denied in the browser\. Sign in again and choose Allow/);
  await assert.rejects(pollForToken(scripted(['invalid_client']), client, auth(), fakeClock()), (err: UserFacingError) => {
    assert.match(err.message, /^Sign-in failed: refused \(invalid_client\) Sign in again; if it fails the same way, check the profile's sso_start_url and sso_region in your AWS config file\.$/);
    assert.deepEqual(err.actions.map((a) => a.command), ['mwaa.openAwsConfig']);
    return true;
  });
});

test('the device code\'s own expiry stops polling even if the server keeps saying pending', async () => {
  const clock = fakeClock();
  const api = scripted(Array.from({ length: 100 }, () => 'authorization_pending'));
  await assert.rejects(pollForToken(api, client, auth({ expiresIn: 10, interval: 3 }), clock), /code expired/);
  assert.equal(api.calls.length, 3, 'polled at 3, 6 and 9 s, then stopped at 12 s');
});

test('a zero or negative interval is not a busy loop', async () => {
  const clock = fakeClock();
  await pollForToken(scripted(['authorization_pending', { accessToken: 'a', expiresIn: 1 }]), client, auth({ interval: 0 }), clock);
  assert.deepEqual(clock.waits, [1000, 1000]);
});

test('cancel stops the wait', async () => {
  const abort = new AbortController();
  abort.abort();
  await assert.rejects(pollForToken(scripted([]), client, auth(), fakeClock(), abort.signal), { name: 'AbortError' });
});

function fakeApi(): OidcApi & { registered: number; started: Array<{ clientId: string; startUrl: string }>; scopes: string[][] } {
  const api = {
    registered: 0,
    started: [] as Array<{ clientId: string; startUrl: string }>,
    scopes: [] as string[][],
    async registerClient(_name: string, scopes: readonly string[]) {
      api.registered++;
      api.scopes.push([...scopes]);
      return { clientId: `new-${api.registered}`, clientSecret: 'new-secret', expiresAt: Date.parse('2026-06-01T00:00:00Z') };
    },
    async startDeviceAuthorization(c: RegisteredClient, startUrl: string) {
      api.started.push({ clientId: c.clientId, startUrl });
      return auth({ interval: 1 });
    },
    createToken: scripted(['authorization_pending', { accessToken: 'the-token', expiresIn: 3600, refreshToken: 'the-refresh' }]).createToken,
  };
  return api;
}

test('sign-in registers, shows the code, polls and writes the cache the CLI reads', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'device-flow-'));
  const api = fakeApi();
  const shown: string[] = [];
  const clock = fakeClock();
  const target = { profile: 'dev', startUrl: 'https://corp.awsapps.com/start', ssoRegion: 'eu-west-1', session: 'corp' };
  const result = await signInWithDeviceFlow(api, target, { clock, cacheDir: dir, onAuthorization: (a) => void shown.push(`${a.userCode} ${a.verificationUriComplete}`) });
  assert.equal(result.file, ssoCacheFile(target, dir));
  assert.deepEqual(shown, ['ABCD-EFGH https://v/device?user_code=ABCD-EFGH']);
  assert.deepEqual(api.scopes, [['sso:account:access']]);
  const written = JSON.parse(fs.readFileSync(result.file, 'utf8')) as Record<string, string>;
  assert.deepEqual(written, {
    startUrl: 'https://corp.awsapps.com/start', region: 'eu-west-1', accessToken: 'the-token', expiresAt: '2026-03-01T01:00:02Z',
    clientId: 'new-1', clientSecret: 'new-secret', registrationExpiresAt: '2026-06-01T00:00:00Z', refreshToken: 'the-refresh',
  });
  assert.equal(fs.statSync(result.file).mode & 0o777, 0o600);
});

test('a cached registration is reused (even with an expired token); a legacy profile registers without scopes', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'device-flow-'));
  const target = { profile: 'dev', startUrl: 'https://corp.awsapps.com/start', ssoRegion: 'eu-west-1', session: 'corp' };
  await writeSsoToken(ssoCacheFile(target, dir), {
    startUrl: target.startUrl, region: 'eu-west-1', accessToken: 'old', expiresAt: '2026-02-01T00:00:00Z', clientId: 'kept', clientSecret: 'kept-secret', registrationExpiresAt: '2026-05-01T00:00:00Z',
  });
  const api = fakeApi();
  await signInWithDeviceFlow(api, target, { clock: fakeClock(), cacheDir: dir, onAuthorization: () => undefined });
  assert.equal(api.registered, 0);
  assert.deepEqual(api.started, [{ clientId: 'kept', startUrl: target.startUrl }]);

  const legacy = fakeApi();
  fs.writeFileSync(ssoCacheFile({ startUrl: target.startUrl }, dir), 'not json');
  await signInWithDeviceFlow(legacy, { profile: 'old', startUrl: target.startUrl, ssoRegion: 'eu-west-1' }, { clock: fakeClock(), cacheDir: dir, onAuthorization: () => undefined });
  assert.deepEqual(legacy.scopes, [[]], 'a malformed cache file is replaced after a fresh registration');
  assert.equal(JSON.parse(fs.readFileSync(ssoCacheFile({ startUrl: target.startUrl }, dir), 'utf8')).accessToken, 'the-token');
});

test('a refusal before the code is shown names the start URL and region to check, with Open AWS Config', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'device-flow-'));
  const target = { profile: 'dev', startUrl: 'https://wrong.awsapps.com/start', ssoRegion: 'eu-west-1', session: 'corp' };
  const refuse = async (): Promise<never> => {
    throw new OidcError('invalid_request', 'IAM Identity Center refused the request (invalid_request: bad start URL).', 400);
  };
  const start = { ...fakeApi(), startDeviceAuthorization: refuse };
  const register = { ...fakeApi(), registerClient: refuse };
  for (const api of [start, register]) {
    await assert.rejects(signInWithDeviceFlow(api, target, { clock: fakeClock(), cacheDir: dir, onAuthorization: () => assert.fail('no code to show') }), (err: UserFacingError) => {
      assert.ok(err instanceof UserFacingError);
      assert.equal(err.message, 'IAM Identity Center refused the request (invalid_request: bad start URL). Check sso_start_url (https://wrong.awsapps.com/start) and sso_region (eu-west-1) of [sso-session corp] in your AWS config file, then sign in again.');
      assert.deepEqual(err.actions.map((a) => a.command), ['mwaa.openAwsConfig']);
      return true;
    });
  }
  // Anything else (the network, a cancel) passes through as it was.
  const offline = { ...fakeApi(), startDeviceAuthorization: async (): Promise<never> => {
    throw Object.assign(new Error('fetch failed'), { name: 'TypeError' });
  } };
  await assert.rejects(signInWithDeviceFlow(offline, target, { clock: fakeClock(), cacheDir: dir, onAuthorization: () => undefined }), { name: 'TypeError', message: 'fetch failed' });
});
