import { exponentialDelay, growDelay } from '../backoff';
import { SeamDeduplicator } from './seam';
import { sleepFor } from '../sleep';

/** What to tail: log groups by ARN (no `:*`), optionally narrowed to streams and a pattern. */
export interface TailTarget {
  readonly logGroupArns: readonly string[];
  readonly streamNames?: readonly string[];
  readonly streamPrefixes?: readonly string[];
  /** CloudWatch filter pattern syntax. */
  readonly filterPattern?: string;
}

export interface TailEvent {
  readonly logStreamName?: string;
  readonly timestamp?: number;
  readonly message?: string;
}

/** One frame of a StartLiveTail response stream, as the SDK yields it. */
export interface LiveTailFrame {
  readonly sessionStart?: { sessionId?: string };
  readonly sessionUpdate?: { sessionMetadata?: { sampled?: boolean }; sessionResults?: TailEvent[] };
  readonly SessionTimeoutException?: { message?: string };
  readonly SessionStreamingException?: { message?: string };
}

/** The two ways of reading a log, adapted from the SDK by the caller (tests pass fakes). */
export interface TailTransport {
  /** Starts a live tail; errors before the stream opens (AccessDenied…) are thrown here. */
  liveTail(target: TailTarget, signal: AbortSignal): Promise<AsyncIterable<LiveTailFrame>>;
  /** FilterLogEvents from startTime (inclusive), every page, in order. */
  filter(target: TailTarget, startTime: number, signal: AbortSignal): AsyncIterable<TailEvent[]>;
}

export type TailState =
  | { kind: 'history' }
  | { kind: 'live'; sampled: boolean }
  | { kind: 'reconnecting'; reason: string; attempt: number }
  | { kind: 'polling'; reason: string; intervalMs: number }
  | { kind: 'stopped'; error?: string };

export interface TailSink {
  events(events: TailEvent[]): void;
  state(state: TailState): void;
}

export interface TailOptions {
  /** Where history starts (ms since epoch). */
  readonly startTime: number;
  /** Reconnect backoff and polling bounds; small in tests. */
  readonly reconnectBaseMs?: number;
  readonly reconnectMaxMs?: number;
  readonly pollMinMs?: number;
  readonly pollMaxMs?: number;
  /** Gives up reconnecting after this many failures in a row (then polls). */
  readonly maxReconnects?: number;
  /** How far before the last seen event a backfill re-reads (events can arrive late). */
  readonly overlapMs?: number;
  readonly now?: () => number;
}

/** Errors that mean "live tail is not for you here": fall back to polling instead of retrying. */
export function isLiveTailUnavailable(err: unknown): boolean {
  const name = (err as { name?: string })?.name ?? '';
  return ['AccessDeniedException', 'InvalidOperationException', 'UnrecognizedClientException', 'UnknownOperationException', 'NotImplemented'].includes(name)
    || /not supported|unknown operation|not authorized/i.test((err as Error)?.message ?? '');
}


/**
 * Tails a log: history first, then live, with no gap and no duplicate at the seam. A live
 * session that times out (3 h) or drops is reopened after a backfill of what it missed; when
 * live tail is denied or unavailable, FilterLogEvents polling takes over with an interval that
 * shortens while lines arrive and lengthens while the log is quiet. Ends when `signal` aborts.
 */
export async function runTail(transport: TailTransport, target: TailTarget, sink: TailSink, signal: AbortSignal, opts: TailOptions): Promise<void> {
  const now = opts.now ?? Date.now;
  const overlap = opts.overlapMs ?? 5_000;
  // Re-reads reach back `overlap` behind the newest line; remembering a few times that covers
  // every seam while keeping memory bounded at high rates.
  const seam = new SeamDeduplicator(Math.max(20_000, overlap * 4));
  let lastSeen = opts.startTime;

  const deliver = (batch: readonly TailEvent[]): number => {
    const fresh = seam.admit(batch);
    for (const e of fresh) if ((e.timestamp ?? 0) > lastSeen) lastSeen = e.timestamp ?? lastSeen;
    if (fresh.length) sink.events(fresh);
    return fresh.length;
  };
  const backfill = async (from: number): Promise<number> => {
    let n = 0;
    for await (const page of transport.filter(target, from, signal)) n += deliver(page);
    return n;
  };

  try {
    sink.state({ kind: 'history' });
    await backfill(opts.startTime);
    const pollReason = await followLive(transport, target, sink, signal, opts, deliver, () => backfill(Math.max(opts.startTime, lastSeen - overlap)));
    await poll(sink, signal, opts, pollReason, () => backfill(Math.max(opts.startTime, lastSeen - overlap)), now);
  } catch (err) {
    if (signal.aborted) {
      sink.state({ kind: 'stopped' });
      return;
    }
    sink.state({ kind: 'stopped', error: (err as Error)?.message ?? String(err) });
    throw err;
  }
}

/** Live sessions until aborted; returns why it gave up on live tail (then we poll). */
async function followLive(
  transport: TailTransport,
  target: TailTarget,
  sink: TailSink,
  signal: AbortSignal,
  opts: TailOptions,
  deliver: (batch: readonly TailEvent[]) => number,
  catchUp: () => Promise<number>,
): Promise<string> {
  let failures = 0;
  for (;;) {
    signal.throwIfAborted();
    let reason: string;
    try {
      const frames = await transport.liveTail(target, signal);
      // A session only sends what arrives after it starts: catch up on what came before.
      await catchUp();
      reason = await readSession(frames, sink, deliver, () => {
        failures = 0;
      });
    } catch (err) {
      // Only our own signal means "stop": a server cutting the stream can surface as an abort.
      if (signal.aborted) throw err;
      if (isLiveTailUnavailable(err)) return `live tail unavailable (${(err as Error).name}: ${(err as Error).message})`;
      reason = `stream dropped (${(err as Error)?.message ?? err})`;
      failures++;
    }
    if (failures > (opts.maxReconnects ?? 5)) return `live tail kept failing: ${reason}`;
    sink.state({ kind: 'reconnecting', reason, attempt: failures + 1 });
    if (failures > 0) {
      await sleepFor(exponentialDelay(failures, { initialMs: opts.reconnectBaseMs ?? 1000, maxMs: opts.reconnectMaxMs ?? 30_000 }), signal);
    }
  }
}

/** Reads one session to its end; returns why it ended (timeout, server error, stream closed). */
async function readSession(
  frames: AsyncIterable<LiveTailFrame>,
  sink: TailSink,
  deliver: (batch: readonly TailEvent[]) => number,
  onHealthy: () => void,
): Promise<string> {
  let sampled: boolean | undefined;
  for await (const frame of frames) {
    if (frame.sessionStart) {
      sink.state({ kind: 'live', sampled: false });
      sampled = false;
      onHealthy();
    } else if (frame.sessionUpdate) {
      const s = frame.sessionUpdate.sessionMetadata?.sampled === true;
      if (s !== sampled) sink.state({ kind: 'live', sampled: s });
      sampled = s;
      deliver(frame.sessionUpdate.sessionResults ?? []);
    } else if (frame.SessionTimeoutException) {
      return 'session timed out';
    } else if (frame.SessionStreamingException) {
      return `streaming error: ${frame.SessionStreamingException.message ?? 'unknown'}`;
    }
  }
  return 'stream closed';
}

async function poll(sink: TailSink, signal: AbortSignal, opts: TailOptions, reason: string, fetchNew: () => Promise<number>, now: () => number): Promise<void> {
  const min = opts.pollMinMs ?? 1000;
  const max = opts.pollMaxMs ?? 10_000;
  let interval = min;
  sink.state({ kind: 'polling', reason, intervalMs: interval });
  for (;;) {
    signal.throwIfAborted();
    const started = now();
    const got = await fetchNew();
    const next = got > 0 ? min : growDelay(interval, 1.5, max);
    if (next !== interval) sink.state({ kind: 'polling', reason, intervalMs: next });
    interval = next;
    await sleepFor(Math.max(0, interval - (now() - started)), signal);
  }
}
