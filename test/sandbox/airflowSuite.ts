/**
 * The real-Airflow checks, shared by airflow2.test.ts and airflow3.test.ts: one environment
 * (with its own moto) is started once per file and stopped in after().
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CloudWatchLogsClient, DescribeLogStreamsCommand, FilterLogEventsCommand, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { startAirflow, type AirflowHandle } from '../../sandbox/src/airflow';
import { SANDBOX_CREDENTIALS, startMoto, type MotoHandle } from '../../sandbox/src/moto';
import { waitFor } from '../../sandbox/src/mwaa/testing/helpers';

/** What these checks read of the Airflow REST API's answers (v1 and v2 use the same names). */
interface ApiJson {
  version?: string;
  dags?: { dag_id: string; is_paused: boolean }[];
  dag_run_id?: string;
  conf?: unknown;
  state?: string;
  task_instances?: { task_id: string; state: string }[];
  import_errors?: { filename: string; stack_trace: string; bundle_name?: unknown }[];
}

const DAG = `
import logging
import os
from datetime import datetime

try:  # Airflow 3
    from airflow.sdk import dag, task
except ImportError:  # Airflow 2
    from airflow.decorators import dag, task


@dag(dag_id="sandbox_hello", schedule=None, start_date=datetime(2024, 1, 1), catchup=False, tags=["sandbox"])
def sandbox_hello():
    @task
    def say(**context):
        greeting = context["dag_run"].conf.get("greeting", "none")
        logging.getLogger("airflow.task").info("sandbox greeting=%s", greeting)
        logging.getLogger("airflow.task").info(
            "sandbox aws profile=%s config=%s", os.environ.get("AWS_PROFILE"), os.environ.get("AWS_CONFIG_FILE")
        )
        return greeting

    say()


sandbox_hello()
`;

const LEAK_CANARIES: Record<string, string> = {
  AWS_PROFILE: 'developer-real-profile',
  AWS_ACCESS_KEY_ID: 'AKIDPARENTCANARY',
  AWS_SECRET_ACCESS_KEY: 'parent-secret-canary',
  AWS_SESSION_TOKEN: 'parent-session-canary',
  AWS_CONFIG_FILE: '/nonexistent/parent/.aws/config',
};

const BROKEN_DAG = `
from airflow import DAG

def broken(:
    pass
`;


export function airflowSuite(major: 2 | 3): void {
  describe(`real Airflow ${major}.x`, { timeout: 15 * 60_000 }, () => {
    const name = `sandbox-af${major}`;
    let runDir: string;
    let moto: MotoHandle;
    let af: AirflowHandle;
    let logs: CloudWatchLogsClient;
    let runId: string;
    let failed = false;
    const greeting = `hi-${process.pid}-${Date.now()}`;

    const api = async (method: string, p: string, body?: unknown): Promise<{ status: number; json: ApiJson }> => {
      const res = await fetch(`${af.baseUrl}${af.apiPrefix}${p}`, {
        method,
        headers: { ...(await af.authHeaders()), 'Content-Type': 'application/json' },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(15_000),
      });
      const text = await res.text();
      let json: unknown = text;
      try { json = JSON.parse(text); } catch { /* not JSON */ }
      return { status: res.status, json: json as ApiJson };
    };

    before(async () => {
      runDir = fs.mkdtempSync(path.join(os.tmpdir(), `mwaa-${name}-test-`));
      moto = await startMoto({ runDir });
      const t0 = Date.now();
      // Stand-ins for a developer's real AWS settings: none of them may reach Airflow.
      const saved = { ...process.env };
      Object.assign(process.env, LEAK_CANARIES);
      try {
        af = await startAirflow({
          name, major, dagsDir: path.join(runDir, 'dags'), homeDir: path.join(runDir, 'home'),
          motoEndpoint: moto.endpoint, taskLogGroup: `airflow-${name}-Task`,
        });
      } finally {
        for (const k of Object.keys(LEAK_CANARIES)) {
          if (saved[k] === undefined) delete process.env[k];
          else process.env[k] = saved[k];
        }
      }
      const mem = af.rssMiB();
      console.log(`# ${name}: Airflow ${af.version} ready in ${Date.now() - t0} ms `
        + `(REST API ${af.timings.apiReadyMs} ms, db migrate ${af.timings.migrateMs} ms, venv check ${af.timings.installMs} ms); RSS ${mem} MiB`);
      logs = new CloudWatchLogsClient({ region: 'us-east-1', endpoint: moto.endpoint, credentials: SANDBOX_CREDENTIALS, disableHostPrefix: true });
    }, { timeout: 20 * 60_000 });

    after(async () => {
      logs?.destroy();
      await af?.stop();
      await moto?.stop();
      if (failed) console.log(`# ${name}: kept ${runDir} for inspection`);
      else fs.rmSync(runDir, { recursive: true, force: true });
    });

    const t = (title: string, fn: () => Promise<void>, timeout = 180_000): void => {
      test(title, { timeout }, async () => {
        try {
          await fn();
        } catch (err) {
          failed = true;
          throw err;
        }
      });
    };

    t('the environment runs the pinned Airflow on 127.0.0.1 with the REST API of its major', async () => {
      assert.match(af.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.equal(af.version.split('.')[0], String(major));
      assert.equal(af.apiPrefix, major === 2 ? '/api/v1' : '/api/v2');
      const version = await api('GET', '/version');
      assert.equal(version.status, 200);
      assert.equal(version.json.version, af.version);
      const anonymous = await fetch(`${af.baseUrl}${af.apiPrefix}/dags`);
      assert.ok([401, 403].includes(anonymous.status), `the REST API must require credentials (got ${anonymous.status})`);
    });

    t('Airflow processes see only the sandbox\'s AWS settings, never the parent\'s', async () => {
      const envs = af.pids().map((pid) => {
        try {
          return fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
        } catch {
          return '';
        }
      }).filter((e) => e.includes(`AIRFLOW_HOME=${af.homeDir}\0`)); // setproctitle'd processes lose theirs
      assert.ok(envs.length >= 1, 'at least one process environment is readable');
      for (const e of envs) {
        for (const [k, v] of Object.entries(LEAK_CANARIES)) assert.ok(!e.includes(`${k}=${v}`), `${k} leaked into Airflow`);
        assert.ok(e.includes(`AWS_CONFIG_FILE=${path.join(af.homeDir, 'aws', 'config')}\0`));
        assert.ok(e.includes(`AWS_SHARED_CREDENTIALS_FILE=${path.join(af.homeDir, 'aws', 'credentials')}\0`));
        assert.ok(e.includes('AWS_ACCESS_KEY_ID=AKIDSANDBOX\0'));
      }
    });

    t('a DAG file put in the dags folder appears in GET /dags', async () => {
      fs.writeFileSync(path.join(af.dagsDir, 'sandbox_hello.py'), DAG);
      const dag = await waitFor('sandbox_hello in GET /dags', async () => {
        const r = await api('GET', '/dags?limit=100');
        return r.json.dags?.find((d) => d.dag_id === 'sandbox_hello');
      }, 120_000);
      assert.equal(dag.is_paused, false, 'dags_are_paused_at_creation=False');
    });

    t('a run triggered over REST with conf succeeds', async () => {
      const body: Record<string, unknown> = { conf: { greeting } };
      if (major === 3) body.logical_date = null; // required-but-nullable in 3.x
      const trig = await api('POST', '/dags/sandbox_hello/dagRuns', body);
      assert.equal(trig.status, 200, JSON.stringify(trig.json));
      assert.ok(trig.json.dag_run_id, JSON.stringify(trig.json));
      runId = trig.json.dag_run_id;
      assert.deepEqual(trig.json.conf, { greeting });
      const state = await waitFor('the run to finish', async () => {
        const r = await api('GET', `/dags/sandbox_hello/dagRuns/${encodeURIComponent(runId)}`);
        const s = r.json.state;
        return s === 'success' || s === 'failed' ? s : undefined;
      }, 150_000);
      assert.equal(state, 'success');
      const tis = await api('GET', `/dags/sandbox_hello/dagRuns/${encodeURIComponent(runId)}/taskInstances`);
      assert.deepEqual(tis.json.task_instances?.map((ti) => [ti.task_id, ti.state]), [['say', 'success']]);
    }, 240_000);

    t('the task log lines arrive in moto CloudWatch Logs under MWAA\'s stream name', async () => {
      assert.ok(runId, 'needs the run of the previous test');
      const stream = `dag_id=sandbox_hello/run_id=${runId}/task_id=say/attempt=1.log`.replaceAll(':', '_');
      const events = await waitFor<FilteredLogEvent[]>(`the greeting in ${af.logGroups.task} / ${stream}`, async () => {
        const r = await logs.send(new FilterLogEventsCommand({ logGroupName: af.logGroups.task, logStreamNames: [stream] }));
        const evs = r.events ?? [];
        return evs.some((e) => e.message?.includes(`sandbox greeting=${greeting}`)) ? evs : undefined;
      }, 60_000);
      assert.ok(events.every((e) => e.logStreamName === stream));
      const line = events.find((e) => e.message?.includes(`sandbox greeting=${greeting}`))!;
      if (major === 3) {
        // Airflow 3 (like MWAA 3.x) ships structlog event dicts as JSON.
        const parsed = JSON.parse(line.message!) as { event: string };
        assert.equal(parsed.event, `sandbox greeting=${greeting}`);
      }
      assert.ok(line.timestamp! > Date.now() - 30 * 60_000, 'event time is the log record time');
      // The task (where DAG code calls boto3) sees the sandbox's scratch AWS config, no profile.
      const aws = events.find((e) => e.message?.includes('sandbox aws profile='));
      assert.ok(aws, 'the task logged its AWS environment');
      assert.ok(aws.message!.includes(`sandbox aws profile=None config=${path.join(af.homeDir, 'aws', 'config')}`), aws.message);
    }, 90_000);

    t('a broken DAG file shows up in GET /importErrors', async () => {
      fs.writeFileSync(path.join(af.dagsDir, 'broken_dag.py'), BROKEN_DAG);
      const err = await waitFor('broken_dag.py in /importErrors', async () => {
        const r = await api('GET', '/importErrors');
        return r.json.import_errors?.find((e) => e.filename.endsWith('broken_dag.py'));
      }, 120_000);
      assert.match(err.stack_trace, /SyntaxError|invalid syntax/);
      if (major === 3) assert.equal(typeof err.bundle_name, 'string');
    });

    t('runCli runs this environment\'s airflow CLI', async () => {
      const r = await af.runCli(['dags', 'list', '-o', 'json']);
      assert.equal(r.code, 0, r.stderr);
      // Deprecation warnings may precede the JSON document on stdout.
      const json = r.stdout.split('\n').find((l) => /^\[(\{|\])/.test(l)) ?? '';
      const dags = JSON.parse(json) as { dag_id: string }[];
      assert.ok(dags.some((d) => d.dag_id === 'sandbox_hello'));
    });

    t('scheduler and DAG-processing logs reach their groups', async () => {
      for (const group of [af.logGroups.scheduler!, af.logGroups.dagProcessing!]) {
        const streams = await waitFor(`streams in ${group}`, async () => {
          const r = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
          return r.logStreams?.length ? r.logStreams.map((s) => s.logStreamName!) : undefined;
        }, 30_000);
        assert.ok(streams.length > 0);
        if (group === af.logGroups.scheduler) assert.ok(streams.some((s) => /^scheduler_.+_\d+\.log$/.test(s)), streams.join(', '));
        else assert.ok(streams.some((s) => s.endsWith('sandbox_hello.py.log')), streams.join(', '));
      }
    }, 60_000);

    t('stop() ends every process of the environment', async () => {
      const pids = af.pids();
      assert.ok(pids.length >= (major === 2 ? 4 : 3), `expected the environment's processes, got ${pids.join(', ')}`);
      console.log(`# ${name}: RSS before stop ${af.rssMiB()} MiB in ${pids.length} processes`);
      await af.stop();
      const alive = pids.filter((pid) => {
        try {
          return !fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z ');
        } catch {
          return false;
        }
      });
      assert.deepEqual(alive, [], 'every process (including ones in their own process groups) is gone');
      const down = await fetch(`${af.baseUrl}/`, { signal: AbortSignal.timeout(2000) }).then(() => 'up', () => 'down');
      assert.equal(down, 'down');
    }, 60_000);
  });
}
