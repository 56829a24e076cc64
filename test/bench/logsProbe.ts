import { CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { cloudWatchTransport } from '../../src/core/logs/cloudWatchTransport';
import { createRedactingLogger } from '../../src/core/logger';
import { createTailPty } from '../../src/host/tailTerminal';
import { probeEntry } from './probeEntry';

/**
 * Runs inside the extension host (as a test entry): PutLogEvents -> line written by the live-tail
 * terminal, live tail vs polling, then a sustained load. Results go to MWAA_TEST_RESULTS.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

export const run = probeEntry(measure);

async function measure(out: Record<string, unknown>): Promise<void> {
  const client = new CloudWatchLogsClient({
    region: 'us-east-1', endpoint: process.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, disableHostPrefix: true,
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
  });
  const group = `airflow-bench-${Date.now()}-Task`;
  await client.send(new CreateLogGroupCommand({ logGroupName: group }));
  const arn = `arn:aws:logs:us-east-1:123456789012:log-group:${group}`;
  let streamNo = 0;

  async function tailRun(label: string, events: number, gapMs: number): Promise<number[]> {
    const stream = `dag_id=bench/run_id=r${++streamNo}/task_id=t/attempt=1.log`;
    await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
    const sent = new Map<number, number>();
    const latencies: number[] = [];
    const pty = createTailPty({
      title: label, transport: cloudWatchTransport(client), target: { logGroupArns: [arn], streamPrefixes: [stream] },
      startTime: Date.now(), logger: createRedactingLogger(() => undefined),
    });
    let live = false;
    pty.onDidWrite((data) => {
      const now = Date.now();
      if (/● Live|◌ Polling/.test(data)) live = true;
      for (const m of data.matchAll(/bench-event (\d+)/g)) {
        const id = Number(m[1]);
        const t = sent.get(id);
        if (t !== undefined) {
          latencies.push(now - t);
          sent.delete(id);
        }
      }
    });
    pty.open(undefined);
    for (let i = 0; i < 200 && !live; i++) await sleep(50);
    for (let i = 0; i < events; i++) {
      sent.set(i, Date.now());
      await client.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: [{ timestamp: Date.now(), message: `bench-event ${i}` }] }));
      await sleep(gapMs);
    }
    for (let i = 0; i < 100 && sent.size; i++) await sleep(100);
    pty.close();
    await pty.done;
    if (sent.size) throw new Error(`${label}: ${sent.size} of ${events} lines never appeared`);
    return latencies;
  }

  const faults = process.env.MWAA_SANDBOX_FAULTS_URL!;
  const live = await tailRun('live', 200, 20);
  out.liveMedianMs = pct(live, 0.5);
  out.liveP95Ms = pct(live, 0.95);
  await fetch(faults, { method: 'POST', body: JSON.stringify({ rules: [{ kind: 'accessDenied', service: 'logs', operation: 'StartLiveTail' }] }) });
  const polled = await tailRun('polling', 200, 20);
  await fetch(faults, { method: 'DELETE' });
  out.pollMedianMs = pct(polled, 0.5);
  out.pollP95Ms = pct(polled, 0.95);

  // Sustained: 500 events/s for the configured seconds through the live terminal.
  const seconds = Number(process.env.MWAA_BENCH_LOGS_SECONDS ?? 60);
  const stream = 'dag_id=bench/run_id=sustained/task_id=t/attempt=1.log';
  await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
  let written = 0;
  let delivered = 0;
  let sampledWarnings = 0;
  const pty = createTailPty({
    title: 'sustained', transport: cloudWatchTransport(client), target: { logGroupArns: [arn], streamPrefixes: [stream] },
    startTime: Date.now(), logger: createRedactingLogger(() => undefined),
  });
  pty.onDidWrite((d) => {
    written += d.length;
    delivered += (d.match(/load-line/g) ?? []).length;
    sampledWarnings += (d.match(/Live tail is sampling/g) ?? []).length;
  });
  pty.open(undefined);
  await sleep(2000);
  global.gc?.();
  const rss0 = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t0 = Date.now();
  let sentLines = 0;
  const rssSamples: number[] = [];
  const inFlight: Promise<unknown>[] = [];
  // One batch of 50 on every 100 ms slot, not waiting for the previous one: a steady 500/s.
  for (let s = 0; s < seconds * 10; s++) {
    const now = Date.now();
    const first = sentLines;
    inFlight.push(client.send(new PutLogEventsCommand({
      logGroupName: group, logStreamName: stream,
      logEvents: Array.from({ length: 50 }, (_, i) => ({ timestamp: now, message: `[${new Date(now).toISOString()}] {bench.py:1} INFO - load-line ${first + i} ${'x'.repeat(80)}` })),
    })));
    sentLines += 50;
    if (s % 50 === 0) rssSamples.push(process.memoryUsage().rss);
    const wait = t0 + (s + 1) * 100 - Date.now();
    if (wait > 0) await sleep(wait);
  }
  const sendSeconds = (Date.now() - t0) / 1000;
  await Promise.all(inFlight);
  for (let i = 0; i < 200 && delivered < sentLines; i++) await sleep(100);
  const elapsed = sendSeconds;
  const cpu = process.cpuUsage(cpu0);
  pty.close();
  await pty.done;
  out.sustained = {
    seconds: elapsed, sentLines, deliveredLines: delivered, sampledWarnings, bytesWritten: written,
    ratePerSecond: sentLines / elapsed,
    extensionHostCpuPercent: ((cpu.user + cpu.system) / 1000 / (elapsed * 1000)) * 100,
    rssStartMb: rss0 / 1048576, rssEndMb: process.memoryUsage().rss / 1048576,
    rssSamplesMb: rssSamples.map((r) => Math.round(r / 1048576)),
  };
  out.rssGrowthMb = (process.memoryUsage().rss - rss0) / 1048576;
  client.destroy();
}
