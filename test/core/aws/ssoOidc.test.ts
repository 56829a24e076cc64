import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fetchOidcApi, oidcEndpoint, OidcError } from '../../../src/core/aws/ssoOidc';

type Call = { url: string; body: Record<string, unknown> };

function fakeFetch(respond: (call: Call) => Response): typeof fetch & { calls: Call[] } {
  const calls: Call[] = [];
  const f = (async (url: string | URL, init?: RequestInit) => {
    const call = { url: String(url), body: JSON.parse(String(init?.body ?? '{}')) as Record<string, unknown> };
    calls.push(call);
    return respond(call);
  }) as typeof fetch & { calls: Call[] };
  f.calls = calls;
  return f;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
const client = { clientId: 'cid', clientSecret: 'cs', expiresAt: 0 };

test('endpoint: AWS_ENDPOINT_URL_SSO_OIDC, then AWS_ENDPOINT_URL, else the regional AWS host; a bad region is refused', () => {
  assert.equal(oidcEndpoint('eu-west-1', {}), 'https://oidc.eu-west-1.amazonaws.com');
  assert.equal(oidcEndpoint('eu-west-1', { AWS_ENDPOINT_URL_SSO_OIDC: 'http://127.0.0.1:9/', AWS_ENDPOINT_URL: 'http://other' }), 'http://127.0.0.1:9');
  assert.equal(oidcEndpoint('eu-west-1', { AWS_ENDPOINT_URL: 'http://other' }), 'http://other');
  assert.equal(oidcEndpoint('eu-west-1', { AWS_ENDPOINT_URL: 'http://other', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' }), 'https://oidc.eu-west-1.amazonaws.com');
  assert.throws(() => oidcEndpoint('evil.example/#', {}), /not a region code/);
});

test('the three calls send what IAM Identity Center expects and read its answers', async () => {
  const f = fakeFetch(({ url }) => {
    if (url.endsWith('/client/register')) return json(200, { clientId: 'cid', clientSecret: 'cs', clientSecretExpiresAt: 1_800_000_000 });
    if (url.endsWith('/device_authorization')) return json(200, { deviceCode: 'dc', userCode: 'AAAA-BBBB', verificationUri: 'https://v', verificationUriComplete: 'https://v?c', expiresIn: 600, interval: 1 });
    return json(200, { accessToken: 'at', expiresIn: 3600, refreshToken: 'rt', tokenType: 'Bearer' });
  });
  const api = fetchOidcApi('http://oidc', f);
  assert.deepEqual(await api.registerClient('mwaa-toolkit-1', ['sso:account:access']), { clientId: 'cid', clientSecret: 'cs', expiresAt: 1_800_000_000_000 });
  assert.equal((await api.startDeviceAuthorization(client, 'https://corp/start')).verificationUriComplete, 'https://v?c');
  assert.deepEqual(await api.createToken(client, 'dc'), { accessToken: 'at', expiresIn: 3600, refreshToken: 'rt' });
  assert.deepEqual(f.calls.map((c) => c.url), ['http://oidc/client/register', 'http://oidc/device_authorization', 'http://oidc/token']);
  assert.deepEqual(f.calls[0]!.body, { clientName: 'mwaa-toolkit-1', clientType: 'public', scopes: ['sso:account:access'] });
  assert.deepEqual(f.calls[2]!.body, { clientId: 'cid', clientSecret: 'cs', grantType: 'urn:ietf:params:oauth:grant-type:device_code', deviceCode: 'dc' });
});

test('errors carry the OAuth code from the body, else from x-amzn-errortype', async () => {
  const fromBody = fetchOidcApi('http://o', fakeFetch(() => json(400, { error: 'authorization_pending', error_description: 'wait' })));
  await assert.rejects(fromBody.createToken(client, 'd'), (e: unknown) => e instanceof OidcError && e.code === 'authorization_pending');
  const fromHeader = fetchOidcApi('http://o', fakeFetch(() => json(400, {}, { 'x-amzn-errortype': 'SlowDownException:http://internal' })));
  await assert.rejects(fromHeader.createToken(client, 'd'), (e: unknown) => e instanceof OidcError && e.code === 'slow_down');
});

test('answers that are not what the API returns are refused with a message', async () => {
  await assert.rejects(fetchOidcApi('http://o', fakeFetch(() => new Response('<html>', { status: 200 }))).createToken(client, 'd'), /not JSON/);
  await assert.rejects(fetchOidcApi('http://o', fakeFetch(() => json(200, { expiresIn: 1 }))).createToken(client, 'd'), /has no accessToken/);
  await assert.rejects(fetchOidcApi('http://o', fakeFetch(() => new Response('x'.repeat(300 * 1024), { status: 200 }))).createToken(client, 'd'), /more than 262144 bytes/);
});

test('a verification page that is not https (or http on this machine) is refused before anything opens it', async () => {
  const answer = (uri: string, complete?: string) => fetchOidcApi('http://o', fakeFetch(() => json(200, {
    deviceCode: 'dc', userCode: 'U', verificationUri: uri, ...(complete ? { verificationUriComplete: complete } : {}), expiresIn: 600,
  })));
  assert.equal((await answer('http://127.0.0.1:4566/verify').startDeviceAuthorization(client, 'https://s')).verificationUriComplete, 'http://127.0.0.1:4566/verify');
  await assert.rejects(answer('command:workbench.action.terminal.new').startDeviceAuthorization(client, 'https://s'), /not https/);
  await assert.rejects(answer('http://evil.example/verify').startDeviceAuthorization(client, 'https://s'), /not https/);
  await assert.rejects(answer('https://device.sso.aws/', 'file:///etc/passwd').startDeviceAuthorization(client, 'https://s'), /not https/);
  await assert.rejects(answer('not a url').startDeviceAuthorization(client, 'https://s'), /not a URL/);
});

test('the calls never follow a redirect (their bodies carry the client secret and device code)', async () => {
  let seen: string | undefined;
  const f = (async (_url: string | URL, init?: RequestInit) => {
    seen = init?.redirect;
    return json(200, { accessToken: 'at', expiresIn: 1 });
  }) as typeof fetch;
  await fetchOidcApi('http://o', f).createToken(client, 'd');
  assert.equal(seen, 'error');
});
