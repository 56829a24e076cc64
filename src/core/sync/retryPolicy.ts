/**
 * What to do after a failed S3 call: retry with backoff (throttling, 5xx, network, dropped
 * connections), pause until the user renews credentials, or fail (access denied, bad request).
 */
import { classifyAwsError, type AwsErrorContext, type ClassifiedAwsError } from '../aws/awsErrors';
import { exponentialDelay, retryWithBackoff } from '../backoff';

export type FailureAction = 'retry' | 'pause' | 'fail' | 'cancelled';

export interface FailureDecision {
  readonly action: FailureAction;
  readonly classified: ClassifiedAwsError;
}

export function decideOnFailure(err: unknown, context: AwsErrorContext = {}): FailureDecision {
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

/** Exponential backoff from `baseMs` (doubling, capped at `maxMs`) with equal jitter: uniform in [d/2, d], whole ms. */
export function backoffDelay(attempt: number, options: BackoffOptions): number {
  return Math.round(exponentialDelay(attempt, { initialMs: options.baseMs, maxMs: options.maxMs, jitter: 'equal', random: options.random }));
}

export interface RetryOptions {
  readonly maxAttempts?: number;
  readonly backoff?: BackoffOptions;
  readonly signal?: AbortSignal;
  readonly context?: { profile?: string; region?: string; operation?: string };
}

/** Runs `fn` until it succeeds, retrying transient failures; rethrows others and the last one. */
export function withRetries<T>(fn: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const backoff = options.backoff ?? { baseMs: 200, maxMs: 10_000 };
  return retryWithBackoff(() => fn(), {
    maxAttempts: options.maxAttempts ?? 6,
    retryError: (err) => decideOnFailure(err, options.context).action === 'retry',
    delayMs: (attempt) => backoffDelay(attempt, backoff),
    signal: options.signal,
  });
}
