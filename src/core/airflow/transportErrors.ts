import { isNetworkErrorCode } from '../net/networkErrors';
import { redact } from '../redact';

/** Airflow answered with a non-2xx status: the request reached Airflow and it said no. */
export class AirflowHttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly via: string,
  ) {
    super(redact(`Airflow answered ${status}${detailOf(body)} (via ${via})`));
    this.name = 'AirflowHttpError';
  }
}

/**
 * Why a transport cannot serve this environment (or this request): the client moves on to the
 * next transport. `scope: 'request'` only skips it for the one request (a path too long).
 */
export type UnavailableReason = 'accessDenied' | 'needsUpdate' | 'privateWebserver' | 'pathTooLong' | 'network' | 'redirected' | 'unsupported';

export class TransportUnavailableError extends Error {
  constructor(
    readonly reason: UnavailableReason,
    message: string,
    readonly scope: 'environment' | 'request' = 'environment',
  ) {
    super(redact(message));
    this.name = 'TransportUnavailableError';
  }
}

function detailOf(body: unknown): string {
  if (!body || typeof body !== 'object') return typeof body === 'string' && body ? `: ${body.slice(0, 300)}` : '';
  const b = body as Record<string, unknown>;
  const detail = b.detail ?? b.title ?? b.message ?? b.Message;
  if (typeof detail === 'string') return `: ${detail}`;
  if (Array.isArray(detail)) return `: ${detail.map((d) => (d as { msg?: string }).msg ?? JSON.stringify(d)).join('; ')}`;
  return '';
}

/** fetch() wraps socket errors in a TypeError whose cause carries the code. */
export function networkCode(err: unknown): string | undefined {
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  const code = e?.cause?.code ?? e?.code;
  return isNetworkErrorCode(code) ? code : undefined;
}
