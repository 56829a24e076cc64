import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CreateWebLoginTokenCommand, MWAAClient } from '@aws-sdk/client-mwaa';
import { AirflowClient } from '../../src/core/airflow/airflowClient';
import { invokeRestApiTransport } from '../../src/core/airflow/invokeRestApi';
import { isFinished } from '../../src/core/airflow/models';
import { locateImportError } from '../../src/core/airflow/traceLocation';
import { AirflowHttpError } from '../../src/core/airflow/transportErrors';
import { webLoginSessionTransport } from '../../src/core/airflow/webLoginSession';
import { startSandbox, type RealEnvName, type Sandbox } from '../../sandbox/src/main';
import { CONF_DAG, E2e } from '../../sandbox/src/mwaa/testing/e2eScenario';
import { clientConfig, waitFor } from '../../sandbox/src/mwaa/testing/helpers';
import { TEST_CREDENTIALS } from '../../sandbox/src/mwaa/backends/motoClients';

const SYNTAX_ERROR_DAG = `from airflow import DAG

with DAG(dag_id="broken_syntax" schedule=None) as dag:
    pass
`;

/**
 * Our AirflowClient (src/core/airflow) against real Airflow behind the sandbox's MWAA, through
 * both transports: list DAGs, trigger with conf and see it arrive, follow a run task by task to
 * a failed task named as such, import errors mapped to the file and line.
 */
export function airflowClientSuite(env: RealEnvName, major: 2 | 3): void {
  describe(`AirflowClient on ${env} (real Airflow ${major})`, { timeout: 15 * 60_000 }, () => {
    let sb: Sandbox;
    let e2e: E2e;
    let mwaa: MWAAClient;
    let viaInvoke: AirflowClient;
    let viaSession: AirflowClient;
    const dagId = `client_${major}_${Date.now()}`;

    before(async () => {
      sb = await startSandbox({ envs: [env], realEnvironments: [env], dagSyncIntervalMs: 1000 });
      e2e = new E2e(sb, env, major);
      mwaa = new MWAAClient(clientConfig(sb.endpoints.mwaa));
      const invoke = invokeRestApiTransport({
        environmentName: env, region: 'us-east-1', endpoint: sb.endpoints.mwaa, hostPrefix: false, credentials: async () => TEST_CREDENTIALS,
      });
      const session = webLoginSessionTransport({
        major,
        scheme: 'http', // the sandbox's webserver speaks plain http on loopback
        createWebLoginToken: async (signal) => {
          const out = await mwaa.send(new CreateWebLoginTokenCommand({ Name: env }), { abortSignal: signal });
          return { webToken: out.WebToken!, hostname: out.WebServerHostname! };
        },
      });
      viaInvoke = new AirflowClient({ major, transports: [invoke, session] });
      viaSession = new AirflowClient({ major, transports: [session] });
      await e2e.putDag(`${dagId}.py`, CONF_DAG(dagId));
      await e2e.putDag('broken_syntax.py', SYNTAX_ERROR_DAG);
    });
    after(async () => {
      viaInvoke?.dispose();
      viaSession?.dispose();
      e2e?.destroy();
      mwaa?.destroy();
      await sb?.stop();
    });

    it('lists the uploaded DAG through InvokeRestApi and through a web-login session', async () => {
      for (const client of [viaInvoke, viaSession]) {
        const dag = await waitFor(`${dagId} listed`, async () => (await client.listDags({ pattern: dagId })).items.find((d) => d.dagId === dagId), 180_000, 2000);
        assert.deepEqual(dag.tags, ['sandbox']);
        assert.equal(dag.isPaused, false);
      }
      assert.equal(viaInvoke.transport, 'InvokeRestApi');
    });

    it('triggers with conf, the conf arrives in the run, and the run is followed task by task to the failed task', async () => {
      const run = await viaInvoke.trigger(dagId, { conf: { greeting: 'hello from the toolkit', n: 3 } });
      assert.deepEqual(run.conf, { greeting: 'hello from the toolkit', n: 3 });
      if (major === 3) assert.equal(run.logicalDate, null, 'Airflow 3 run triggered "now" has no logical date');
      const finished = await waitFor(`run ${run.runId} to finish`, async () => {
        const page = await viaInvoke.listRuns([dagId], { limit: 5 });
        const r = page.items.find((x) => x.runId === run.runId);
        return r && isFinished(r.state) ? r : undefined;
      }, 300_000, 2000);
      assert.equal(finished.state, 'failed');
      // One batch call returns every task of the run.
      const tis = await viaInvoke.listTaskInstances(dagId, run.runId);
      const byTask = Object.fromEntries(tis.map((t) => [t.taskId, t]));
      assert.equal(byTask.echo_conf?.state, 'success');
      assert.equal(byTask.explode?.state, 'failed');
      assert.ok((byTask.explode?.tryNumber ?? 0) >= 1);
      // The same through the session transport.
      const viaWeb = await viaSession.listTaskInstances(dagId, run.runId);
      assert.deepEqual(viaWeb.map((t) => t.taskId).sort(), ['echo_conf', 'explode']);
    });

    it('pauses and unpauses', async () => {
      assert.equal((await viaInvoke.setPaused(dagId, true)).isPaused, true);
      assert.equal((await viaInvoke.setPaused(dagId, false)).isPaused, false);
    });

    it('an unknown DAG is Airflow\'s 404, not a transport failure', async () => {
      await assert.rejects(viaInvoke.trigger('no_such_dag_anywhere', {}), (e: unknown) => e instanceof AirflowHttpError && e.status === 404);
      assert.equal(viaInvoke.transport, 'InvokeRestApi');
    });

    it('reports the broken file as an import error mapped to its line', async () => {
      const err = await waitFor('import error for broken_syntax.py', async () => (await viaInvoke.importErrors()).items.find((e) => e.filename.endsWith('broken_syntax.py')), 180_000, 2000);
      // The sandbox's DAGs folder is not /usr/local/airflow/dags: map against its own root.
      const loc = locateImportError(err.stackTrace, err.filename, path.join(sb.runDir, env, 'dags'));
      assert.ok(loc, `not mapped: ${err.stackTrace}`);
      assert.equal(loc.relativePath, 'broken_syntax.py');
      assert.equal(loc.line, 3);
      assert.match(loc.summary, /SyntaxError/);
    });
  });
}
