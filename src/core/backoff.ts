/**
 * Backoff in one place: how long to wait before the next attempt, as pure functions (tests pass
 * their own random source), and the retry loop that waits with the abortable sleep in between.
 * Each caller keeps its own numbers (initial delay, factor, cap, jitter); only the arithmetic and
 * the loop live here.
 */
import { sleepFor } from './sleep';

/**
 * How a delay `d` is randomised: `none` keeps it; `equal` is uniform in [d/2, d] (half fixed, half
 * random: never shorter than half); `spread` is uniform in [d/2, 3d/2) around it.
 */
export type Jitter = 'none' | 'equal' | 'spread';

export interface ExponentialBackoff {
  /** The wait after the first failed attempt. */
  readonly initialMs: number;
  /** Cap on the wait before jitter. */
  readonly maxMs: number;
  /** Growth per attempt; default 2. */
  readonly factor?: number;
  /** Default `none`. */
  readonly jitter?: Jitter;
  /** A number in [0, 1); Math.random unless a test injects one. Only called when there is jitter. */
  readonly random?: () => number;
}

/**
 * The wait after failed attempt `attempt` (1-based): min(maxMs, initialMs * factor^(attempt-1)),
 * then jittered. Not rounded: a caller that wants whole milliseconds rounds.
 */
export function exponentialDelay(attempt: number, backoff: ExponentialBackoff): number {
  const capped = Math.min(backoff.maxMs, backoff.initialMs * (backoff.factor ?? 2) ** Math.max(0, attempt - 1));
  return jittered(capped, backoff.jitter ?? 'none', backoff.random ?? Math.random);
}

/** `delayMs` randomised as `jitter` says, with `random()` in [0, 1). */
export function jittered(delayMs: number, jitter: Jitter, random: () => number = Math.random): number {
  switch (jitter) {
    case 'none':
      return delayMs;
    case 'equal': {
      const half = delayMs / 2;
      return half + half * random();
    }
    case 'spread':
      return delayMs * (0.5 + random());
  }
}

/**
 * The next wait of a poll that slows down while nothing changes: `currentMs * factor`, in whole
 * milliseconds, capped at `maxMs`. Step by step (rounded at each step), for loops that also reset
 * their delay (when a status changes or lines arrive).
 */
export function growDelay(currentMs: number, factor: number, maxMs: number): number {
  return Math.min(maxMs, Math.round(currentMs * factor));
}

export interface RetryLoopOptions<T> {
  /** Attempts in all, the first one included. */
  readonly maxAttempts: number;
  /** The wait after failed attempt `attempt` (1-based); asked only when there will be another attempt. */
  readonly delayMs: (attempt: number) => number;
  /** Whether a thrown error is worth another attempt; without it, none is (errors are rethrown). */
  readonly retryError?: (err: unknown) => boolean;
  /** Whether a result is worth another attempt (a 429 answer); the last attempt's result is returned as it is. */
  readonly retryResult?: (result: T) => boolean;
  /** Aborting ends the wait at once (rejecting with the abort reason); an error after an abort is rethrown. */
  readonly signal?: AbortSignal;
  /** The wait; sleepFor unless a test runs without real time. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Calls `fn(attempt)` until it returns a result not worth retrying, throws an error not worth
 * retrying, or `maxAttempts` were made; waits `delayMs(attempt)` between attempts.
 */
export async function retryWithBackoff<T>(fn: (attempt: number) => Promise<T>, options: RetryLoopOptions<T>): Promise<T> {
  const sleep = options.sleep ?? sleepFor;
  for (let attempt = 1; ; attempt++) {
    let result: T;
    try {
      result = await fn(attempt);
    } catch (err) {
      if (options.signal?.aborted || attempt >= options.maxAttempts || !options.retryError?.(err)) throw err;
      await sleep(options.delayMs(attempt), options.signal);
      continue;
    }
    if (attempt >= options.maxAttempts || !options.retryResult?.(result)) return result;
    await sleep(options.delayMs(attempt), options.signal);
  }
}
