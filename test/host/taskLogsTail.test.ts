import * as assert from 'node:assert/strict';
import { PutLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import * as vscode from 'vscode';
import { sandboxLogStream } from './sandboxLogs';
import { waitFor } from './waitFor';

/** Tail Run Logs through the command, with the sandbox cutting the live-tail stream once. */
describe('tail run: a live-tail stream cut mid-session', function () {
  this.timeout(120_000);
  const group = 'airflow-sandbox-af2-Task';
  const dagId = `cut_${Date.now()}`;
  const stream = `dag_id=${dagId}/run_id=r1/task_id=t/attempt=1.log`;
  let client: CloudWatchLogsClient;

  const faults = async (body: unknown) => {
    const res = await fetch(process.env.MWAA_SANDBOX_FAULTS_URL!, { method: body ? 'POST' : 'DELETE', headers: { 'content-type': 'application/json' }, ...(body ? { body: JSON.stringify(body) } : {}) });
    assert.ok(res.ok, `faults: ${res.status}`);
  };
  const put = (messages: string[]) => client.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: messages.map((message, i) => ({ timestamp: Date.now() + i, message })) }));

  before(async function () {
    if (!process.env.MWAA_SANDBOX_FAULTS_URL) return this.skip(); // only under the sandbox-backed host runner
    client = (await sandboxLogStream(group, stream))!;
  });
  after(async () => {
    if (process.env.MWAA_SANDBOX_FAULTS_URL) await faults(null);
    for (const t of vscode.window.terminals.filter((t) => t.name.includes(dagId))) t.dispose();
    client?.destroy();
  });

  it('reconnects and shows every line exactly once', async () => {
    await faults({ rules: [{ kind: 'liveTailCut', service: 'logs', operation: 'StartLiveTail', afterMs: 1500, count: 1 }] });
    const envKey = JSON.stringify(['mwaa-sandbox', 'us-east-1', 'sandbox-af2']);
    const name = await vscode.commands.executeCommand<string>('mwaa.tailRun', { envKey, dagId, runId: 'r1' });
    const transcript = () => vscode.commands.executeCommand<string>('_mwaa.tailTranscript', name);
    const shown = (re: RegExp) => waitFor(`${re} in ${name}`, async () => re.test(await transcript()), 30_000, 200);
    await shown(/● Live/);
    await put(['cut-a', 'cut-b']);
    await shown(/↻ Reconnecting/);
    await put(['cut-c', 'cut-d']); // may land while no session is open: the backfill brings them
    await new Promise((r) => setTimeout(r, 1500));
    await put(['cut-e', 'cut-f']);
    await shown(/cut-f/);
    const text = await transcript();
    for (const l of ['a', 'b', 'c', 'd', 'e', 'f']) assert.equal(text.split(`cut-${l}`).length - 1, 1, `cut-${l} shown ${text.split(`cut-${l}`).length - 1} times:\n${text}`);
  });
});

/** A person (a tree element, the palette) is asked for a filter pattern; Escape tails nothing. */
describe('tail run from a tree element', function () {
  this.timeout(60_000);
  before(function () {
    if (!process.env.AWS_ENDPOINT_URL_MWAA) this.skip(); // only under the sandbox-backed host runner
  });

  it('asks for a filter pattern, and cancelling it opens no terminal', async () => {
    const envKey = JSON.stringify(['mwaa-sandbox', 'us-east-1', 'sandbox-af2']);
    const dagId = `ask_${Date.now()}`;
    const element = { label: 'r1', runLog: { envKey, dagId, runId: 'r1' } };
    // The input box is up once the command waits on it: answer it as a person would, until the
    // command returns (it may take a moment to reach the question on a loaded machine).
    const answer = async (command: string): Promise<string | undefined> => {
      let done = false;
      const result = Promise.resolve(vscode.commands.executeCommand<string | undefined>('mwaa.tailRun', element)).finally(() => (done = true));
      for (let i = 0; i < 100 && !done; i++) {
        await new Promise((r) => setTimeout(r, 300));
        if (!done) await vscode.commands.executeCommand(command);
      }
      return result;
    };
    assert.equal(await answer('workbench.action.closeQuickOpen'), undefined);
    assert.equal(vscode.window.terminals.filter((t) => t.name.includes(dagId)).length, 0);

    // Accepting it (empty: every line) opens the tail.
    assert.equal(await answer('workbench.action.acceptSelectedQuickOpenItem'), `MWAA: sandbox-af2 ${dagId} r1`);
    for (const t of vscode.window.terminals.filter((t) => t.name.includes(dagId))) t.dispose();
  });
});
