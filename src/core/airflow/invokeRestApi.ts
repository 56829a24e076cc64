import type { AwsCredentialIdentity } from '@smithy/types';
import { createHash, createHmac } from 'node:crypto';
import { loadSdk } from '../aws/loadSdk';
import { exponentialDelay, retryWithBackoff } from '../backoff';
import { isRedirect, redirectTarget } from './redirects';
import { AirflowHttpError, networkCode, TransportUnavailableError } from './transportErrors';
import type { RestRequest } from './restRequests';
import type { AirflowTransport, RestResponse } from './transport';

/** InvokeRestApi rejects a Path longer than this (MWAA API model). */
export const MAX_PATH = 64;

const REQUEST_TIMEOUT_MS = 30_000;

export interface InvokeRestApiConfig {
  readonly environmentName: string;
  readonly region: string;
  /** The MWAA endpoint (https://airflow.REGION.amazonaws.com, or an override such as the sandbox). */
  readonly endpoint: string;
  /** Real AWS prefixes the host with `env.`; a local override must not. */
  readonly hostPrefix: boolean;
  readonly credentials: () => Promise<AwsCredentialIdentity>;
  readonly maxAttempts?: number;
  readonly fetch?: typeof fetch;
  readonly userAgent?: string;
}

// node:crypto in the shape SignatureV4 wants (it takes a constructor with update/digest).
class Sha256 {
  private readonly h;
  constructor(secret?: SourceData) {
    this.h = secret ? createHmac('sha256', toBytes(secret)) : createHash('sha256');
  }
  update(data: SourceData): void {
    this.h.update(toBytes(data));
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.h.digest());
  }
}

type SourceData = string | ArrayBuffer | ArrayBufferView;

function toBytes(d: SourceData): string | Uint8Array {
  if (typeof d === 'string') return d;
  return d instanceof ArrayBuffer ? new Uint8Array(d) : new Uint8Array(d.buffer, d.byteOffset, d.byteLength);
}

/**
 * Airflow's REST API through MWAA's InvokeRestApi (SigV4 on every call, no token, no network
 * path to the webserver needed). @aws-sdk/client-mwaa 3.523.0 predates the operation, so this
 * signs the documented restJson1 request itself with the same credentials and region.
 */
export function invokeRestApiTransport(cfg: InvokeRestApiConfig): AirflowTransport {
  const doFetch = cfg.fetch ?? fetch;
  return {
    kind: 'InvokeRestApi',
    async request(req: RestRequest, signal?: AbortSignal): Promise<RestResponse> {
      if (req.path.length > MAX_PATH) {
        throw new TransportUnavailableError('pathTooLong', `InvokeRestApi takes paths of at most ${MAX_PATH} characters; ${req.path} has ${req.path.length}`, 'request');
      }
      const url = restApiUrl(cfg);
      const body = restApiBody(req);
      // The one retry loop of this path (no SDK client under it): throttling, 5xx and network
      // failures, with the shared backoff; an abort ends the wait at once.
      const res = await retryWithBackoff(() => sendSigned(cfg, doFetch, url, body, signal), {
        maxAttempts: cfg.maxAttempts ?? 3,
        retryResult: (r) => r.status === 429 || r.status >= 500 || /Throttl/.test(r.errorType),
        retryError: (err) => err instanceof TransportUnavailableError && err.reason === 'network',
        // 200, 400, 800, 1600, then 2000 ms, each times 0.5-1.5.
        delayMs: (attempt) => exponentialDelay(attempt, { initialMs: 200, maxMs: 2000, jitter: 'spread' }),
        signal,
      });
      return interpretResponse(res);
    },
  };
}

/** The raw InvokeRestApi answer: HTTP status, parsed JSON body and the AWS error type (if any). */
interface InvokeRestApiResponse {
  status: number;
  json: Record<string, unknown>;
  errorType: string;
}

/** POST target: the endpoint (with `env.` host prefix for real AWS) plus /restapi/ENV. */
function restApiUrl(cfg: InvokeRestApiConfig): URL {
  const base = new URL(cfg.endpoint);
  if (cfg.hostPrefix) base.hostname = `env.${base.hostname}`;
  return new URL(`${base.pathname.replace(/\/$/, '')}/restapi/${encodeURIComponent(cfg.environmentName)}`, base);
}

/** The restJson1 request body for one Airflow REST call. */
function restApiBody(req: RestRequest): string {
  return JSON.stringify({
    Method: req.method,
    Path: req.path,
    ...(req.query ? { QueryParameters: req.query } : {}),
    ...(req.body ? { Body: req.body } : {}),
  });
}

/** Signs (SigV4, service `airflow`) and sends one InvokeRestApi request. */
async function sendSigned(cfg: InvokeRestApiConfig, doFetch: typeof fetch, url: URL, body: string, signal?: AbortSignal): Promise<InvokeRestApiResponse> {
  const { SignatureV4 } = loadSdk();
  const signer = new SignatureV4({ service: 'airflow', region: cfg.region, credentials: cfg.credentials, sha256: Sha256 });
  const headers: Record<string, string> = { 'content-type': 'application/json', host: url.host };
  if (cfg.userAgent) headers['user-agent'] = cfg.userAgent;
  const signed = await signer.sign({
    method: 'POST',
    protocol: url.protocol,
    hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined,
    path: url.pathname,
    headers,
    body,
  });
  let res: Response;
  try {
    // redirect 'manual': a redirect would resend the signed headers and the body elsewhere.
    res = await doFetch(url, { method: 'POST', headers: signed.headers as Record<string, string>, body, redirect: 'manual', signal: withTimeout(signal) });
  } catch (err) {
    const code = signal?.aborted ? undefined : (networkCode(err) ?? ((err as Error)?.name === 'TimeoutError' ? 'TimeoutError' : undefined));
    if (code) throw new TransportUnavailableError('network', `InvokeRestApi endpoint ${url.host} unreachable (${code})`);
    throw err;
  }
  if (isRedirect(res.status)) {
    await res.body?.cancel();
    throw new TransportUnavailableError(
      'redirected',
      `InvokeRestApi endpoint ${url.host} answered HTTP ${res.status} redirecting to ${redirectTarget(res, url)}; not followed (the signed request goes to the endpoint only)`,
    );
  }
  return readResponse(res);
}

/** Each attempt ends after 30 s, or sooner when the caller aborts. */
function withTimeout(signal: AbortSignal | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  return signal ? AbortSignal.any([signal, timeout]) : timeout;
}

/** Status, JSON (or `{ Message: text }` when not JSON) and the bare AWS error type name. */
async function readResponse(res: Response): Promise<InvokeRestApiResponse> {
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = { Message: text };
  }
  const errorType = (res.headers.get('x-amzn-errortype') ?? String(json.__type ?? '')).split(':')[0]!.split('#').pop()!;
  return { status: res.status, json, errorType };
}

/** Airflow's answer on success; otherwise the matching AirflowHttpError / TransportUnavailableError / Error. */
function interpretResponse(res: InvokeRestApiResponse): RestResponse {
  const message = String(res.json.Message ?? res.json.message ?? '');
  if (res.status >= 200 && res.status < 300) {
    return { status: Number(res.json.RestApiStatusCode ?? 200), json: res.json.RestApiResponse };
  }
  if (res.errorType === 'RestApiClientException' || res.errorType === 'RestApiServerException') {
    throw new AirflowHttpError(Number(res.json.RestApiStatusCode ?? 0), res.json.RestApiResponse, 'InvokeRestApi');
  }
  if (res.errorType === 'AccessDeniedException' || res.status === 403) {
    throw new TransportUnavailableError('accessDenied', `InvokeRestApi denied: ${message || 'AccessDeniedException'} (needs airflow:InvokeRestApi on the environment's Airflow role)`);
  }
  if (/update your environment/i.test(message)) {
    throw new TransportUnavailableError('needsUpdate', `InvokeRestApi not enabled yet: ${message}`);
  }
  if (res.errorType === 'ValidationException' && /path/i.test(message)) {
    throw new TransportUnavailableError('pathTooLong', `InvokeRestApi rejected the path: ${message}`, 'request');
  }
  const err = new Error(`${res.errorType || `HTTP ${res.status}`}: ${message || 'InvokeRestApi failed'}`);
  err.name = res.errorType || 'InvokeRestApiError';
  throw err;
}
