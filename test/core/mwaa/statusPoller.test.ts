import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isCancellation } from '../../../src/core/errors';
import { normaliseEnvironment, type MwaaEnvironment } from '../../../src/core/mwaa/environment';
import { pollUntilSettled, sleepFor } from '../../../src/core/mwaa/statusPoller';

const env = (status: string): MwaaEnvironment => normaliseEnvironment({ Name: 'e', Status: status as never }, { profile: 'p', region: 'us-east-1' });

/** getFn answering the given statuses in turn; sleep records delays instead of waiting. */
function script(statuses: Array<string | Error>) {
  let i = 0;
  const delays: number[] = [];
  return {
    delays,
    get calls() {
      return i;
    },
    getFn: async () => {
      const next = statuses[Math.min(i++, statuses.length - 1)]!;
      if (next instanceof Error) throw next;
      return env(next);
    },
    sleep: async (ms: number) => {
      delays.push(ms);
    },
  };
}

test('polls with exponential backoff capped at maxMs until the status settles', async () => {
  const s = script(['UPDATING', 'UPDATING', 'UPDATING', 'UPDATING', 'UPDATING', 'AVAILABLE']);
  const updates: string[] = [];
  const result = await pollUntilSettled(s.getFn, { initialMs: 100, maxMs: 500, sleep: s.sleep, onUpdate: (e) => updates.push(e.status) });
  assert.equal(result.status, 'AVAILABLE');
  assert.deepEqual(s.delays, [100, 200, 400, 500, 500]);
  assert.deepEqual(updates, ['UPDATING', 'UPDATING', 'UPDATING', 'UPDATING', 'UPDATING', 'AVAILABLE']);
});

test('the delay resets when the status changes', async () => {
  const s = script(['UPDATING', 'UPDATING', 'UPDATING', 'CREATING_SNAPSHOT', 'CREATING_SNAPSHOT', 'UPDATE_FAILED']);
  const result = await pollUntilSettled(s.getFn, { initialMs: 10, maxMs: 1000, sleep: s.sleep });
  assert.equal(result.status, 'UPDATE_FAILED');
  assert.deepEqual(s.delays, [10, 20, 40, 10, 20]);
});

test('already settled: one call, no wait', async () => {
  const s = script(['AVAILABLE']);
  await pollUntilSettled(s.getFn, { sleep: s.sleep });
  assert.equal(s.calls, 1);
  assert.deepEqual(s.delays, []);
});

test('throttling and network errors are retried; other errors end the poll', async () => {
  const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
  const s = script(['UPDATING', throttled, Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }), 'AVAILABLE']);
  assert.equal((await pollUntilSettled(s.getFn, { initialMs: 1, sleep: s.sleep })).status, 'AVAILABLE');
  const denied = Object.assign(new Error('denied'), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });
  const d = script(['UPDATING', denied]);
  await assert.rejects(pollUntilSettled(d.getFn, { initialMs: 1, sleep: d.sleep }), /denied/);
  const always = script([throttled]);
  await assert.rejects(pollUntilSettled(always.getFn, { initialMs: 1, sleep: always.sleep, maxConsecutiveErrors: 3 }), /Rate exceeded/);
  assert.equal(always.calls, 3);
});

test('abort ends the poll during a real sleep, as a cancellation', async () => {
  const controller = new AbortController();
  const s = script(['UPDATING']);
  const started = Date.now();
  setTimeout(() => controller.abort(), 30);
  await assert.rejects(pollUntilSettled(s.getFn, { initialMs: 10_000, abortSignal: controller.signal }), (e: unknown) => isCancellation(e));
  assert.ok(Date.now() - started < 1000);
});

test('real short delays: settles after the backoff sequence', async () => {
  const s = script(['UPDATING', 'UPDATING', 'AVAILABLE']);
  const t0 = Date.now();
  await pollUntilSettled(s.getFn, { initialMs: 20, maxMs: 40 });
  const took = Date.now() - t0;
  assert.ok(took >= 55 && took < 500, `took ${took} ms`);
  await assert.rejects(sleepFor(10, AbortSignal.abort()), (e: unknown) => isCancellation(e));
});

test('a custom settled test keeps polling past a non-transitional status', async () => {
  const s = script(['AVAILABLE', 'UPDATING', 'AVAILABLE']);
  let seenUpdating = false;
  const result = await pollUntilSettled(s.getFn, {
    initialMs: 1, sleep: s.sleep,
    settled: (e) => {
      if (e.status === 'UPDATING') seenUpdating = true;
      return seenUpdating && !e.statusInfo.transitional;
    },
  });
  assert.equal(result.status, 'AVAILABLE');
  assert.equal(s.calls, 3);
});
