import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { cloudWatchTransport } from '../../src/core/logs/cloudWatchTransport';
import { runTail, type TailEvent, type TailState } from '../../src/core/logs/tailSession';
import { startSandbox, type Sandbox } from '../../sandbox/src/main';
import { waitFor } from '../../sandbox/src/mwaa/testing/helpers';

// The tail session through the real SDK client against the sandbox: moto CloudWatch Logs behind
// the emulator's front, which serves StartLiveTail as an event stream. No Airflow needed.
let sandbox: Sandbox;
let client: CloudWatchLogsClient;
const group = 'airflow-tailtest-Task';
let groupArn: string;
let seq = 0;

before(async () => {
  sandbox = await startSandbox({ envs: [], realEnvironments: [], liveTail: { intervalMs: 250 } });
  client = new CloudWatchLogsClient({
    region: 'us-east-1',
    endpoint: sandbox.endpoints.logs,
    disableHostPrefix: true,
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
  });
  await client.send(new CreateLogGroupCommand({ logGroupName: group }));
  groupArn = `arn:aws:logs:us-east-1:123456789012:log-group:${group}`;
});

after(async () => {
  client?.destroy();
  await sandbox?.stop();
});

async function put(stream: string, lines: string[]): Promise<void> {
  await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream })).catch(() => undefined);
  const t = Date.now();
  await client.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: lines.map((m, i) => ({ timestamp: t + i, message: m })) }));
}

async function faults(body: unknown): Promise<void> {
  const res = await fetch(sandbox.endpoints.faults, { method: body === null ? 'DELETE' : 'POST', body: body === null ? undefined : JSON.stringify(body) });
  assert.ok(res.ok, `fault control answered ${res.status}`);
}

const tailOpts = { reconnectBaseMs: 100, reconnectMaxMs: 500, pollMinMs: 200, pollMaxMs: 1000 };

/**
 * Tails `stream` through the real SDK client from `startTime` until `count` lines have arrived:
 * `reached(kind)` waits for a state of the session, `end()` for the session to stop (20 s after it
 * is called at the most: then the assertion on `messages()` says what was missing).
 */
function tail(stream: string, count: number, startTime: number) {
  const ac = new AbortController();
  const events: TailEvent[] = [];
  const states: TailState[] = [];
  const sink = {
    events: (batch: TailEvent[]) => {
      events.push(...batch);
      if (events.length >= count) ac.abort();
    },
    state: (s: TailState) => states.push({ ...s, at: Date.now() } as unknown as TailState),
  };
  const done = runTail(cloudWatchTransport(client), { logGroupArns: [groupArn], streamPrefixes: [stream] }, sink, ac.signal, { startTime, ...tailOpts });
  return {
    states,
    messages: () => events.map((e) => e.message),
    reached: (kind: TailState['kind'], timeoutMs = 15_000) =>
      waitFor(`the tail to be ${kind}`, async () => states.some((st) => st.kind === kind), timeoutMs, 50).catch((err: Error) => {
        throw new Error(`${err.message} (by ${Date.now()}: ${JSON.stringify(states)})`);
      }),
    async end(): Promise<void> {
      const timer = setTimeout(() => ac.abort(), 20_000);
      await done;
      clearTimeout(timer);
    },
  };
}

test('history, then live lines through StartLiveTail, each line once', async () => {
  const stream = `dag_id=d/run_id=r${++seq}/task_id=t/attempt=1.log`;
  await put(stream, ['before 1', 'before 2']);
  const t = tail(stream, 4, Date.now() - 60_000);
  await t.reached('live');
  await put(stream, ['after 1', 'after 2']);
  await t.end();
  assert.deepEqual(t.messages(), ['before 1', 'before 2', 'after 1', 'after 2']);
});

test('a live-tail stream cut mid-session resumes without duplicates or loss', async () => {
  const stream = `dag_id=d/run_id=r${++seq}/task_id=t/attempt=1.log`;
  await faults({ rules: [{ kind: 'liveTailCut', service: 'logs', operation: 'StartLiveTail', afterMs: 1200, count: 1 }] });
  const t = tail(stream, 6, Date.now() - 1000);
  await t.reached('live');
  await put(stream, ['a', 'b']);
  await t.reached('reconnecting');
  await put(stream, ['c', 'd']); // may land while no session is open: the backfill must bring them
  await new Promise((r) => setTimeout(r, 1500));
  await put(stream, ['e', 'f']);
  await t.end();
  await faults(null);
  assert.deepEqual(t.messages(), ['a', 'b', 'c', 'd', 'e', 'f']);
});

test('live tail denied: falls back to FilterLogEvents polling and still delivers', async () => {
  const stream = `dag_id=d/run_id=r${++seq}/task_id=t/attempt=1.log`;
  await faults({ rules: [{ kind: 'accessDenied', service: 'logs', operation: 'StartLiveTail' }] });
  const t = tail(stream, 2, Date.now() - 1000);
  await t.reached('polling');
  await put(stream, ['polled 1', 'polled 2']);
  await t.end();
  await faults(null);
  assert.deepEqual(t.messages(), ['polled 1', 'polled 2']);
  const polling = t.states.find((s) => s.kind === 'polling');
  assert.ok(polling && polling.kind === 'polling' && /AccessDenied/.test(polling.reason));
});
