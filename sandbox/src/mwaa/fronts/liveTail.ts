import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DescribeLogGroupsCommand, FilterLogEventsCommand, type FilteredLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import { encodeEvent, encodeException } from './eventStream';
import { compileFilterPattern, type LogMatcher } from './filterPattern';
import { sendAwsJsonError } from './httpUtil';
import type { MotoClients } from '../backends/motoClients';

export interface LiveTailOptions {
  /** SessionTimeoutException after this long (AWS: 3 h). */
  timeoutMs: number;
  /** Update cadence (AWS: 1 s). */
  intervalMs: number;
  /** Events per update above which the update is sampled (AWS: 500). */
  maxPerUpdate: number;
}

export const DEFAULT_LIVE_TAIL: LiveTailOptions = { timeoutMs: 3 * 3600_000, intervalMs: 1000, maxPerUpdate: 500 };

interface Target { arn: string; region: string; group: string }

const ARN = /^arn:aws[a-z-]*:logs:([a-z0-9-]+):(\d{12}):log-group:([^:*]+)$/;

/**
 * StartLiveTail served from moto's log events: validates like the API (before the stream opens),
 * then streams sessionStart and one sessionUpdate per interval with the events ingested since the
 * session began, until the timeout, the client leaves, or a `liveTailCut` fault drops the socket.
 */
export async function serveLiveTail(
  req: IncomingMessage, res: ServerResponse, body: Record<string, unknown>, moto: MotoClients, opts: LiveTailOptions, cutAfterMs?: number,
): Promise<void> {
  const ids = body.logGroupIdentifiers;
  const names = body.logStreamNames as string[] | undefined;
  const prefixes = body.logStreamNamePrefixes as string[] | undefined;
  const invalid = (msg: string) => sendAwsJsonError(res, 400, 'InvalidParameterException', msg);
  if (!Array.isArray(ids) || ids.length < 1 || ids.length > 10) return invalid('logGroupIdentifiers must list 1 to 10 log group ARNs.');
  const targets: Target[] = [];
  for (const id of ids as string[]) {
    if (typeof id === 'string' && id.endsWith('*')) return invalid(`Log group ARN ${id} must not end with '*' (strip the trailing ':*' of CloudWatchLogGroupArn).`);
    const m = ARN.exec(String(id));
    if (!m) return invalid(`logGroupIdentifiers must be log group ARNs (arn:aws:logs:<region>:<account>:log-group:<name>); got ${String(id)}`);
    targets.push({ arn: String(id), region: m[1]!, group: m[3]! });
  }
  if (names && prefixes) return invalid('Specify logStreamNames or logStreamNamePrefixes, not both.');
  if ((names || prefixes) && targets.length !== 1) return invalid('logStreamNames and logStreamNamePrefixes require exactly one log group.');
  for (const list of [names, prefixes]) {
    if (list && (!Array.isArray(list) || list.length < 1 || list.length > 100)) return invalid('logStreamNames/logStreamNamePrefixes must hold 1 to 100 entries.');
  }
  let matcher: LogMatcher;
  try {
    matcher = compileFilterPattern(body.logEventFilterPattern as string | undefined);
  } catch (err) {
    return invalid((err as Error).message);
  }
  for (const t of targets) {
    const out = await moto.logsClient(t.region).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: t.group }));
    if (!out.logGroups?.some((g) => g.logGroupName === t.group)) {
      sendAwsJsonError(res, 400, 'ResourceNotFoundException', `The specified log group does not exist: ${t.arn}`);
      return;
    }
  }

  const started = Date.now();
  const sessionId = randomUUID();
  res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream', 'x-amzn-requestid': randomUUID() });
  const start: Record<string, unknown> = { requestId: randomUUID(), sessionId, logGroupIdentifiers: ids };
  if (names) start.logStreamNames = names;
  if (prefixes) start.logStreamNamePrefixes = prefixes;
  if (body.logEventFilterPattern) start.logEventFilterPattern = body.logEventFilterPattern;
  res.write(encodeEvent('sessionStart', start));

  let open = true;
  res.on('close', () => { open = false; });
  req.on('aborted', () => { open = false; });
  const cut = cutAfterMs !== undefined ? setTimeout(() => { open = false; res.socket?.destroy(); }, cutAfterMs) : undefined;
  const seen = new Set<string>();
  try {
    while (open) {
      await sleep(Math.min(opts.intervalMs, Math.max(0, started + opts.timeoutMs - Date.now())));
      if (!open) break;
      if (Date.now() - started >= opts.timeoutMs) {
        res.write(encodeException('SessionTimeoutException', `Live Tail session ${sessionId} timed out after ${Math.round(opts.timeoutMs / 1000)} s.`));
        res.end();
        break;
      }
      const fresh = await newEvents(moto, targets, names, prefixes, started, seen, matcher);
      let results = fresh;
      let sampled = false;
      if (results.length > opts.maxPerUpdate) {
        const step = results.length / opts.maxPerUpdate;
        results = Array.from({ length: opts.maxPerUpdate }, (_, i) => fresh[Math.floor(i * step)]!);
        sampled = true;
      }
      if (!open) break;
      res.write(encodeEvent('sessionUpdate', { sessionMetadata: { sampled }, sessionResults: results }));
    }
  } catch (err) {
    if (open) {
      res.write(encodeException('SessionStreamingException', `sandbox live tail failed reading moto: ${(err as Error).message}`));
      res.end();
    }
  } finally {
    if (cut) clearTimeout(cut);
  }
}

async function newEvents(
  moto: MotoClients, targets: Target[], names: string[] | undefined, prefixes: string[] | undefined,
  since: number, seen: Set<string>, matcher: LogMatcher,
): Promise<Array<Record<string, unknown>>> {
  const out: Array<FilteredLogEvent & { arn: string }> = [];
  for (const t of targets) {
    const selectors: Array<{ logStreamNames?: string[]; logStreamNamePrefix?: string }> = names
      ? [{ logStreamNames: names }] : prefixes ? prefixes.map((p) => ({ logStreamNamePrefix: p })) : [{}];
    for (const sel of selectors) {
      let nextToken: string | undefined;
      do {
        // Events may carry timestamps a little older than their ingestion (handlers batch), so
        // look back in event time and select on ingestion time.
        const page = await moto.logsClient(t.region).send(new FilterLogEventsCommand({
          logGroupName: t.group, ...sel, startTime: since - 15 * 60_000, nextToken,
        }));
        for (const e of page.events ?? []) {
          const id = e.eventId ?? `${e.logStreamName}/${e.timestamp}/${e.message}`;
          if (seen.has(id) || (e.ingestionTime ?? e.timestamp ?? 0) < since) continue;
          // moto does not apply every stream selector itself; enforce them here.
          if (sel.logStreamNamePrefix && !e.logStreamName?.startsWith(sel.logStreamNamePrefix)) continue;
          if (sel.logStreamNames && !sel.logStreamNames.includes(e.logStreamName ?? '')) continue;
          seen.add(id);
          if (matcher(e.message ?? '')) out.push({ ...e, arn: t.arn });
        }
        nextToken = page.nextToken;
      } while (nextToken);
    }
  }
  out.sort((a, b) => (a.timestamp ?? 0) - (b.timestamp ?? 0));
  return out.map((e) => ({
    logStreamName: e.logStreamName, logGroupIdentifier: e.arn, message: e.message,
    timestamp: e.timestamp, ingestionTime: e.ingestionTime ?? e.timestamp,
  }));
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
