import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runTail, type LiveTailFrame, type TailEvent, type TailState, type TailTransport } from '../../../src/core/logs/tailSession';

const ev = (t: number): TailEvent => ({ logStreamName: 's', timestamp: t, message: `line ${t}` });
const target = { logGroupArns: ['arn:aws:logs:us-east-1:123456789012:log-group:g'] };
const fast = { reconnectBaseMs: 1, reconnectMaxMs: 5, pollMinMs: 5, pollMaxMs: 20, overlapMs: 10 };

/** A live session that never yields a frame: each `next()` is `next()` (one that rejects ends the session with that error). */
function framesFrom(next: () => Promise<IteratorResult<LiveTailFrame>>): AsyncIterable<LiveTailFrame> {
  return { [Symbol.asyncIterator]: () => ({ next }) };
}

/** An in-memory log group plus scripted live sessions. */
function fakeTransport(log: TailEvent[], sessions: Array<() => AsyncIterable<LiveTailFrame>>, liveError?: Error) {
  let started = 0;
  const filterCalls: number[] = [];
  const transport: TailTransport = {
    async liveTail(_t, signal) {
      if (liveError) throw liveError;
      const s = sessions[started++];
      // Past the script: a session that stays open until aborted, as the SDK's does.
      if (!s) return framesFrom(() => new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true })));
      return s();
    },
    async *filter(_t, startTime) {
      filterCalls.push(startTime);
      const page = log.filter((e) => (e.timestamp ?? 0) >= startTime);
      // An empty page first, as FilterLogEvents may return one.
      yield [];
      yield page;
    },
  };
  return { transport, filterCalls, sessionsStarted: () => started };
}

function sinkUntil(predicate: (events: TailEvent[]) => boolean, ac: AbortController) {
  const events: TailEvent[] = [];
  const states: TailState[] = [];
  return {
    events,
    states,
    sink: {
      events(batch: TailEvent[]) {
        events.push(...batch);
        if (predicate(events)) ac.abort();
      },
      state(s: TailState) {
        states.push(s);
      },
    },
  };
}

const times = (events: TailEvent[]) => events.map((e) => e.timestamp);

/** Tails `log` with the scripted live `sessions` until `count` lines were shown; what the sink saw, and the transport's counters. */
async function tailUntil(count: number, log: TailEvent[], sessions: Array<() => AsyncIterable<LiveTailFrame>>) {
  const ac = new AbortController();
  const fake = fakeTransport(log, sessions);
  const out = sinkUntil((e) => e.length >= count, ac);
  await runTail(fake.transport, target, out.sink, ac.signal, { startTime: 0, ...fast });
  return { ...out, filterCalls: fake.filterCalls, sessionsStarted: fake.sessionsStarted };
}

test('history first, then live, with the overlap shown once', async () => {
  const out = await tailUntil(5, [ev(1), ev(2), ev(3)], [
    async function* () {
      yield { sessionStart: { sessionId: 'a' } };
      yield { sessionUpdate: { sessionResults: [ev(2), ev(3), ev(4)] } };
      yield { sessionUpdate: { sessionResults: [ev(5)] } };
    },
  ]);
  assert.deepEqual(times(out.events), [1, 2, 3, 4, 5]);
  assert.deepEqual(out.states.slice(0, 2), [{ kind: 'history' }, { kind: 'live', sampled: false }]);
  assert.deepEqual(out.states.at(-1), { kind: 'stopped' });
});

test('a timed-out session is reopened and what it re-sends is not shown twice', async () => {
  const log = [ev(1)];
  const out = await tailUntil(4, log, [
    async function* () {
      yield { sessionStart: {} };
      yield { sessionUpdate: { sessionResults: [ev(2)] } };
      log.push(ev(2), ev(3)); // 3 arrives while no session is open
      yield { SessionTimeoutException: { message: 'timeout' } };
    },
    async function* () {
      yield { sessionStart: {} };
      yield { sessionUpdate: { sessionResults: [ev(3), ev(4)] } };
    },
  ]);
  assert.deepEqual(times(out.events), [1, 2, 3, 4]);
  assert.equal(out.sessionsStarted(), 2);
  assert.ok(out.states.some((s) => s.kind === 'reconnecting' && s.reason === 'session timed out'));
});

test('a dropped stream reconnects with backoff and backfills the gap without duplicates', async () => {
  const log = [ev(1)];
  const out = await tailUntil(5, log, [
    async function* () {
      yield { sessionStart: {} };
      yield { sessionUpdate: { sessionResults: [ev(1), ev(2)] } };
      log.push(ev(2), ev(3), ev(4)); // written while the connection is down
      throw Object.assign(new Error('socket hang up'), { name: 'Error' });
    },
    async function* () {
      yield { sessionStart: {} };
      yield { sessionUpdate: { sessionResults: [ev(4), ev(5)] } };
    },
  ]);
  assert.deepEqual(times(out.events), [1, 2, 3, 4, 5]);
  const reconnect = out.states.find((s) => s.kind === 'reconnecting');
  assert.ok(reconnect && reconnect.kind === 'reconnecting' && /socket hang up/.test(reconnect.reason));
  assert.ok(out.filterCalls.length >= 3, 'history, catch-up on first session and on reconnect');
});

test('live tail denied: polling takes over, and its interval grows while the log is quiet', async () => {
  const ac = new AbortController();
  const log = [ev(1)];
  const denied = Object.assign(new Error('User is not authorized to perform: logs:StartLiveTail'), { name: 'AccessDeniedException' });
  const { transport } = fakeTransport(log, [], denied);
  const out = sinkUntil(() => false, ac);
  setTimeout(() => log.push(ev(2)), 30);
  setTimeout(() => ac.abort(), 150);
  await runTail(transport, target, out.sink, ac.signal, { startTime: 0, ...fast });
  assert.deepEqual(times(out.events), [1, 2]);
  const polling = out.states.filter((s) => s.kind === 'polling');
  assert.match((polling[0] as { reason: string }).reason, /AccessDeniedException/);
  const intervals = polling.map((s) => (s as { intervalMs: number }).intervalMs);
  assert.ok(Math.max(...intervals) > fast.pollMinMs, `interval never grew: ${intervals}`);
  assert.ok(intervals.every((i) => i <= fast.pollMaxMs));
});

test('the sampled flag is reported when the service samples, and cleared when it stops', async () => {
  const out = await tailUntil(2, [], [
    async function* () {
      yield { sessionStart: {} };
      yield { sessionUpdate: { sessionMetadata: { sampled: true }, sessionResults: [ev(1)] } };
      yield { sessionUpdate: { sessionMetadata: { sampled: false }, sessionResults: [ev(2)] } };
    },
  ]);
  const live = out.states.filter((s) => s.kind === 'live').map((s) => (s as { sampled: boolean }).sampled);
  assert.deepEqual(live, [false, true, false]);
});

test('an abort-shaped error from a cut stream is a drop to recover from, not the user stopping', async () => {
  const out = await tailUntil(2, [], [
    async function* () {
      yield { sessionStart: {} };
      yield { sessionUpdate: { sessionResults: [ev(1)] } };
      throw Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    },
    async function* () {
      yield { sessionStart: {} };
      yield { sessionUpdate: { sessionResults: [ev(2)] } };
    },
  ]);
  assert.deepEqual(times(out.events), [1, 2]);
  assert.equal(out.sessionsStarted(), 2);
});

test('a session that keeps failing falls back to polling instead of retrying forever', async () => {
  const ac = new AbortController();
  const failing = () => framesFrom(() => Promise.reject(new Error('ECONNRESET')));
  const { transport, sessionsStarted } = fakeTransport([ev(1)], Array.from({ length: 10 }, () => failing));
  const out = sinkUntil(() => false, ac);
  setTimeout(() => ac.abort(), 200);
  await runTail(transport, target, out.sink, ac.signal, { startTime: 0, ...fast, maxReconnects: 2 });
  assert.equal(sessionsStarted(), 3);
  assert.ok(out.states.some((s) => s.kind === 'polling' && /kept failing/.test(s.reason)));
});

test('waiting leaves no abort listener behind (a tail polls for hours on one signal)', async () => {
  const { sleepFor: sleep } = await import('../../../src/core/sleep');
  const ac = new AbortController();
  let added = 0;
  let removed = 0;
  const add = ac.signal.addEventListener.bind(ac.signal);
  const remove = ac.signal.removeEventListener.bind(ac.signal);
  ac.signal.addEventListener = ((...a: Parameters<typeof add>) => (added++, add(...a))) as typeof add;
  ac.signal.removeEventListener = ((...a: Parameters<typeof remove>) => (removed++, remove(...a))) as typeof remove;
  for (let i = 0; i < 20; i++) await sleep(1, ac.signal);
  assert.equal(added, 20);
  assert.equal(removed, 20);
  const pending = sleep(10_000, ac.signal);
  ac.abort();
  await assert.rejects(pending, { name: 'AbortError' });
});
