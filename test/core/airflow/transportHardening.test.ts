/**
 * Credentials stay where they were meant to go: no redirect is followed by the transports that
 * carry a SigV4 signature, a CLI token or a web-login session; plain http only to a loopback web
 * server; one retry loop for InvokeRestApi that also covers network failures and ends on abort.
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { mwaaCli } from '../../../src/core/airflow/cliToken';
import { invokeRestApiTransport } from '../../../src/core/airflow/invokeRestApi';
import { AirflowHttpError, TransportUnavailableError } from '../../../src/core/airflow/transportErrors';
import { webLoginSessionTransport } from '../../../src/core/airflow/webLoginSession';

interface Seen { url?: string; headers: http.IncomingHttpHeaders; body: string }

/** A server answering with `answer`; records every request. */
async function server(answer: (req: http.IncomingMessage) => { status: number; headers?: Record<string, string | string[]>; body?: string }) {
  const seen: Seen[] = [];
  const s = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ url: req.url, headers: req.headers, body });
      const out = answer(req);
      res.writeHead(out.status, { 'content-type': 'application/json', ...(out.headers ?? {}) });
      res.end(out.body ?? '');
    });
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return { seen, url: `http://127.0.0.1:${(s.address() as AddressInfo).port}`, close: () => new Promise<void>((r) => s.close(() => r())) };
}

let elsewhere: Awaited<ReturnType<typeof server>>;
let redirecting: Awaited<ReturnType<typeof server>>;
before(async () => {
  // Another origin (another port is another origin) that must never see a request.
  elsewhere = await server(() => ({ status: 200, body: JSON.stringify({ RestApiStatusCode: 200, RestApiResponse: { stolen: true }, stdout: '', stderr: '' }) }));
  redirecting = await server(() => ({ status: 307, headers: { location: `${elsewhere.url}/collect?token=SECRET-IN-QUERY#frag` } }));
});
after(async () => {
  await elsewhere.close();
  await redirecting.close();
});

const creds = async () => ({ accessKeyId: 'test-key-id', secretAccessKey: 'test-secret', sessionToken: 'SESSION-TOKEN-VALUE' });

test('InvokeRestApi: a 307 to another origin is not followed; the signature, session token and body stay put', async () => {
  elsewhere.seen.length = 0;
  const t = invokeRestApiTransport({ environmentName: 'env-1', region: 'eu-west-1', endpoint: redirecting.url, hostPrefix: false, credentials: creds });
  await assert.rejects(t.request({ method: 'POST', path: '/dags/etl/dagRuns', body: { conf: { secret: 1 } } }), (e: unknown) => {
    assert.ok(e instanceof TransportUnavailableError, String(e));
    assert.equal(e.reason, 'redirected');
    assert.match(e.message, new RegExp(`answered HTTP 307 redirecting to ${elsewhere.url.replace(/[.]/g, '\\.')}/collect; not followed`));
    assert.doesNotMatch(e.message, /SECRET-IN-QUERY|SESSION-TOKEN-VALUE|frag/);
    return true;
  });
  assert.equal(elsewhere.seen.length, 0, 'nothing reached the other origin');
  assert.equal(redirecting.seen.length > 0, true);
});

test('Airflow CLI: a redirect is not followed; the CLI token and the command stay put', async () => {
  elsewhere.seen.length = 0;
  const host = redirecting.url.replace('http://', '');
  const cli = mwaaCli({ scheme: 'http', createCliToken: async () => ({ cliToken: 'CLI-TOKEN-VALUE', hostname: host }) });
  await assert.rejects(cli.run('dags list'), (e: unknown) => {
    assert.match(String((e as Error).message), /answered HTTP 307 redirecting to http:\/\/127\.0\.0\.1:\d+\/collect; not followed/);
    assert.doesNotMatch(String((e as Error).message), /CLI-TOKEN-VALUE|SECRET-IN-QUERY/);
    return true;
  });
  assert.equal(elsewhere.seen.length, 0);
});

test('web login session: a redirect after a fresh login is an error naming where it pointed, never followed', async () => {
  elsewhere.seen.length = 0;
  const airflow = await server((req): { status: number; headers: Record<string, string | string[]> } => (req.url === '/aws_mwaa/login'
    ? { status: 302, headers: { 'set-cookie': ['session=COOKIE-VALUE; Path=/'], location: '/home' } }
    : { status: 302, headers: { location: `${elsewhere.url}/login?next=SECRET-IN-QUERY` } }));
  try {
    const t = webLoginSessionTransport({ major: 2, scheme: 'http', createWebLoginToken: async () => ({ webToken: 'WEB-TOKEN', hostname: airflow.url.replace('http://', '') }) });
    await assert.rejects(t.request({ method: 'GET', path: '/dags' }), (e: unknown) => {
      assert.ok(e instanceof AirflowHttpError);
      assert.equal(e.status, 302);
      assert.match(e.message, /redirected to http:\/\/127\.0\.0\.1:\d+\/login \(not followed\)/);
      assert.doesNotMatch(e.message, /SECRET-IN-QUERY|COOKIE-VALUE|WEB-TOKEN/);
      return true;
    });
    assert.equal(elsewhere.seen.length, 0);
  } finally {
    await airflow.close();
  }
});

test('plain http only to a loopback web server: a host elsewhere gets https even behind a local endpoint', async () => {
  const urls: string[] = [];
  const recording = (async (url: string | URL) => {
    urls.push(String(url));
    throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
  }) as typeof fetch;
  const session = webLoginSessionTransport({ major: 2, scheme: 'http', fetch: recording, createWebLoginToken: async () => ({ webToken: 'w', hostname: 'webserver.corp.example:8080' }) });
  await assert.rejects(session.request({ method: 'GET', path: '/dags' }), TransportUnavailableError);
  const cli = mwaaCli({ scheme: 'http', fetch: recording, createCliToken: async () => ({ cliToken: 't', hostname: 'webserver.corp.example' }) });
  await assert.rejects(cli.run('version'), TransportUnavailableError);
  const loopback = webLoginSessionTransport({ major: 2, scheme: 'http', fetch: recording, createWebLoginToken: async () => ({ webToken: 'w', hostname: 'localhost:8080' }) });
  await assert.rejects(loopback.request({ method: 'GET', path: '/dags' }), TransportUnavailableError);
  assert.deepEqual(urls, ['https://webserver.corp.example:8080/aws_mwaa/login', 'https://webserver.corp.example/aws_mwaa/cli', 'http://localhost:8080/aws_mwaa/login']);
});

test('InvokeRestApi: network failures are retried with backoff (same loop as throttling), then succeed', async () => {
  let calls = 0;
  const flaky = (async () => {
    if (++calls < 3) throw Object.assign(new TypeError('fetch failed'), { cause: { code: calls === 1 ? 'ECONNRESET' : 'UND_ERR_SOCKET' } });
    return new Response(JSON.stringify({ RestApiStatusCode: 200, RestApiResponse: { ok: true } }), { status: 200 });
  }) as typeof fetch;
  const t = invokeRestApiTransport({ environmentName: 'env-1', region: 'eu-west-1', endpoint: 'https://airflow.eu-west-1.amazonaws.com', hostPrefix: true, credentials: creds, fetch: flaky, maxAttempts: 3 });
  assert.deepEqual((await t.request({ method: 'GET', path: '/health' })).json, { ok: true });
  assert.equal(calls, 3);
  // Still unreachable after the last attempt: the transport is unavailable (the client falls back).
  calls = -10;
  await assert.rejects(t.request({ method: 'GET', path: '/health' }), (e: unknown) => e instanceof TransportUnavailableError && e.reason === 'network');
  assert.equal(calls, -7, 'three attempts');
});

test('InvokeRestApi: an abort during the backoff wait ends the call at once', async () => {
  let calls = 0;
  const throttled = (async () => {
    calls++;
    return new Response(JSON.stringify({ Message: 'Rate exceeded' }), { status: 429, headers: { 'x-amzn-errortype': 'ThrottlingException' } });
  }) as typeof fetch;
  const t = invokeRestApiTransport({ environmentName: 'env-1', region: 'eu-west-1', endpoint: 'https://airflow.eu-west-1.amazonaws.com', hostPrefix: true, credentials: creds, fetch: throttled, maxAttempts: 50 });
  const abort = new AbortController();
  const started = Date.now();
  setTimeout(() => abort.abort(), 50);
  await assert.rejects(t.request({ method: 'GET', path: '/health' }, abort.signal), (e: unknown) => (e as Error).name === 'AbortError');
  assert.ok(Date.now() - started < 1_000, `took ${Date.now() - started} ms`);
  assert.ok(calls < 5, `${calls} calls`);
});
