/**
 * The end-to-end path of the sandbox, per Airflow major, shared by the e2e test files:
 * PutObject a DAG -> DAG sync -> Airflow parses it -> InvokeRestApi triggers it -> the run succeeds
 * -> the task log is in moto under MWAA's stream name -> a live-tail session sees its lines.
 */
import { CloudWatchLogsClient, FilterLogEventsCommand, StartLiveTailCommand, type LiveTailSessionLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Sandbox } from '../../main';
import { clientConfig, invokeRestApi, waitFor } from './helpers';

export function e2eDag(dagId: string, marker: string): string {
  return `from datetime import datetime

from airflow import DAG
from airflow.operators.python import PythonOperator


def say(**_):
    for i in range(3):
        print("${marker} line", i)


with DAG(dag_id="${dagId}", schedule=None, start_date=datetime(2025, 1, 1), catchup=False, tags=["e2e"]) as dag:
    PythonOperator(task_id="say", python_callable=say)
`;
}

/** A DAG whose first task prints its conf and whose second fails: conf arrival and a named failure. */
export const CONF_DAG = (dagId: string) => `from datetime import datetime
from airflow import DAG
from airflow.operators.python import PythonOperator

def echo(**context):
    print("conf seen:", context["dag_run"].conf)

def explode():
    raise RuntimeError("boom in explode")

with DAG(dag_id="${dagId}", start_date=datetime(2024, 1, 1), schedule=None, catchup=False, tags=["sandbox"]) as dag:
    ok = PythonOperator(task_id="echo_conf", python_callable=echo)
    bad = PythonOperator(task_id="explode", python_callable=explode, retries=0)
    ok >> bad
`;

export const BROKEN_DAG = `from airflow import DAG
from airflow.operators.bash import BashOperator
import this_module_does_not_exist_anywhere  # the import error the test looks for

with DAG(dag_id="broken_dag", schedule=None) as dag:
    BashOperator(task_id="t", bash_command="true")
`;

export class E2e {
  readonly s3: S3Client;
  readonly logs: CloudWatchLogsClient;

  constructor(readonly sb: Sandbox, readonly env: string, readonly major: 2 | 3) {
    this.s3 = new S3Client(clientConfig(sb.endpoints.s3));
    this.logs = new CloudWatchLogsClient(clientConfig(sb.endpoints.logs));
  }

  api(Method: string, Path: string, extra: { QueryParameters?: unknown; Body?: unknown } = {}) {
    return invokeRestApi(this.sb.endpoints.mwaa, this.env, { Method, Path, ...extra });
  }

  async putDag(file: string, text: string): Promise<string> {
    const out = await this.s3.send(new PutObjectCommand({ Bucket: `airflow-${this.env}`, Key: `dags/${file}`, Body: text }));
    return out.VersionId!;
  }

  /** Waits until Airflow has the DAG (GET /dags/{id} = 200), then unpauses it. */
  async waitForDag(dagId: string, timeoutMs = 180_000): Promise<void> {
    await waitFor(`DAG ${dagId} in Airflow`, async () => (await this.api('GET', `/dags/${dagId}`)).json.RestApiStatusCode === 200, timeoutMs, 2000);
    const r = await this.api('PATCH', `/dags/${dagId}`, { QueryParameters: { update_mask: 'is_paused' }, Body: { is_paused: false } });
    if (r.json.RestApiStatusCode !== 200) throw new Error(`unpause ${dagId}: ${JSON.stringify(r.json)}`);
  }

  async trigger(dagId: string): Promise<string> {
    // 3.x requires logical_date (nullable: "run now"); 2.x defaults it and only needs conf.
    const Body = this.major === 3 ? { logical_date: null, conf: {} } : { conf: {} };
    const r = await this.api('POST', `/dags/${dagId}/dagRuns`, { Body });
    if (r.json.RestApiStatusCode !== 200) throw new Error(`trigger ${dagId}: ${r.status} ${JSON.stringify(r.json)}`);
    return (r.json.RestApiResponse as { dag_run_id: string }).dag_run_id;
  }

  /** The batch endpoint keeps Path under 64 chars whatever the run id (MWAA's limit). */
  async runState(dagId: string, runId: string): Promise<string | undefined> {
    const r = await this.api('POST', '/dags/~/dagRuns/list', { Body: { dag_ids: [dagId] } });
    const runs = (r.json.RestApiResponse as { dag_runs?: Array<{ dag_run_id: string; state: string }> }).dag_runs ?? [];
    return runs.find((x) => x.dag_run_id === runId)?.state;
  }

  async waitForRun(dagId: string, runId: string, timeoutMs = 240_000): Promise<string> {
    return waitFor(`run ${runId} to finish`, async () => {
      const s = await this.runState(dagId, runId);
      return s === 'success' || s === 'failed' ? s : undefined;
    }, timeoutMs, 2000);
  }

  taskStream(dagId: string, runId: string, taskId: string, attempt = 1): string {
    return `dag_id=${dagId}/run_id=${runId}/task_id=${taskId}/attempt=${attempt}.log`.replaceAll(':', '_');
  }

  async taskLogLines(stream: string, timeoutMs = 60_000): Promise<string[]> {
    return waitFor(`task log stream ${stream} in moto`, async () => {
      const out = await this.logs.send(new FilterLogEventsCommand({ logGroupName: `airflow-${this.env}-Task`, logStreamNames: [stream] }));
      const lines = (out.events ?? []).map((e) => e.message ?? '');
      return lines.length > 0 && lines;
    }, timeoutMs, 2000);
  }

  /** Starts a live tail on the Task group; collects events until stop(). */
  async startLiveTail(prefix: string): Promise<{ events: LiveTailSessionLogEvent[]; stop(): Promise<void> }> {
    const ac = new AbortController();
    const out = await this.logs.send(new StartLiveTailCommand({
      logGroupIdentifiers: [`arn:aws:logs:${this.sb.region}:123456789012:log-group:airflow-${this.env}-Task`],
      logStreamNamePrefixes: [prefix],
    }), { abortSignal: ac.signal });
    const events: LiveTailSessionLogEvent[] = [];
    const done = (async () => {
      try {
        for await (const ev of out.responseStream ?? []) events.push(...(ev.sessionUpdate?.sessionResults ?? []));
      } catch { /* aborted */ }
    })();
    return { events, stop: async () => { ac.abort(); await done; } };
  }

  destroy(): void {
    this.s3.destroy();
    this.logs.destroy();
  }
}
