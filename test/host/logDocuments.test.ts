import * as assert from 'node:assert/strict';
import { PutLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import * as vscode from 'vscode';
import { readStreamText } from '../../src/core/logs/readStream';
import { LOG_LANGUAGE, LogDocuments } from '../../src/features/logs/logDocuments';
import { sandboxLogStream } from './sandboxLogs';

describe('finished logs as documents', () => {
  let client: CloudWatchLogsClient;
  let docs: LogDocuments;
  const group = `airflow-docs-${Date.now()}-Task`;
  let t = 0;
  const stamp = (ms: number) => new Date(ms).toISOString().replace('T', ' ').replace('Z', '').replace(/\./g, '\\.');
  const stream = 'dag_id=etl/run_id=scheduled__2025-01-01T00_00_00+00_00/task_id=load/attempt=2.log';

  before(async function () {
    const c = await sandboxLogStream(group, stream);
    if (!c) return this.skip(); // only under the sandbox-backed host runner
    client = c;
    // CloudWatch (and moto) reject events older than 14 days: use now, to the second.
    t = Math.floor(Date.now() / 1000) * 1000 - 5000;
    // More than one GetLogEvents page would need >10,000 events; a few suffice for the shape.
    await client.send(new PutLogEventsCommand({
      logGroupName: group, logStreamName: stream, logEvents: [
        { timestamp: t, message: JSON.stringify({ event: 'Running task', level: 'info', logger: 'task', try_number: 2 }) },
        { timestamp: t + 1, message: JSON.stringify({ event: 'Task failed with exception', level: 'error', logger: 'task', error_detail: [{ exc_type: 'KeyError', exc_value: "'id'", frames: [{ filename: '/usr/local/airflow/dags/etl.py', lineno: 12, name: 'load' }] }] }) },
      ],
    }));
    // Its own scheme: the extension's provider already serves mwaa-log beside it.
    docs = new LogDocuments('mwaa-log-test');
  });
  after(() => {
    docs?.dispose();
    client?.destroy();
  });

  it('opens a task stream, rendered, in the mwaa-log language', async () => {
    const arn = `arn:aws:logs:us-east-1:123456789012:log-group:${group}`;
    const editor = await docs.open('etl.load attempt 2', async () => (await readStreamText(client, arn, stream)).text);
    assert.equal(editor.document.languageId, LOG_LANGUAGE);
    assert.equal(editor.document.uri.scheme, 'mwaa-log-test');
    const text = editor.document.getText();
    assert.match(text, new RegExp(`^${stamp(t)} INFO \\[task\\] Running task {2}try_number=2$`, 'm'));
    assert.match(text, new RegExp(`^${stamp(t + 1)} ERROR \\[task\\] Task failed with exception$`, 'm'));
    assert.match(text, /^ {2}File "\/usr\/local\/airflow\/dags\/etl\.py", line 12, in load$/m);
    assert.match(text, /^KeyError: 'id'$/m);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('caps what it keeps and says so', async () => {
    const arn = `arn:aws:logs:us-east-1:123456789012:log-group:${group}`;
    const capped = await readStreamText(client, arn, stream, { maxLines: 3 });
    assert.equal(capped.truncated, true);
    assert.match(capped.text.split('\n')[0]!, /earlier lines not shown/);
  });
});
