import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { after, before, test } from 'node:test';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import type { Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../sandbox/src/main';
import { clientConfig } from '../../sandbox/src/mwaa/testing/helpers';
import { screenshot } from '../harness/browser';
import { extensionHostEnv, openPackagedWorkbench, type PackagedWorkbench } from '../harness/packagedWorkbench';

// Tier 3 for task logs: a failed task's log, opened from the command palette as a person would,
// coloured by the mwaa-log grammar, with its traceback frame linked to the workspace's DAG file.
let sandbox: Sandbox;
let wb: PackagedWorkbench;
let page: Page;
const stream = 'dag_id=hello/run_id=manual__2026-01-01T00_00_00+00_00/task_id=say_hello/attempt=1.log';

/** Airflow 2 task log lines as MWAA's CloudWatch handler stores them, ending in a traceback. */
function failedTaskLog(t: number): { timestamp: number; message: string }[] {
  const head = (s: number, where: string, level: string, text: string) =>
    ({ timestamp: t + s, message: `[${new Date(t + s).toISOString().replace('T', ', ').slice(0, 20)} UTC] {${where}} ${level} - ${text}` });
  return [
    head(0, 'taskinstance.py:2614', 'INFO', 'Dependencies all met for dep_context=requeueable deps ti=<TaskInstance: hello.say_hello manual__2026-01-01T00:00:00+00:00 [queued]>'),
    head(1, 'taskinstance.py:2867', 'INFO', 'Starting attempt 1 of 1'),
    head(2, 'taskinstance.py:2890', 'INFO', 'Executing <Task(BashOperator): say_hello> on 2026-01-01 00:00:00+00:00'),
    head(3, 'subprocess.py:93', 'INFO', 'Output:'),
    head(4, 'logging_mixin.py:190', 'WARNING', 'The `schedule` argument is fine; this is a warning line'),
    {
      timestamp: t + 5,
      message: [
        `[${new Date(t + 5).toISOString().replace('T', ', ').slice(0, 20)} UTC] {taskinstance.py:3313} ERROR - Task failed with exception`,
        'Traceback (most recent call last):',
        '  File "/usr/local/airflow/.local/lib/python3.11/site-packages/airflow/models/taskinstance.py", line 768, in _execute_task',
        '    result = _execute_callable(context=context, **execute_callable_kwargs)',
        '  File "/usr/local/airflow/dags/hello_dag.py", line 7, in <module>',
        '    BashOperator(task_id="say_hello", bash_command="echo hello")',
        'airflow.exceptions.AirflowException: Bash command failed. The command returned a non-zero exit code 1.',
      ].join('\n'),
    },
    head(6, 'taskinstance.py:1225', 'INFO', 'Marking task as FAILED. dag_id=hello, task_id=say_hello, run_id=manual__2026-01-01T00:00:00+00:00'),
    head(7, 'local_task_job_runner.py:266', 'INFO', 'Task exited with return code 1'),
  ];
}

before(async () => {
  sandbox = await startSandbox({ envs: [] });
  const logs = new CloudWatchLogsClient(clientConfig(sandbox.endpoints.logs));
  const group = 'airflow-sandbox-af2-Task';
  await logs.send(new CreateLogGroupCommand({ logGroupName: group })).catch((e: Error) => {
    if (e.name !== 'ResourceAlreadyExistsException') throw e;
  });
  await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
  await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: failedTaskLog(Date.now() - 60_000) }));
  logs.destroy();
  wb = await openPackagedWorkbench('ui-logs', { env: extensionHostEnv(sandbox) });
  page = wb.page;
});

after(async () => {
  await wb?.close();
  await sandbox?.stop();
});

async function quickPick(text: string, choose: string): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 30_000 });
  await input.fill(text);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: choose }).first().waitFor({ state: 'visible', timeout: 60_000 });
  await page.keyboard.press('Enter');
}

test('a failed task\'s log from the palette: coloured levels and traceback, the DAG frame a link', async () => {
  await page.getByRole('tab', { name: 'MWAA' }).click();
  await page.keyboard.press('F1');
  await quickPick('>MWAA: Show Task Log', 'MWAA: Show Task Log');
  await quickPick('sandbox-af2', 'sandbox-af2');
  await quickPick('hello.say_hello', 'hello.say_hello attempt 1');

  const editor = page.locator('.editor-instance .monaco-editor').first();
  const line = (text: string) => editor.locator('.view-line', { hasText: text }).first();
  await line('Task failed with exception').waitFor({ state: 'visible', timeout: 60_000 });
  await page.locator('.tab.active', { hasText: 'sandbox-af2' }).waitFor({ state: 'visible', timeout: 10_000 });

  // Tokenizing runs after the text shows (a worker): wait for the first coloured token.
  await editor.locator('.view-line span[class*="mtk"]:not(.mtk1)').first().waitFor({ state: 'attached', timeout: 30_000 });
  // The grammar gives levels, timestamps and the traceback their own token colours.
  const colour = async (lineText: string, token: string) =>
    line(lineText).locator('span > span', { hasText: token }).first().evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color);
  const plain = await colour('Output:', 'Output:');
  const error = await colour('Task failed with exception', 'ERROR');
  const info = await colour('Executing <Task', 'INFO');
  const warning = await colour('logging_mixin.py', 'WARNING');
  const exception = await colour('AirflowException', 'airflow.exceptions.AirflowException');
  assert.equal(new Set([plain, error, info, warning]).size, 4, `levels not told apart: plain ${plain}, ERROR ${error}, INFO ${info}, WARNING ${warning}`);
  assert.notEqual(exception, plain, 'the exception line is not coloured');

  // The frame of the workspace's dags/hello_dag.py is a link (the workspace has that file).
  const link = editor.locator('.detected-link', { hasText: 'hello_dag.py' });
  await link.first().waitFor({ state: 'attached', timeout: 30_000 });
  assert.equal(await editor.locator('.detected-link', { hasText: 'site-packages' }).count(), 0, 'library frames must not be links');
  const shot = await screenshot(page, 'task-log-traceback');
  assert.ok(fs.statSync(shot).size > 10_000, 'screenshot is suspiciously small');

  // Following the link opens the DAG file at the frame's line.
  await link.first().click({ modifiers: ['Control'] });
  await page.locator('.tab.active', { hasText: 'hello_dag.py' }).waitFor({ state: 'visible', timeout: 30_000 });
  await page.locator('.statusbar', { hasText: /Ln 7, Col 1/ }).waitFor({ state: 'visible', timeout: 30_000 });
});
