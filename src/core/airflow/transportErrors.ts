import { isNetworkErrorCode } from '../net/networkErrors';
import { redact } from '../redact';

// Features load in separate bundles, each with its own copy of this class: `instanceof` fails
// across them (a 404 from the services bundle's client would not read as "not there" in the
// secrets bundle); a brand in the global symbol registry does not.
const HTTP_BRAND = Symbol.for('mwaa-toolkit.AirflowHttpError');

/** Airflow answered with a non-2xx status: the request reached Airflow and it said no. */
export class AirflowHttpError extends Error {
  readonly [HTTP_BRAND] = true;

  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly via: string,
  ) {
    super(redact(`Airflow answered ${status}${detailOf(body)} (via ${via})`));
    this.name = 'AirflowHttpError';
  }
}

/** An AirflowHttpError from any of the extension's bundles (with that status, when given). */
export function isAirflowHttpError(err: unknown, status?: number): err is AirflowHttpError {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[HTTP_BRAND] === true
    && (status === undefined || (err as AirflowHttpError).status === status);
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
