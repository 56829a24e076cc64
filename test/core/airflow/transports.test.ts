import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { AirflowClient, NoTransportError } from '../../../src/core/airflow/airflowClient';
import { invokeRestApiTransport } from '../../../src/core/airflow/invokeRestApi';
import type { AirflowTransport } from '../../../src/core/airflow/transport';
import { AirflowHttpError, TransportUnavailableError } from '../../../src/core/airflow/transportErrors';
import { webLoginSessionTransport } from '../../../src/core/airflow/webLoginSession';
import { validateWebserverHost } from '../../../src/core/airflow/webserverHost';

// A local HTTP server playing MWAA's InvokeRestApi and an Airflow webserver, scripted per test.
type Handler = (req: http.IncomingMessage, body: string) => { status: number; headers?: Record<string, string | string[]>; body?: unknown };
let handler: Handler;
const seen: { method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string }[] = [];
let server: http.Server;
let base: string;

before(async () => {
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body });
      const out = handler(req, body);
      res.writeHead(out.status, { 'content-type': 'application/json', ...(out.headers ?? {}) });
      res.end(out.body === undefined ? '' : typeof out.body === 'string' ? out.body : JSON.stringify(out.body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

const creds = async () => ({ accessKeyId: 'test-key-id', secretAccessKey: 'test-secret' });
const invoke = (maxAttempts = 3) => invokeRestApiTransport({ environmentName: 'env-1', region: 'eu-west-1', endpoint: base, hostPrefix: false, credentials: creds, maxAttempts });

test('InvokeRestApi: a SigV4-signed POST /restapi/{Name} for service airflow, response unwrapped', async () => {
  seen.length = 0;
  handler = () => ({ status: 200, body: { RestApiStatusCode: 200, RestApiResponse: { dags: [], total_entries: 0 } } });
  const res = await invoke().request({ method: 'GET', path: '/dags', query: { limit: 5 } });
  assert.deepEqual(res, { status: 200, json: { dags: [], total_entries: 0 } });
  const req = seen[0]!;
  assert.equal(req.method, 'POST');
  assert.equal(req.url, '/restapi/env-1');
  assert.match(String(req.headers.authorization), /^AWS4-HMAC-SHA256 Credential=test-key-id\/\d{8}\/eu-west-1\/airflow\/aws4_request, SignedHeaders=[^,]*host[^,]*, Signature=[0-9a-f]{64}$/);
  assert.deepEqual(JSON.parse(req.body), { Method: 'GET', Path: '/dags', QueryParameters: { limit: 5 } });
});

test('InvokeRestApi: Airflow errors come back as AirflowHttpError with Airflow\'s status and body', async () => {
  handler = () => ({ status: 400, headers: { 'x-amzn-errortype': 'RestApiClientException' }, body: { RestApiStatusCode: 404, RestApiResponse: { detail: 'DAG with dag_id: nope not found', status: 404 } } });
  await assert.rejects(invoke().request({ method: 'GET', path: '/dags/nope' }), (err: unknown) => {
    assert.ok(err instanceof AirflowHttpError);
    assert.equal(err.status, 404);
    assert.match(err.message, /404: DAG with dag_id: nope not found/);
    return true;
  });
});

test('InvokeRestApi: denied, not enabled, and too-long paths make the transport unavailable', async () => {
  handler = () => ({ status: 403, headers: { 'x-amzn-errortype': 'AccessDeniedException' }, body: { Message: 'not authorized to perform: airflow:InvokeRestApi on resource: ...role/env-1/Admin' } });
  await assert.rejects(invoke().request({ method: 'GET', path: '/dags' }), (e: unknown) => e instanceof TransportUnavailableError && e.reason === 'accessDenied');
  handler = () => ({ status: 400, headers: { 'x-amzn-errortype': 'ValidationException' }, body: { Message: 'Update your environment to use InvokeRestApi.' } });
  await assert.rejects(invoke().request({ method: 'GET', path: '/dags' }), (e: unknown) => e instanceof TransportUnavailableError && e.reason === 'needsUpdate');
  seen.length = 0;
  const long = `/dags/${'x'.repeat(30)}/dagRuns/${'y'.repeat(30)}`;
  await assert.rejects(invoke().request({ method: 'GET', path: long }), (e: unknown) => e instanceof TransportUnavailableError && e.reason === 'pathTooLong' && e.scope === 'request');
  assert.equal(seen.length, 0, 'a too-long path is refused before any call');
});

test('InvokeRestApi: throttling is retried with backoff, then succeeds', async () => {
  let n = 0;
  handler = () => (++n < 3 ? { status: 429, headers: { 'x-amzn-errortype': 'ThrottlingException' }, body: { Message: 'Rate exceeded' } } : { status: 200, body: { RestApiStatusCode: 200, RestApiResponse: { ok: true } } });
  assert.deepEqual((await invoke(3).request({ method: 'GET', path: '/health' })).json, { ok: true });
  assert.equal(n, 3);
  n = 0;
  await assert.rejects(invoke(2).request({ method: 'GET', path: '/health' }), /ThrottlingException/);
});

test('web login (Airflow 2): session cookie from /aws_mwaa/login, sent only to the token host; relogin once on 401', async () => {
  seen.length = 0;
  let logins = 0;
  let apiCalls = 0;
  handler = (req, body) => {
    if (req.url === '/aws_mwaa/login') {
      assert.equal(body, `token=web-token-${logins + 1}`);
      logins++;
      return { status: 302, headers: { 'set-cookie': [`session=cookie-${logins}; HttpOnly; Path=/`], location: '/home' } };
    }
    apiCalls++;
    // The first API call finds the session expired.
    if (apiCalls === 1) return { status: 401, body: { title: 'Unauthorized' } };
    return req.headers.cookie === `session=cookie-${logins}` ? { status: 200, body: { dags: [{ dag_id: 'a' }], total_entries: 1 } } : { status: 401 };
  };
  let tokens = 0;
  const host = base.replace('http://', '');
  const t = webLoginSessionTransport({ major: 2, scheme: 'http', createWebLoginToken: async () => ({ webToken: `web-token-${++tokens}`, hostname: host }) });
  const res = await t.request({ method: 'GET', path: '/dags', query: { limit: 1 } });
  assert.deepEqual(res.json, { dags: [{ dag_id: 'a' }], total_entries: 1 });
  assert.equal(logins, 2);
  assert.deepEqual(seen.map((s) => s.url), ['/aws_mwaa/login', '/api/v1/dags?limit=1', '/aws_mwaa/login', '/api/v1/dags?limit=1']);
  // Later calls reuse the session.
  await t.request({ method: 'GET', path: '/dags' });
  assert.equal(logins, 2);
});

test('web login (Airflow 3): the _token JWT goes as a bearer token to /api/v2', async () => {
  seen.length = 0;
  handler = (req) => (req.url === '/pluginsv2/aws_mwaa/login'
    ? { status: 302, headers: { 'set-cookie': ['_token=header.payload.sig; Path=/'], location: '/' } }
    : { status: req.headers.authorization === 'Bearer header.payload.sig' ? 200 : 401, body: { import_errors: [], total_entries: 0 } });
  const t = webLoginSessionTransport({ major: 3, scheme: 'http', createWebLoginToken: async () => ({ webToken: 'w', hostname: base.replace('http://', '') }) });
  assert.equal((await t.request({ method: 'GET', path: '/importErrors' })).status, 200);
  assert.equal(seen[1]!.url, '/api/v2/importErrors');
});

test('a webserver host that is not a bare host[:port] is refused before any credential is sent', async () => {
  seen.length = 0;
  for (const bad of ['evil.example/path', 'user:pw@host', 'host?x=1', 'host#frag', '', 'https://a.example/x']) {
    assert.throws(() => validateWebserverHost(bad), /refusing to send credentials/, bad);
  }
  assert.equal(validateWebserverHost('abc123.c7.us-east-1.airflow.amazonaws.com'), 'abc123.c7.us-east-1.airflow.amazonaws.com');
  assert.equal(validateWebserverHost('https://x.on.aws'), 'x.on.aws');
  const t = webLoginSessionTransport({ major: 2, scheme: 'http', createWebLoginToken: async () => ({ webToken: 'w', hostname: 'evil.example/steal' }) });
  await assert.rejects(t.request({ method: 'GET', path: '/dags' }), /refusing to send credentials/);
  assert.equal(seen.length, 0);
});

// ---- fallback matrix with scripted transports ----

function scripted(kind: AirflowTransport['kind'], outcomes: Array<Error | unknown>): AirflowTransport & { calls: number } {
  const t = {
    kind,
    calls: 0,
    async request() {
      const o = outcomes[Math.min(t.calls++, outcomes.length - 1)];
      if (o instanceof Error) throw o;
      return { status: 200, json: o };
    },
  };
  return t;
}

test('fallback: InvokeRestApi denied -> web session used and remembered for the next calls', async () => {
  const invokeT = scripted('InvokeRestApi', [new TransportUnavailableError('accessDenied', 'denied')]);
  const web = scripted('WebLoginSession', [{ dags: [], total_entries: 0 }]);
  const changes: string[] = [];
  const c = new AirflowClient({ major: 2, transports: [invokeT, web], onTransportChange: (k) => changes.push(k) });
  await c.listDags();
  await c.listDags();
  assert.equal(invokeT.calls, 1);
  assert.equal(web.calls, 2);
  assert.equal(c.transport, 'WebLoginSession');
  assert.deepEqual(changes, ['WebLoginSession']);
});

test('fallback: a too-long path uses the web session for that request only', async () => {
  const invokeT = scripted('InvokeRestApi', [new TransportUnavailableError('pathTooLong', 'long', 'request'), { total_entries: 0 }]);
  const web = scripted('WebLoginSession', [{ total_entries: 0 }]);
  const c = new AirflowClient({ major: 2, transports: [invokeT, web] });
  await c.call({ method: 'GET', path: '/x'.repeat(40) });
  assert.equal(c.transport, 'InvokeRestApi');
  await c.call({ method: 'GET', path: '/dags' });
  assert.deepEqual([invokeT.calls, web.calls], [2, 1]);
});

test('an answer from Airflow is final: no fallback on 404', async () => {
  const invokeT = scripted('InvokeRestApi', [new AirflowHttpError(404, { detail: 'no such DAG' }, 'InvokeRestApi')]);
  const web = scripted('WebLoginSession', [{}]);
  const c = new AirflowClient({ major: 3, transports: [invokeT, web] });
  await assert.rejects(c.trigger('nope', {}), AirflowHttpError);
  assert.equal(web.calls, 0);
});

test('a remembered transport is tried first; when all fail the error lists each reason', async () => {
  const invokeT = scripted('InvokeRestApi', [new TransportUnavailableError('needsUpdate', 'Update your environment to use InvokeRestApi')]);
  const web = scripted('WebLoginSession', [new TransportUnavailableError('privateWebserver', 'cannot reach the Airflow webserver h (ENOTFOUND)')]);
  const c = new AirflowClient({ major: 2, transports: [invokeT, web], preferred: 'WebLoginSession' });
  await assert.rejects(c.importErrors(), (e: unknown) => {
    assert.ok(e instanceof NoTransportError);
    assert.deepEqual(e.reasons.map((r) => r.kind), ['WebLoginSession', 'InvokeRestApi']);
    assert.match(e.message, /Update your environment/);
    assert.match(e.message, /ENOTFOUND/);
    return true;
  });
});

test('all DAGs are paged beyond 100', async () => {
  const pages = [0, 1, 2].map((p) => ({ dags: Array.from({ length: p < 2 ? 100 : 37 }, (_, i) => ({ dag_id: `d${p * 100 + i}` })), total_entries: 237 }));
  const t = scripted('InvokeRestApi', pages);
  const c = new AirflowClient({ major: 3, transports: [t] });
  const ids: string[] = [];
  for await (const page of c.allDags()) ids.push(...page.map((d) => d.dagId));
  assert.equal(ids.length, 237);
  assert.equal(new Set(ids).size, 237);
  assert.equal(t.calls, 3);
});
