import * as assert from 'node:assert/strict';
import { PutLogEventsCommand, type CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { cloudWatchTransport } from '../../src/core/logs/cloudWatchTransport';
import { createRedactingLogger } from '../../src/core/logger';
import { createTailPty } from '../../src/host/tailTerminal';
import { sandboxLogStream } from './sandboxLogs';
import { waitFor } from './waitFor';

// The live-tail terminal in the real extension host against the sandbox's CloudWatch Logs
// (endpoint from the environment the host runner passes in, as from a user's shell).
const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

describe('live tail terminal', () => {
  let client: CloudWatchLogsClient;
  const group = `airflow-hosttest-${Date.now()}-Task`;
  const stream = 'dag_id=etl/run_id=manual__2025-01-01T00_00_00+00_00/task_id=load/attempt=1.log';

  before(async function () {
    const c = await sandboxLogStream(group, stream);
    if (!c) return this.skip(); // only under the sandbox-backed host runner
    client = c;
  });
  after(() => client?.destroy());

  async function put(messages: string[]): Promise<void> {
    const t = Date.now();
    await client.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: messages.map((message, i) => ({ timestamp: t + i, message })) }));
  }

  it('shows history then live lines, rendered and coloured, and closing it ends the session', async () => {
    await put(['[2025-01-01, 00:00:01 UTC] {taskinstance.py:1} INFO - history line']);
    const lines: string[] = [];
    const pty = createTailPty({
      title: 'etl.load attempt 1',
      transport: cloudWatchTransport(client),
      target: { logGroupArns: [`arn:aws:logs:us-east-1:123456789012:log-group:${group}`], streamPrefixes: [stream] },
      startTime: Date.now() - 60_000,
      logger: createRedactingLogger(() => undefined),
      flushMs: 50,
    });
    pty.onDidWrite((d) => lines.push(...d.split('\r\n').filter(Boolean)));
    pty.open(undefined);
    const shown = (re: RegExp) => waitFor(String(re), async () => lines.some((l) => re.test(strip(l))), 20_000).catch((err: Error) => {
      throw new Error(`${err.message} in:\n${lines.map(strip).join('\n')}`);
    });
    await shown(/history line/);
    await shown(/● Live/);
    await put([JSON.stringify({ event: 'Task failed', level: 'error', logger: 'task', error_detail: [{ exc_type: 'ValueError', exc_value: 'bad row', frames: [{ filename: '/usr/local/airflow/dags/etl.py', lineno: 9, name: 'load' }] }] })]);
    await shown(/ERROR \[task\] Task failed/);
    await shown(/File "\/usr\/local\/airflow\/dags\/etl.py", line 9, in load/);
    assert.ok(lines.some((l) => strip(l) === `── ${stream} ──`), 'stream marker missing');
    assert.ok(lines.some((l) => /\x1b\[31mERROR/.test(l)), 'ERROR not coloured');
    pty.close();
    await Promise.race([pty.done, new Promise((_, reject) => setTimeout(() => reject(new Error('tail did not stop after close()')), 5000))]);
  });
});
