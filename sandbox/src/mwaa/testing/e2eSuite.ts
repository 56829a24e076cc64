/**
 * The e2e suite body, defined once and run per Airflow major by test/sandbox/e2e.af{2,3}.test.ts
 * (one Airflow at a time: the machine has 2 cores).
 */
import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateCliTokenCommand, CreateWebLoginTokenCommand, MWAAClient } from '@aws-sdk/client-mwaa';
import { startSandbox, type RealEnvName, type Sandbox } from '../../main';
import { BROKEN_DAG, E2e, e2eDag } from './e2eScenario';
import type { MotoHandle } from '../backends/parts';
import { clientConfig, testMoto, waitFor } from './helpers';

export function e2eSuite(env: RealEnvName, major: 2 | 3): void {
  describe(`end to end on ${env} (real Airflow ${major})`, { timeout: 15 * 60_000 }, () => {
    let moto: MotoHandle;
    let sb: Sandbox;
    let e2e: E2e;
    let mwaa: MWAAClient;
    const dagId = `e2e_${major}_${Date.now()}`;
    const marker = `sandbox-e2e-${randomUUID()}`;

    before(async () => {
      moto = await testMoto();
      sb = await startSandbox({ envs: [env], realEnvironments: [env], moto, dagSyncIntervalMs: 1000, invokeTimeoutMs: 3000, log: (l) => console.log(`[sandbox] ${l}`) });
      e2e = new E2e(sb, env, major);
      mwaa = new MWAAClient(clientConfig(sb.endpoints.mwaa));
    });
    after(async () => {
      e2e?.destroy();
      mwaa?.destroy();
      await sb?.stop();
      await moto?.stop();
    });

    it('PutObject DAG -> Airflow -> InvokeRestApi trigger -> success -> MWAA task log stream -> live tail', async () => {
      await e2e.putDag(`${dagId}.py`, e2eDag(dagId, marker));
      await e2e.waitForDag(dagId);
      const tail = await e2e.startLiveTail(`dag_id=${dagId}/`);
      let runId: string;
      try {
        runId = await e2e.trigger(dagId);
        assert.equal(await e2e.waitForRun(dagId, runId), 'success');
        const stream = e2e.taskStream(dagId, runId, 'say');
        assert.ok(!stream.includes(':'), 'CloudWatch stream names carry no ":"');
        const lines = await e2e.taskLogLines(stream);
        assert.ok(lines.some((l) => l.includes(`${marker} line 2`)), `marker in task log:\n${lines.join('\n')}`);
        await waitFor('the live tail to deliver the task lines', async () => tail.events.some((e) => e.message?.includes(`${marker} line 2`)), 30_000, 500);
        assert.ok(tail.events.every((e) => e.logStreamName?.startsWith(`dag_id=${dagId}/`)));
        assert.ok(tail.events.some((e) => e.logStreamName === stream));
      } finally {
        await tail.stop();
      }
    });

    it('the sample project uploads and parses without import errors', { skip: major !== 2 && 'the sample project targets Airflow 2.11' }, async () => {
      const root = path.resolve(__dirname, '../../../../../sandbox/sample-project/dags');
      const files = fs.readdirSync(root, { recursive: true, withFileTypes: true }).filter((f) => f.isFile() && !f.parentPath.includes('__pycache__'));
      for (const f of files) {
        const rel = path.relative(root, path.join(f.parentPath, f.name));
        await e2e.putDag(rel, fs.readFileSync(path.join(root, rel), 'utf8'));
      }
      for (const dag of ['orders_etl', 'legacy_reports', 's3_inventory']) {
        await waitFor(`sample DAG ${dag}`, async () => (await e2e.api('GET', `/dags/${dag}`)).json.RestApiStatusCode === 200, 180_000, 2000);
      }
      const errors = (await e2e.api('GET', '/importErrors')).json.RestApiResponse as { import_errors: Array<{ filename: string; stack_trace: string }> };
      const sampleErrors = errors.import_errors.filter((x) => !x.filename.endsWith('broken_dag.py'));
      assert.deepEqual(sampleErrors, []);
    });

    it('a broken DAG shows its import error through InvokeRestApi /importErrors', async () => {
      await e2e.putDag('broken_dag.py', BROKEN_DAG);
      const err = await waitFor('the import error', async () => {
        const r = await e2e.api('GET', '/importErrors');
        const list = (r.json.RestApiResponse as { import_errors?: Array<{ filename: string; stack_trace: string }> }).import_errors ?? [];
        return list.find((x) => x.filename.endsWith('broken_dag.py'));
      }, 180_000, 2000);
      assert.match(err.stack_trace, /this_module_does_not_exist_anywhere/);
    });

    it('InvokeRestApi: Path limit, RestApiClientException and RestApiServerException shapes', async () => {
      const long = await e2e.api('GET', `/dags/${'x'.repeat(60)}`);
      assert.equal(long.status, 400);
      assert.equal(long.headers['x-amzn-errortype'], 'ValidationException');
      assert.match(String(long.json.message), /length less than or equal to 64/);
      const missing = await e2e.api('GET', '/dags/no_such_dag');
      assert.equal(missing.status, 400);
      assert.equal(missing.headers['x-amzn-errortype'], 'RestApiClientException');
      assert.equal(missing.json.RestApiStatusCode, 404);
      assert.ok(missing.json.RestApiResponse && typeof missing.json.RestApiResponse === 'object');
      await fetch(sb.endpoints.faults, { method: 'POST', body: JSON.stringify({ rules: [{ kind: 'serverError', service: 'webserver', operation: 'api', count: 1, status: 503 }] }) });
      const down = await e2e.api('GET', '/dags');
      assert.equal(down.status, 400);
      assert.equal(down.headers['x-amzn-errortype'], 'RestApiServerException');
      assert.equal(down.json.RestApiStatusCode, 503);
      // A webserver slower than the timeout (3 s in this suite, 10 s on MWAA).
      await fetch(sb.endpoints.faults, { method: 'POST', body: JSON.stringify({ rules: [{ kind: 'latency', service: 'webserver', operation: 'api', count: 1, latencyMs: 4000 }] }) });
      const slow = await e2e.api('GET', '/dags');
      assert.equal(slow.headers['x-amzn-errortype'], 'RestApiServerException');
      assert.equal(slow.json.RestApiStatusCode, 504);
      const ok = await e2e.api('GET', '/dags', { QueryParameters: { limit: 1 } });
      assert.equal(ok.json.RestApiStatusCode, 200);
      assert.equal((ok.json.RestApiResponse as { dags: unknown[] }).dags.length, 1);
    });

    it('CreateCliToken + /aws_mwaa/cli runs the real Airflow CLI', async () => {
      const { CliToken, WebServerHostname } = await mwaa.send(new CreateCliTokenCommand({ Name: env }));
      const cli = async (command: string) => {
        const r = await fetch(`http://${WebServerHostname}/aws_mwaa/cli`, { method: 'POST', headers: { authorization: `Bearer ${CliToken}`, 'content-type': 'text/plain' }, body: command });
        assert.equal(r.status, 200);
        const body = await r.json() as { stdout: string; stderr: string };
        return { stdout: Buffer.from(body.stdout, 'base64').toString(), stderr: Buffer.from(body.stderr, 'base64').toString() };
      };
      const version = await cli('version');
      assert.match(version.stdout.trim(), new RegExp(`^${major}\\.\\d+\\.\\d+`));
      const list = await cli('dags list -o json');
      // The CLI may print log lines (themselves starting with "[") before the JSON document.
      const json = list.stdout.split('\n').find((l) => l.startsWith('[{') || l.trim() === '[]');
      assert.ok(json, `JSON in stdout:\n${list.stdout}\n${list.stderr}`);
      assert.ok((JSON.parse(json) as Array<{ dag_id: string }>).some((d) => d.dag_id === dagId), list.stdout);
    });

    it(`CreateWebLoginToken + ${major === 2 ? '/aws_mwaa/login (session cookie)' : '/pluginsv2/aws_mwaa/login (_token JWT)'} authorises the REST API`, async () => {
      const { WebToken, WebServerHostname } = await mwaa.send(new CreateWebLoginTokenCommand({ Name: env }));
      const host = `http://${WebServerHostname}`;
      const loginPath = major === 2 ? '/aws_mwaa/login' : '/pluginsv2/aws_mwaa/login';
      const login = await fetch(`${host}${loginPath}`, { method: 'POST', body: new URLSearchParams({ token: WebToken! }), redirect: 'manual' });
      assert.equal(login.status, 302);
      const cookie = login.headers.get('set-cookie') ?? '';
      let headers: Record<string, string>;
      if (major === 2) {
        const session = /session=([^;]+)/.exec(cookie)?.[1];
        assert.ok(session);
        headers = { cookie: `session=${session}` };
      } else {
        const jwt = /_token=([^;]+)/.exec(cookie)?.[1];
        assert.equal(jwt?.split('.').length, 3, 'a JWT');
        headers = { authorization: `Bearer ${jwt}` };
      }
      const dags = await fetch(`${host}/api/v${major === 2 ? 1 : 2}/dags?limit=100`, { headers });
      assert.equal(dags.status, 200);
      assert.ok(((await dags.json()) as { dags: Array<{ dag_id: string }> }).dags.some((d) => d.dag_id === dagId));
      const other = await fetch(`${host}/api/v${major === 2 ? 2 : 1}/dags`, { headers });
      assert.ok(other.status === 401 || other.status === 404);
      const reused = await fetch(`${host}${loginPath}`, { method: 'POST', body: new URLSearchParams({ token: WebToken! }), redirect: 'manual' });
      assert.equal(reused.status, 401, 'a web login token works once');

      // Browser path: the SSO page posts the fragment token; the cookie then opens Airflow's own UI.
      const sso = await mwaa.send(new CreateWebLoginTokenCommand({ Name: env }));
      const page = await fetch(`${host}/aws_mwaa/aws-console-sso?login=true`);
      assert.match(await page.text(), /location\.hash/);
      const posted = await fetch(`${host}/aws_mwaa/aws-console-sso`, { method: 'POST', body: new URLSearchParams({ token: sso.WebToken! }), redirect: 'manual' });
      assert.equal(posted.status, 302);
      const uiCookie = (posted.headers.get('set-cookie') ?? '').split(';')[0]!;
      const ui = await fetch(`${host}${posted.headers.get('location')}`, { headers: { cookie: uiCookie }, redirect: 'manual' });
      assert.equal(ui.status, 200, 'the Airflow UI accepts the session');
      assert.match(await ui.text(), /<html/i);
    });
  });
}
