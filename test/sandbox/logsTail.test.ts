import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { cloudWatchTransport } from '../../src/core/logs/cloudWatchTransport';
import { runTail, type TailEvent, type TailState } from '../../src/core/logs/tailSession';
import { startSandbox, type Sandbox } from '../../sandbox/src/main';

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

function collect(until: (events: TailEvent[]) => boolean, ac: AbortController) {
  const events: TailEvent[] = [];
  const states: TailState[] = [];
  return {
    events,
    states,
    sink: {
      events: (b: TailEvent[]) => {
        events.push(...b);
        if (until(events)) ac.abort();
      },
      state: (s: TailState) => states.push({ ...s, at: Date.now() } as unknown as TailState),
    },
  };
}

async function waitForState(states: TailState[], kind: TailState['kind'], timeoutMs = 15_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!states.some((s) => s.kind === kind)) {
    if (Date.now() > end) throw new Error(`never reached ${kind} by ${Date.now()}: ${JSON.stringify(states)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const tailOpts = { reconnectBaseMs: 100, reconnectMaxMs: 500, pollMinMs: 200, pollMaxMs: 1000 };

test('history, then live lines through StartLiveTail, each line once', async () => {
  const stream = `dag_id=d/run_id=r${++seq}/task_id=t/attempt=1.log`;
  await put(stream, ['before 1', 'before 2']);
  const ac = new AbortController();
  const out = collect((e) => e.length >= 4, ac);
  const done = runTail(cloudWatchTransport(client), { logGroupArns: [groupArn], streamPrefixes: [stream] }, out.sink, ac.signal, { startTime: Date.now() - 60_000, ...tailOpts });
  await waitForState(out.states, 'live');
  await put(stream, ['after 1', 'after 2']);
  const timer = setTimeout(() => ac.abort(), 20_000);
  await done;
  clearTimeout(timer);
  assert.deepEqual(out.events.map((e) => e.message), ['before 1', 'before 2', 'after 1', 'after 2']);
});

test('a live-tail stream cut mid-session resumes without duplicates or loss', async () => {
  const stream = `dag_id=d/run_id=r${++seq}/task_id=t/attempt=1.log`;
  await faults({ rules: [{ kind: 'liveTailCut', service: 'logs', operation: 'StartLiveTail', afterMs: 1200, count: 1 }] });
  const ac = new AbortController();
  const out = collect((e) => e.length >= 6, ac);
  const done = runTail(cloudWatchTransport(client), { logGroupArns: [groupArn], streamPrefixes: [stream] }, out.sink, ac.signal, { startTime: Date.now() - 1000, ...tailOpts });
  await waitForState(out.states, 'live');
  await put(stream, ['a', 'b']);
  await waitForState(out.states, 'reconnecting');
  await put(stream, ['c', 'd']); // may land while no session is open: the backfill must bring them
  await new Promise((r) => setTimeout(r, 1500));
  await put(stream, ['e', 'f']);
  const timer = setTimeout(() => ac.abort(), 20_000);
  await done;
  clearTimeout(timer);
  await faults(null);
  assert.deepEqual(out.events.map((e) => e.message), ['a', 'b', 'c', 'd', 'e', 'f']);
});

test('live tail denied: falls back to FilterLogEvents polling and still delivers', async () => {
  const stream = `dag_id=d/run_id=r${++seq}/task_id=t/attempt=1.log`;
  await faults({ rules: [{ kind: 'accessDenied', service: 'logs', operation: 'StartLiveTail' }] });
  const ac = new AbortController();
  const out = collect((e) => e.length >= 2, ac);
  const done = runTail(cloudWatchTransport(client), { logGroupArns: [groupArn], streamPrefixes: [stream] }, out.sink, ac.signal, { startTime: Date.now() - 1000, ...tailOpts });
  await waitForState(out.states, 'polling');
  await put(stream, ['polled 1', 'polled 2']);
  const timer = setTimeout(() => ac.abort(), 20_000);
  await done;
  clearTimeout(timer);
  await faults(null);
  assert.deepEqual(out.events.map((e) => e.message), ['polled 1', 'polled 2']);
  const polling = out.states.find((s) => s.kind === 'polling');
  assert.ok(polling && polling.kind === 'polling' && /AccessDenied/.test(polling.reason));
});
