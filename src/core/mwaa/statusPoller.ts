/**
 * Polls an environment while its status is transitional (UPDATING, CREATING_SNAPSHOT, ...), with
 * exponential backoff: updates take 10-40 minutes, so polling fast for the whole time only burns
 * API quota. The delay resets when the status changes, since then more change tends to follow.
 */
import { classifyAwsError } from '../aws/awsErrors';
import { growDelay } from '../backoff';
import { isCancellation } from '../errors';
import { abortReason } from './concurrencyLimit';
import type { MwaaEnvironment } from './environment';
import { sleepFor } from '../sleep';

export interface PollOptions {
  /** First delay; default 5 s. */
  readonly initialMs?: number;
  /** Delay cap; default 60 s. */
  readonly maxMs?: number;
  /** Growth per unchanged poll; default 2. */
  readonly factor?: number;
  readonly abortSignal?: AbortSignal;
  /** Each fetched state, settled or not. */
  readonly onUpdate?: (env: MwaaEnvironment) => void;
  /** Consecutive retryable failures (throttling, network) tolerated before giving up; default 5. */
  readonly maxConsecutiveErrors?: number;
  /**
   * When a fetched state ends the poll; default: its status is not transitional. A rollout also
   * waits out the moment right after UpdateEnvironment when GetEnvironment may still say AVAILABLE.
   */
  readonly settled?: (env: MwaaEnvironment) => boolean;
  /** Injected by tests to run without real time. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Calls `getFn` until the environment has settled (its status is not transitional) and returns that state.
 * Throws the abort reason when aborted, or the error when a call fails for a non-retryable reason.
 */
export async function pollUntilSettled(
  getFn: (signal?: AbortSignal) => Promise<MwaaEnvironment>,
  options: PollOptions = {},
): Promise<MwaaEnvironment> {
  const initial = Math.max(1, options.initialMs ?? 5_000);
  const max = Math.max(initial, options.maxMs ?? 60_000);
  const factor = Math.max(1, options.factor ?? 2);
  const maxErrors = options.maxConsecutiveErrors ?? 5;
  const sleep = options.sleep ?? sleepFor;
  const signal = options.abortSignal;
  const settled = options.settled ?? ((e: MwaaEnvironment) => !e.statusInfo.transitional);
  let delay = initial;
  let lastStatus: string | undefined;
  let errors = 0;
  for (;;) {
    if (signal?.aborted) throw abortReason(signal);
    let env: MwaaEnvironment | undefined;
    try {
      env = await getFn(signal);
      errors = 0;
    } catch (err) {
      if (isCancellation(err) || signal?.aborted) throw signal?.aborted ? abortReason(signal) : err;
      const kind = classifyAwsError(err);
      if (!kind.retryable || ++errors >= maxErrors) throw err;
    }
    if (env) {
      options.onUpdate?.(env);
      if (settled(env)) return env;
      if (lastStatus !== undefined && env.status !== lastStatus) delay = initial;
      lastStatus = env.status;
    }
    await sleep(delay, signal);
    delay = growDelay(delay, factor, max);
  }
}

export { sleepFor };
