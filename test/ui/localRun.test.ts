import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { ensureAirflow, AIRFLOW_RELEASES } from '../../sandbox/src/airflow/install';
import { cacheDir } from '../../sandbox/src/cacheDir';
import { screenshot } from '../harness/browser';
import { openFile, runCommand } from '../harness/quickOpen';
import { openPackagedWorkbench, type PackagedWorkbench } from '../harness/packagedWorkbench';

// Tier 3 for local runs: the Run/Debug lenses above a DAG's tasks, the debugger paused at a
// breakpoint in the python_callable (our own debugger type, no Python extension installed), and a
// failing task's run in its terminal, as a person sees them. The workspace names the Airflow
// version in its settings (nothing is bound, no AWS); the runtime is the sandbox's, already built.
const DAG = `import pendulum
from airflow import DAG
from airflow.operators.python import PythonOperator


def work(**context):
    total = sum(range(1000))
    print(f"total={total} for {context['ti'].task_id}")
    return total


def explode(**context):
    raise ValueError("the source table is empty")


with DAG("ui_local_run", start_date=pendulum.datetime(2024, 1, 1), schedule=None, catchup=False):
    PythonOperator(task_id="work", python_callable=work)
    PythonOperator(task_id="explode", python_callable=explode)
`;
const BREAK_LINE = DAG.split('\n').findIndex((l) => l.includes('print(f"total=')) + 1;

let wb: PackagedWorkbench;
let page: Page;

before(async () => {
  await ensureAirflow(2);
  wb = await openPackagedWorkbench('ui-local-run', { env: { MWAA_TOOLKIT_RUNTIMES: cacheDir('runtimes'), UV_CACHE_DIR: cacheDir('uv-cache') } });
  page = wb.page;
  const workspace = path.resolve(__dirname, '..', '..', '..', 'test-output', 'ui-local-run', 'workspace');
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({
    // The DOM renderer, so the terminal's text can be read back (the GPU renderers draw to a canvas).
    'terminal.integrated.gpuAcceleration': 'off',
    'mwaa.diagnostics.airflowVersion': AIRFLOW_RELEASES[2].version,
  }));
  fs.writeFileSync(path.join(workspace, 'dags', 'ui_local_run.py'), DAG);
}, { timeout: 600_000 });

after(async () => {
  await wb?.close();
});

const lens = (title: string, nth: number) => page.locator('.codelens-decoration a', { hasText: title }).nth(nth);

test('lenses above the DAG and its tasks; Debug Task Locally stops at the breakpoint; Run Task Locally shows a failure in its terminal', { timeout: 600_000 }, async () => {
  await openFile(page, 'ui_local_run.py');
  const editor = page.locator('.editor-instance .monaco-editor').first();
  try {
    await lens('Debug Task Locally', 1).waitFor({ state: 'visible', timeout: 60_000 });
  } catch (err) {
    await screenshot(page, 'local-run-no-lenses');
    throw err;
  }
  assert.equal(await page.locator('.codelens-decoration a', { hasText: 'Run DAG Locally' }).count(), 1);
  assert.equal(await page.locator('.codelens-decoration a', { hasText: 'Run Task Locally' }).count(), 2);

  // A breakpoint on the print line of the callable (F9 at the cursor), as a person sets one.
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').fill(`:${BREAK_LINE}`);
  await page.keyboard.press('Enter');
  await page.keyboard.press('F9');
  await editor.locator('.codicon-debug-breakpoint').first().waitFor({ state: 'visible', timeout: 30_000 });
  const lensShot = await screenshot(page, 'local-run-codelens');
  assert.ok(fs.statSync(lensShot).size > 10_000, 'screenshot is suspiciously small');

  // Debug Task Locally above `work`: the debugger pauses on the breakpoint, with the task's locals.
  await lens('Debug Task Locally', 0).click();
  const paused = page.getByText(/Paused on breakpoint/i).first();
  try {
    await paused.waitFor({ state: 'visible', timeout: 120_000 });
    await editor.locator('.debug-top-stack-frame-line').first().waitFor({ state: 'attached', timeout: 30_000 });
    await page.locator('.monaco-list-row', { hasText: /total\s*=\s*499500/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
  } catch (err) {
    await screenshot(page, 'local-debug-not-paused');
    throw err;
  }
  const pausedShot = await screenshot(page, 'local-debug-paused');
  assert.ok(fs.statSync(pausedShot).size > 10_000, 'screenshot is suspiciously small');
  await page.keyboard.press('F5');
  await page.locator('.debug-toolbar').waitFor({ state: 'hidden', timeout: 120_000 });

  // Run Task Locally above `explode`: its terminal shows the traceback and names the failed task.
  await lens('Run Task Locally', 1).click();
  const terminal = page.locator('.terminal-wrapper .xterm-rows').first();
  try {
    await terminal.waitFor({ state: 'visible', timeout: 60_000 });
    await terminal.locator('text=/Local run failed: explode/').first().waitFor({ state: 'visible', timeout: 120_000 });
  } catch (err) {
    await screenshot(page, 'local-run-terminal-failed');
    throw err;
  }
  // The one-time note about .mwaa/ would cover the terminal's last lines in the screenshot.
  await runCommand(page, 'Notifications: Clear All Notifications');
  const text = await terminal.innerText();
  assert.match(text, /ValueError: the source table is empty/);
  const termShot = await screenshot(page, 'local-run-terminal');
  assert.ok(fs.statSync(termShot).size > 10_000, 'screenshot is suspiciously small');
});
