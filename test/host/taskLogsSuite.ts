import * as assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Sandbox } from '../../sandbox/src/main';
import { E2e } from '../../sandbox/src/mwaa/testing/e2eScenario';
import type { TaskLogProbe, TerminalTracebackLink } from '../../src/features/logs/testSeams';
import { waitFor } from './waitFor';

/**
 * The task-log entry points in the real extension host against a real Airflow (2 or 3) behind
 * the sandbox MWAA: a DAG uploaded and triggered, then "Show Task Log", "Tail Run", traceback
 * links and the live follow of a running task, all through the extension's commands.
 */

function taskLogDag(dagId: string, marker: string, slowSeconds: number): string {
  return `from datetime import datetime
import time

from airflow import DAG
from airflow.operators.python import PythonOperator


def say(**_):
    for i in range(3):
        print("${marker} line", i)


def explode(**_):
    rows = {"a": 1}
    return rows["missing"]  # the frame the traceback link must open


def slow(**_):
    print("${marker} slow start", flush=True)
    time.sleep(${slowSeconds})
    print("${marker} slow end", flush=True)


with DAG(dag_id="${dagId}", schedule=None, start_date=datetime(2025, 1, 1), catchup=False, tags=["host-logs"]) as dag:
    s = PythonOperator(task_id="say", python_callable=say)
    PythonOperator(task_id="explode", python_callable=explode, retries=0)
    s >> PythonOperator(task_id="slow", python_callable=slow)
`;
}

export function taskLogsSuite(env: 'sandbox-af2' | 'sandbox-af3', major: 2 | 3, local: 'workspace dags folder' | 'bound folder'): void {
  describe(`task logs on ${env} (real Airflow ${major}, traceback links to the ${local})`, function () {
    this.timeout(10 * 60_000);
    const envKey = JSON.stringify(['mwaa-sandbox', 'us-east-1', env]);
    const dagId = `host_logs_${major}_${Date.now()}`;
    const marker = `host-logs-${randomUUID().slice(0, 8)}`;
    const dagText = taskLogDag(dagId, marker, 25);
    const failingLine = dagText.split('\n').findIndex((l) => l.includes('rows["missing"]')) + 1;
    let e2e: E2e;
    let runId: string;
    let localFile: string;
    let boundFolder: vscode.Uri | undefined;

    const ti = async (taskId: string): Promise<{ state?: string } | undefined> => {
      const r = await e2e.api('POST', '/dags/~/dagRuns/~/taskInstances/list', { Body: { dag_ids: [dagId], dag_run_ids: [runId] } });
      const list = (r.json.RestApiResponse as { task_instances?: Array<{ task_id: string; state?: string }> })?.task_instances ?? [];
      return list.find((t) => t.task_id === taskId);
    };
    const transcript = (name: string) => vscode.commands.executeCommand<string>('_mwaa.tailTranscript', name);
    const waitForTranscript = (name: string, re: RegExp, ms = 60_000) =>
      waitFor(`${re} in the terminal ${name}`, async () => re.test(await transcript(name)), ms, 500).catch(async (err: Error) => {
        throw new Error(`${err.message}\n--- transcript ---\n${(await transcript(name)).slice(-3000)}`);
      });
    const documentText = async (uri: string) => (await vscode.workspace.openTextDocument(vscode.Uri.parse(uri))).getText();

    before(async function () {
      if (!process.env.AWS_ENDPOINT_URL_MWAA) return this.skip(); // only under the sandbox-backed host runner
      const endpoints = { mwaa: process.env.AWS_ENDPOINT_URL_MWAA, s3: process.env.AWS_ENDPOINT_URL_S3!, logs: process.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS! };
      e2e = new E2e({ endpoints, region: 'us-east-1' } as unknown as Sandbox, env, major);
      // The same DAG file locally, where the traceback link should lead.
      const ws = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
      const root = local === 'bound folder' ? path.join(ws, `bound-${env}`) : path.join(ws, 'dags');
      localFile = path.join(root, 'logs_e2e', `${dagId}.py`);
      fs.mkdirSync(path.dirname(localFile), { recursive: true });
      fs.writeFileSync(localFile, dagText);
      if (local === 'bound folder') {
        boundFolder = vscode.Uri.file(root);
        await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'environments.bind': 'Bind' });
        assert.equal(await vscode.commands.executeCommand('mwaa.bindEnvironment', envKey, boundFolder), envKey);
      }
      await e2e.putDag(`logs_e2e/${dagId}.py`, dagText);
      await e2e.waitForDag(dagId, 300_000);
      runId = await e2e.trigger(dagId);
    });

    after(async () => {
      for (const t of vscode.window.terminals.filter((t) => t.name.includes(dagId))) t.dispose();
      if (boundFolder) await vscode.commands.executeCommand('mwaa.unbindEnvironment', boundFolder);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      e2e?.destroy();
    });

    it('a running task: Show Task Log follows it live until its last line', async () => {
      await waitFor('task slow to run', async () => (await ti('slow'))?.state === 'running', 240_000, 1000);
      // No try number: the command asks Airflow for the current try (and sees it is running).
      const shown = await vscode.commands.executeCommand<TaskLogProbe>('_mwaa.probeTaskLogs', { envKey, dagId, runId, taskId: 'slow' });
      assert.equal(shown.error, undefined, shown.error);
      assert.ok(shown.following, `no live follow for a running task: ${JSON.stringify(shown)}`);
      assert.match(shown.stream!, new RegExp(`^dag_id=${dagId}/run_id=.*/task_id=slow/attempt=1\\.log$`));
      assert.ok(!shown.stream!.includes(':'));
      await waitForTranscript(shown.following, new RegExp(`${marker} slow end`), 120_000);
      const text = await transcript(shown.following);
      assert.equal(text.split(`${marker} slow end`).length - 1, 1, 'the last line arrived more than once');
    });

    it('a finished task: its real log lines in an mwaa-log document', async () => {
      assert.equal(await e2e.waitForRun(dagId, runId), 'failed'); // explode fails on purpose
      const shown = await vscode.commands.executeCommand<TaskLogProbe>('_mwaa.probeTaskLogs', { taskLog: { envKey, dagId, runId, taskId: 'say', tryNumber: 1 } });
      assert.equal(shown.error, undefined, shown.error);
      assert.equal(shown.following, undefined, 'a finished task is not followed');
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(shown.uri!));
      assert.equal(doc.languageId, 'mwaa-log');
      const text = doc.getText();
      for (const i of [0, 1, 2]) assert.match(text, new RegExp(`${marker} line ${i}`));
      if (major === 3) {
        // Rendered: no JSON event dicts; raw on demand, and back.
        assert.doesNotMatch(text, /^\{"/m);
        assert.equal(await vscode.commands.executeCommand('mwaa.toggleRawLog', doc.uri), 'raw');
        await waitFor('the raw form', async () => /^\{.*"event"/m.test(doc.getText()), 20_000, 200);
        assert.match(doc.getText(), new RegExp(`${marker} line 2`));
        assert.equal(await vscode.commands.executeCommand('mwaa.toggleRawLog', doc.uri), 'rendered');
        await waitFor('the rendered form again', async () => !/^\{"/m.test(doc.getText()), 20_000, 200);
      } else {
        assert.match(text, /^Starting attempt 1 of 1$/m); // Airflow 2's own text lines, as they are
        assert.doesNotMatch(text, /^\{"/m);
        // Plain text has no raw form: the toggle says so instead of doing nothing.
        assert.equal(await vscode.commands.executeCommand('mwaa.toggleRawLog', doc.uri), undefined);
      }
    });

    it('a traceback frame links to the local DAG file at the failing line, in documents and tail terminals', async () => {
      const shown = await vscode.commands.executeCommand<TaskLogProbe>('_mwaa.probeTaskLogs', { envKey, dagId, runId, taskId: 'explode', tryNumber: 1 });
      assert.equal(shown.error, undefined, shown.error);
      const text = await documentText(shown.uri!);
      const frame = text.split('\n').find((l) => l.includes(`${dagId}.py", line ${failingLine}`));
      assert.ok(frame, `no frame of the DAG file at line ${failingLine} in:\n${text.slice(-2500)}`);
      assert.match(text, /KeyError/);
      const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>('vscode.executeLinkProvider', vscode.Uri.parse(shown.uri!));
      const toDag = links.filter((l) => l.target?.scheme === 'file' && l.target.fsPath === localFile);
      assert.equal(toDag.length >= 1, true, `no link to ${localFile}: ${links.map((l) => l.target?.toString()).join(', ')}`);
      assert.equal(toDag[0]!.target!.fragment, `L${failingLine}`);
      // Airflow's own frames (site-packages) are not linked.
      assert.ok(links.every((l) => !/site-packages/.test(l.target?.fsPath ?? '')));

      // The whole run in a tail terminal: every task's lines, then the same links there.
      const name = await vscode.commands.executeCommand<string>('mwaa.tailRun', { envKey, dagId, runId });
      assert.equal(name, `MWAA: ${env} ${dagId} ${runId}`);
      await waitForTranscript(name, new RegExp(`${marker} line 2`));
      await waitForTranscript(name, new RegExp(`${marker} slow end`));
      await waitForTranscript(name, new RegExp(`${dagId}\\.py", line ${failingLine}`));
      const terminalFrame = (await transcript(name)).split('\n').find((l) => l.includes(`${dagId}.py", line ${failingLine}`))!;
      const termLinks = await vscode.commands.executeCommand<TerminalTracebackLink[]>('_mwaa.tracebackTerminalLinks', terminalFrame, name);
      assert.deepEqual(termLinks.map((l) => [vscode.Uri.parse(l.uri).fsPath, l.line]), [[localFile, failingLine]]);
      // Not for terminals that are not our tails.
      const other = vscode.window.createTerminal({ name: `plain ${dagId}` });
      assert.deepEqual(await vscode.commands.executeCommand('_mwaa.tracebackTerminalLinks', terminalFrame, other.name), []);
      other.dispose();
    });

    it('tails one task of a run with a filter pattern', async () => {
      // Given as an object (from code), it asks nothing and uses the object's pattern.
      const filtered = await vscode.commands.executeCommand<string>('mwaa.tailRun', { envKey, dagId, runId, taskId: 'say', filterPattern: `"${marker} line 1"` });
      assert.equal(filtered, `MWAA: ${env} ${dagId}.say ${runId}`);
      await waitForTranscript(filtered, new RegExp(`${marker} line 1`));
      await waitForTranscript(filtered, /● Live|Polling/);
      const text = await transcript(filtered);
      assert.doesNotMatch(text, new RegExp(`${marker} line [02]`), 'the filter pattern was not applied');
      assert.doesNotMatch(text, /slow start/, 'lines of other tasks leaked into a one-task tail');
    });

    it('a missing attempt says which attempts have logs and offers them', async () => {
      const shown = await vscode.commands.executeCommand<TaskLogProbe>('_mwaa.probeTaskLogs', { envKey, dagId, runId, taskId: 'say', tryNumber: 3 });
      assert.match(shown.error ?? '', /attempt 3 did not run\. Logs exist for attempt 1\./);
      assert.deepEqual(shown.actions, ['Open Attempt 1']);
      const incomplete = await vscode.commands.executeCommand<TaskLogProbe>('_mwaa.probeTaskLogs', { taskLog: { envKey, dagId } });
      assert.match(incomplete.error ?? '', /needs a task instance/);
    });
  });
}
