/**
 * Tails Airflow's process and DAG-parsing log files into CloudWatch Logs (moto), for the groups
 * Airflow has no remote handler for (Scheduler, DAGProcessing, WebServer). Task logs do NOT go
 * through here: Airflow's own CloudWatch task handler writes them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand, type InputLogEvent,
} from '@aws-sdk/client-cloudwatch-logs';
import { SANDBOX_CREDENTIALS } from '../moto';

export type ShipSource =
  /** One file (e.g. a process's stdout) into one stream. */
  | { file: string; group: string; stream: string }
  /** Every *.log file under `dir`; `streamFor(relativePath)` names its stream, undefined skips it. */
  | { dir: string; group: string; streamFor(rel: string): string | undefined };

export interface LogShipper {
  /** Ships what is new now (also runs every intervalMs). */
  flush(): Promise<void>;
  /** Final flush, then stops. */
  stop(): Promise<void>;
}

const MAX_EVENT_BYTES = 250_000; // CloudWatch: 256 KiB per event including 26 bytes overhead
const MAX_BATCH_BYTES = 900_000;
const MAX_BATCH_EVENTS = 5_000;

function listLogs(dir: string, rel = ''): string[] {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    // Symlinks such as logs/scheduler/latest would ship every file twice.
    if (e.isDirectory()) out.push(...listLogs(dir, r));
    else if (e.isFile() && e.name.endsWith('.log')) out.push(r);
  }
  return out;
}

export function startLogShipper(opts: { endpoint: string; region: string; sources: ShipSource[]; intervalMs?: number }): LogShipper {
  const client = new CloudWatchLogsClient({
    region: opts.region, endpoint: opts.endpoint, credentials: SANDBOX_CREDENTIALS, disableHostPrefix: true,
  });
  const offsets = new Map<string, number>();
  const partial = new Map<string, string>();
  const knownGroups = new Set<string>();
  const knownStreams = new Set<string>();
  let running: Promise<void> | undefined;
  let stopped = false;

  const ensure = async (group: string, stream: string): Promise<void> => {
    if (!knownGroups.has(group)) {
      try {
        await client.send(new CreateLogGroupCommand({ logGroupName: group }));
      } catch (err) {
        if ((err as Error).name !== 'ResourceAlreadyExistsException') throw err;
      }
      knownGroups.add(group);
    }
    const key = `${group}\0${stream}`;
    if (!knownStreams.has(key)) {
      try {
        await client.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
      } catch (err) {
        if ((err as Error).name !== 'ResourceAlreadyExistsException') throw err;
      }
      knownStreams.add(key);
    }
  };

  /** New complete lines of `file` since the last call (a trailing partial line waits). */
  const readNew = (file: string): string[] => {
    let size: number;
    try {
      size = fs.statSync(file).size;
    } catch {
      return [];
    }
    let from = offsets.get(file) ?? 0;
    if (size < from) from = 0; // truncated or rotated
    if (size === from) return [];
    const fd = fs.openSync(file, 'r');
    const buf = Buffer.alloc(Math.min(size - from, 8 * 1024 * 1024));
    let n = 0;
    try {
      n = fs.readSync(fd, buf, 0, buf.length, from);
    } finally {
      fs.closeSync(fd);
    }
    offsets.set(file, from + n);
    const text = (partial.get(file) ?? '') + buf.subarray(0, n).toString('utf8');
    const lines = text.split('\n');
    partial.set(file, lines.pop() ?? '');
    return lines.filter((l) => l.trim().length > 0);
  };

  const put = async (group: string, stream: string, lines: string[]): Promise<void> => {
    if (lines.length === 0) return;
    await ensure(group, stream);
    const now = Date.now();
    let batch: InputLogEvent[] = [];
    let bytes = 0;
    const send = async (): Promise<void> => {
      if (batch.length) await client.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: batch }));
      batch = [];
      bytes = 0;
    };
    for (const line of lines) {
      const message = line.length > MAX_EVENT_BYTES ? line.slice(0, MAX_EVENT_BYTES) : line;
      if (batch.length >= MAX_BATCH_EVENTS || bytes + message.length + 26 > MAX_BATCH_BYTES) await send();
      batch.push({ timestamp: now, message });
      bytes += Buffer.byteLength(message) + 26;
    }
    await send();
  };

  const once = async (): Promise<void> => {
    for (const src of opts.sources) {
      if ('file' in src) {
        await put(src.group, src.stream, readNew(src.file));
      } else {
        for (const rel of listLogs(src.dir)) {
          const stream = src.streamFor(rel);
          if (stream) await put(src.group, stream.replace(/[:*]/g, '_'), readNew(path.join(src.dir, rel)));
        }
      }
    }
  };

  const flush = (): Promise<void> => {
    // One pass at a time; a failed pass (moto stopping) is retried on the next tick.
    running ??= once().catch(() => undefined).finally(() => { running = undefined; });
    return running;
  };

  const timer = setInterval(() => { if (!stopped) void flush(); }, opts.intervalMs ?? 2000);
  timer.unref();

  return {
    flush,
    async stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      await running;
      await flush();
      client.destroy();
    },
  };
}
