import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../sandbox/src/main';
import { E2e } from '../../sandbox/src/mwaa/testing/e2eScenario';
import { screenshot } from '../harness/browser';
import { extensionHostEnv, openPackagedWorkbench, type PackagedWorkbench } from '../harness/packagedWorkbench';

// Tier 3 for runs: a finished run of a real Airflow 2 DAG, opened in the MWAA view down to its task
// instances (environment -> DAGs -> DAG -> run -> tasks), as a person sees it.
const DAG_ID = 'ui_runs_etl';
const DAG = `from datetime import datetime
from airflow import DAG
from airflow.operators.python import PythonOperator


def fail():
    raise RuntimeError("load failed")


with DAG(dag_id="${DAG_ID}", start_date=datetime(2024, 1, 1), schedule=None, catchup=False, tags=["etl", "ui"]) as dag:
    extract = PythonOperator(task_id="extract", python_callable=lambda: print("extract"))
    transform = PythonOperator(task_id="transform", python_callable=lambda: print("transform"))
    load = PythonOperator(task_id="load", python_callable=fail, retries=0)
    extract >> transform >> load
`;

let sandbox: Sandbox;
let wb: PackagedWorkbench;
let page: Page;

before(async () => {
  sandbox = await startSandbox({ envs: ['sandbox-af2'], realEnvironments: ['sandbox-af2'], dagSyncIntervalMs: 1000 });
  const e2e = new E2e(sandbox, 'sandbox-af2', 2);
  await e2e.putDag(`${DAG_ID}.py`, DAG);
  await e2e.waitForDag(DAG_ID);
  const runId = await e2e.trigger(DAG_ID);
  assert.equal(await e2e.waitForRun(DAG_ID, runId), 'failed');
  e2e.destroy();
  wb = await openPackagedWorkbench('ui-runs', { env: extensionHostEnv(sandbox) });
  page = wb.page;
}, { timeout: 900_000 });

after(async () => {
  await wb?.close();
  await sandbox?.stop();
});

test('a run opens down to its task instances, each with its state', { timeout: 300_000 }, async () => {
  await page.getByRole('tab', { name: 'MWAA' }).click();
  const tree = page.locator('.part.sidebar .monaco-list[role="tree"]');
  const row = (text: string | RegExp) => tree.locator('.monaco-list-row', { hasText: text }).first();
  const open = async (text: string | RegExp) => {
    await row(text).waitFor({ state: 'visible', timeout: 60_000 });
    if ((await row(text).getAttribute('aria-expanded')) !== 'true') await row(text).click();
  };
  try {
    await open('sandbox-af2');
    await open(/^DAGs/);
    await open(DAG_ID);
    await open(/failed · manual/);
    for (const task of ['extract', 'transform', 'load']) await row(new RegExp(`^${task}`)).waitFor({ state: 'visible', timeout: 60_000 });
  } catch (err) {
    await screenshot(page, 'runs-tree-failed');
    throw err;
  }
  assert.match(await row(/^load/).innerText(), /failed/);
  assert.match(await row(/^extract/).innerText(), /success/);
  assert.match(await row(DAG_ID).innerText(), /last run failed/);
  const shot = await screenshot(page, 'runs-tree');
  assert.ok(fs.statSync(shot).size > 10_000, 'screenshot is suspiciously small');
});
