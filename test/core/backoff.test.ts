import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exponentialDelay, growDelay, jittered, retryWithBackoff } from '../../src/core/backoff';
import { backoffDelay } from '../../src/core/sync/retryPolicy';

/** A random source that hands out `values` in turn and counts the calls. */
function randoms(...values: number[]) {
  const source = Object.assign(() => {
    source.calls++;
    return values[(source.calls - 1) % values.length]!;
  }, { calls: 0 });
  return source;
}

test('exponential delay: initial, doubling by default, capped; attempt 0 counts as the first', () => {
  const b = { initialMs: 1000, maxMs: 30_000 };
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 7].map((n) => exponentialDelay(n, b)), [1000, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
  assert.deepEqual([1, 2, 3, 4].map((n) => exponentialDelay(n, { initialMs: 100, maxMs: 2000, factor: 3 })), [100, 300, 900, 2000]);
});

test('jitter: none never asks for a random number; equal is [d/2, d]; spread is [d/2, 3d/2)', () => {
  const none = randoms(0.5);
  assert.equal(exponentialDelay(3, { initialMs: 100, maxMs: 1000, random: none }), 400);
  assert.equal(none.calls, 0);
  const cases: Array<[ 'equal' | 'spread', number, number]> = [
    ['equal', 0, 200], ['equal', 0.5, 300], ['equal', 0.999, 399.8],
    ['spread', 0, 200], ['spread', 0.5, 400], ['spread', 0.999, 599.6],
  ];
  for (const [jitter, r, expected] of cases) {
    const got = exponentialDelay(3, { initialMs: 100, maxMs: 1000, jitter, random: () => r });
    assert.ok(Math.abs(got - expected) < 1e-9, `${jitter} at ${r}: ${got}`);
    assert.ok(Math.abs(jittered(400, jitter, () => r) - expected) < 1e-9);
  }
  assert.equal(jittered(400, 'none'), 400);
});

test('S3 retry numbers unchanged: equal jitter on base * 2^(n-1), capped, whole ms', () => {
  const before = (attempt: number, baseMs: number, maxMs: number, r: number) => {
    const cap = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
    return Math.round(cap / 2 + (cap / 2) * r);
  };
  for (const [baseMs, maxMs] of [[200, 10_000], [250, 30_000], [100, 5_000], [5, 20]] as const) {
    for (let attempt = 0; attempt <= 12; attempt++) {
      for (const r of [0, 0.123, 0.5, 0.777, 0.9999]) assert.equal(backoffDelay(attempt, { baseMs, maxMs, random: () => r }), before(attempt, baseMs, maxMs, r));
    }
  }
});

test('InvokeRestApi retry numbers unchanged: min(2000, 100 * 2^n) times 0.5-1.5', () => {
  for (let attempt = 1; attempt <= 8; attempt++) {
    for (const r of [0, 0.25, 0.5, 0.9999]) {
      assert.equal(exponentialDelay(attempt, { initialMs: 200, maxMs: 2000, jitter: 'spread', random: () => r }), Math.min(2000, 100 * 2 ** attempt) * (0.5 + r));
    }
  }
});

test('growDelay: step by step, rounded at each step, capped', () => {
  const steps = (start: number, factor: number, max: number, n: number) => {
    const out = [start];
    while (out.length < n) out.push(growDelay(out[out.length - 1]!, factor, max));
    return out;
  };
  assert.deepEqual(steps(5_000, 2, 60_000, 6), [5_000, 10_000, 20_000, 40_000, 60_000, 60_000]);
  // Rounding each step is not the same as rounding 1000 * 1.5^n (7594): the pollers keep their own numbers.
  assert.deepEqual(steps(1_000, 1.5, 10_000, 8), [1_000, 1_500, 2_250, 3_375, 5_063, 7_595, 10_000, 10_000]);
});

/** retryWithBackoff with a recorded, instant sleep. */
function recorded() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

test('retry loop: retries errors worth it, waiting delayMs(attempt) between attempts, then returns', async () => {
  const { waits, sleep } = recorded();
  const attempts: number[] = [];
  const result = await retryWithBackoff(async (attempt) => {
    attempts.push(attempt);
    if (attempt < 3) throw new Error(`flaky ${attempt}`);
    return 'ok';
  }, { maxAttempts: 5, retryError: () => true, delayMs: (n) => n * 10, sleep });
  assert.equal(result, 'ok');
  assert.deepEqual(attempts, [1, 2, 3]);
  assert.deepEqual(waits, [10, 20]);
});

test('retry loop: the last error after maxAttempts; an error not worth retrying (or with no retryError) at once', async () => {
  const { waits, sleep } = recorded();
  let calls = 0;
  await assert.rejects(retryWithBackoff(async () => {
    throw new Error(`fail ${++calls}`);
  }, { maxAttempts: 3, retryError: () => true, delayMs: () => 1, sleep }), /fail 3/);
  assert.deepEqual(waits, [1, 1]);
  for (const retryError of [() => false, undefined]) {
    const r = recorded();
    let n = 0;
    await assert.rejects(retryWithBackoff(async () => {
      throw new Error(`denied ${++n}`);
    }, { maxAttempts: 3, delayMs: () => 1, sleep: r.sleep, ...(retryError ? { retryError } : {}) }), /denied 1/);
    assert.deepEqual(r.waits, []);
  }
});

test('retry loop: results worth retrying are retried; the last one is returned as it is', async () => {
  const { waits, sleep } = recorded();
  let n = 0;
  const last = await retryWithBackoff(async () => ({ status: 429, n: ++n }), { maxAttempts: 3, retryResult: (r) => r.status === 429, delayMs: (a) => a, sleep });
  assert.deepEqual(last, { status: 429, n: 3 });
  assert.deepEqual(waits, [1, 2]);
  let m = 0;
  const good = await retryWithBackoff(async () => (++m === 2 ? 200 : 503), { maxAttempts: 5, retryResult: (s) => s >= 500, delayMs: () => 7, sleep });
  assert.equal(good, 200);
  assert.equal(m, 2);
});

test('retry loop: an error after an abort is rethrown, and an abort ends the wait at once', async () => {
  const aborted = new AbortController();
  aborted.abort();
  const { waits, sleep } = recorded();
  await assert.rejects(retryWithBackoff(async () => {
    throw new Error('after abort');
  }, { maxAttempts: 5, retryError: () => true, delayMs: () => 1, signal: aborted.signal, sleep }), /after abort/);
  assert.deepEqual(waits, []);

  const ac = new AbortController();
  const started = Date.now();
  const pending = retryWithBackoff(async () => {
    setTimeout(() => ac.abort(new Error('stopped')), 10);
    throw new Error('transient');
  }, { maxAttempts: 5, retryError: () => true, delayMs: () => 60_000, signal: ac.signal });
  await assert.rejects(pending, /stopped/);
  assert.ok(Date.now() - started < 5_000, 'the real sleep was cut short');
});
