/**
 * What to do after a failed S3 call: retry with backoff (throttling, 5xx, network, dropped
 * connections), pause until the user renews credentials, or fail (access denied, bad request).
 */
import { classifyAwsError, type ClassifiedAwsError } from '../aws/awsErrors';
import { sleepFor } from '../sleep';

export type FailureAction = 'retry' | 'pause' | 'fail' | 'cancelled';

export interface FailureDecision {
  readonly action: FailureAction;
  readonly classified: ClassifiedAwsError;
}

export function decideOnFailure(err: unknown, context: { profile?: string; region?: string; operation?: string } = {}): FailureDecision {
  const classified = classifyAwsError(err, context);
  switch (classified.kind) {
    case 'cancelled':
      return { action: 'cancelled', classified };
    case 'sso-login':
    case 'no-credentials':
    case 'invalid-credentials':
      // Uploads wait for new credentials rather than being dropped.
      return { action: 'pause', classified };
    case 'throttled':
    case 'network':
      return { action: 'retry', classified };
    default: {
      const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
      const name = (err as { name?: string })?.name ?? '';
      // 5xx, S3's retryable codes, and the SDK's own "socket hang up"-style transport failures.
      const transient = classified.retryable || (status !== undefined && status >= 500) || /InternalError|ServiceUnavailable|RequestTimeout|SlowDown|TimeoutError/.test(name) || (status === undefined && !(err instanceof TypeError) && /socket|ECONN|EPIPE|aborted|network/i.test(String((err as Error)?.message)));
      return { action: transient ? 'retry' : 'fail', classified };
    }
  }
}

export interface BackoffOptions {
  readonly baseMs: number;
  readonly maxMs: number;
  readonly random?: () => number;
}

/** Exponential backoff with full jitter: uniform in [base*2^n/2, base*2^n], capped. */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  const cap = Math.min(options.maxMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  const r = (options.random ?? Math.random)();
  return Math.round(cap / 2 + (cap / 2) * r);
}

export interface RetryOptions {
  readonly maxAttempts?: number;
  readonly backoff?: BackoffOptions;
  readonly signal?: AbortSignal;
  readonly context?: { profile?: string; region?: string; operation?: string };
}

/** Runs `fn` until it succeeds, retrying transient failures; rethrows others and the last one. */
export async function withRetries<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const max = options.maxAttempts ?? 6;
  const backoff = options.backoff ?? { baseMs: 200, maxMs: 10_000 };
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (options.signal?.aborted || attempt >= max || decideOnFailure(err, options.context).action !== 'retry') throw err;
      await sleepFor(backoffDelay(attempt, backoff), options.signal);
    }
  }
}

