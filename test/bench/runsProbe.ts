import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import * as vscode from 'vscode';
import type { RunsState } from '../../src/features/runs/testSeams';
import { waitFor } from '../host/waitFor';
import { probeEntry } from './probeEntry';

/**
 * Runs inside the extension host (as a test entry) against the sandbox's real Airflow: uploads a
 * DAG of 50 parallel sleeping tasks, triggers it through `mwaa.triggerDag`, and times the first
 * task state the tree holds; then watches the poller for a minute while the run is running.
 * API calls are counted by the environment's AirflowClient. Results go to MWAA_TEST_RESULTS.
 */
const ENV = process.env.MWAA_BENCH_ENV ?? 'sandbox-af2';
const KEY = JSON.stringify(['mwaa-sandbox', 'us-east-1', ENV]);
const DAG_ID = `bench_runs_50_${Date.now() % 100000}`;
const TASKS = 50;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const DAG = `import time
from datetime import datetime
from airflow import DAG
from airflow.operators.python import PythonOperator

with DAG(dag_id="${DAG_ID}", start_date=datetime(2024, 1, 1), schedule=None, catchup=False) as dag:
    for i in range(${TASKS}):
        PythonOperator(task_id=f"work_{i:02d}", python_callable=lambda: time.sleep(20))
`;

// Asked with the environment's key: `clientCalls` is always there.
const state = () => vscode.commands.executeCommand<RunsState & { clientCalls: number }>('_mwaa.runsState', KEY);

export const run = probeEntry(measure);

async function measure(out: Record<string, unknown>): Promise<void> {
  const s3 = new S3Client({ region: 'us-east-1', endpoint: process.env.AWS_ENDPOINT_URL_S3, forcePathStyle: true, credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' } });
  await s3.send(new PutObjectCommand({ Bucket: `airflow-${ENV}`, Key: `dags/${DAG_ID}.py`, Body: DAG }));
  await vscode.commands.executeCommand('workbench.view.extension.mwaa');
  await vscode.commands.executeCommand('mwaa.environments.focus');
  // Until Airflow has parsed the DAG (the tree lists it).
  await waitFor(`${DAG_ID} in the tree`, async () => {
    await vscode.commands.executeCommand('mwaa.refreshDags', KEY);
    await vscode.commands.executeCommand('mwaa.filterDags', KEY, DAG_ID);
    const tree = await vscode.commands.executeCommand<{ label: string; children?: { label: string }[] }[]>('_mwaa.runsTree', KEY, 2);
    return tree.find((n) => n.label === 'DAGs')?.children?.some((c) => c.label === DAG_ID);
  }, 300_000, 3000);
  const callsBefore = (await state()).clientCalls;
  const t0 = performance.now();
  const triggered = await vscode.commands.executeCommand<{ runId: string } | undefined>('mwaa.triggerDag', { envKey: KEY, dagId: DAG_ID }, { conf: {} });
  if (!triggered) throw new Error('trigger returned nothing');
  const first = await waitFor('a first task state of the run', async () => {
    const s = await state();
    const f = s.followed.find((r) => r.runId === triggered.runId);
    return f && Object.keys(f.taskStates).some((k) => k !== 'none') && s;
  }, 120_000, 25);
  out.triggerToFirstStateMs = Math.round(performance.now() - t0);
  out.callsToFirstState = first.clientCalls - callsBefore;

  // A minute of following the running 50-task run with the view visible.
  const a = await state();
  const started = performance.now();
  await sleep(60_000);
  const b = await state();
  const f = b.followed.find((r) => r.runId === triggered.runId);
  const minutes = (performance.now() - started) / 60_000;
  out.polls = b.polls - a.polls;
  out.pollCalls = b.pollCalls - a.pollCalls;
  out.clientCallsPerMinute = (b.clientCalls - a.clientCalls) / minutes;
  out.callsPerPoll = out.polls ? (b.pollCalls - a.pollCalls) / (b.polls - a.polls) : NaN;
  out.runState = f?.state ?? 'ended';
  out.taskStates = f?.taskStates ?? {};
  out.tasks = Object.values(f?.taskStates ?? {}).reduce((x, y) => x + y, 0);
  await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'runs.markRun': 'Mark Failed' });
  await vscode.commands.executeCommand('mwaa.markRunFailed', { runLog: { envKey: KEY, dagId: DAG_ID, runId: triggered.runId } }).then(undefined, () => undefined);
}
