/**
 * The three IAM Identity Center OIDC calls the device authorization sign-in needs (RegisterClient,
 * StartDeviceAuthorization, CreateToken), as plain JSON over fetch: the SDK packages at the
 * extension's SDK version do not carry RegisterClient or StartDeviceAuthorization, and these calls
 * are unsigned. Responses are size-bounded; secrets in them are returned, never logged.
 */
import { UserFacingError } from '../errors';
import { isLoopbackHost } from '../net/loopback';
import { readCapped } from '../net/publicFetch';
import { requireRegionCode } from './region';

export interface RegisteredClient {
  readonly clientId: string;
  readonly clientSecret: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

export interface DeviceAuthorization {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly verificationUri: string;
  readonly verificationUriComplete: string;
  /** Seconds the device code stays valid. */
  readonly expiresIn: number;
  /** Seconds to wait between CreateToken calls. */
  readonly interval: number;
}

export interface IssuedToken {
  readonly accessToken: string;
  readonly expiresIn: number;
  readonly refreshToken?: string;
}

/** An OAuth error CreateToken answers while polling (`authorization_pending`, `slow_down`, …). */
export class OidcError extends Error {
  constructor(readonly code: string, message: string, readonly status: number) {
    super(message);
    this.name = 'OidcError';
  }
}

export interface OidcApi {
  registerClient(clientName: string, scopes: readonly string[], signal?: AbortSignal): Promise<RegisteredClient>;
  startDeviceAuthorization(client: RegisteredClient, startUrl: string, signal?: AbortSignal): Promise<DeviceAuthorization>;
  createToken(client: RegisteredClient, deviceCode: string, signal?: AbortSignal): Promise<IssuedToken>;
}

const MAX_RESPONSE_BYTES = 256 * 1024;
const CALL_TIMEOUT_MS = 30_000;

/** AWS_ENDPOINT_URL_SSO_OIDC, then AWS_ENDPOINT_URL (unless configured endpoints are off), else AWS's host. */
export function oidcEndpoint(region: string, env: NodeJS.ProcessEnv = process.env): string {
  const ignore = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true';
  const configured = ignore ? undefined : (env.AWS_ENDPOINT_URL_SSO_OIDC?.trim() || env.AWS_ENDPOINT_URL?.trim());
  if (configured) return configured.replace(/\/+$/, '');
  return `https://oidc.${requireRegionCode(region, 'the sso_region')}.amazonaws.com`;
}

export function fetchOidcApi(endpoint: string, fetchImpl: typeof fetch = fetch): OidcApi {
  const call = async (route: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<Record<string, unknown>> => {
    const timeout = AbortSignal.timeout(CALL_TIMEOUT_MS);
    const res = await fetchImpl(`${endpoint}${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      // The body carries the client secret and the device code: never re-sent to another host.
      redirect: 'error',
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    const text = await boundedText(res);
    let data: Record<string, unknown> = {};
    try {
      const parsed: unknown = text ? JSON.parse(text) : {};
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
    } catch {
      if (res.ok) throw new UserFacingError(`IAM Identity Center at ${endpoint} answered ${route} with something that is not JSON.`);
    }
    if (!res.ok) throw oidcError(res, data);
    return data;
  };
  return {
    async registerClient(clientName, scopes, signal) {
      const d = await call('/client/register', { clientName, clientType: 'public', ...(scopes.length ? { scopes } : {}) }, signal);
      return { clientId: str(d, 'clientId'), clientSecret: str(d, 'clientSecret'), expiresAt: num(d, 'clientSecretExpiresAt') * 1000 };
    },
    async startDeviceAuthorization(client, startUrl, signal) {
      const d = await call('/device_authorization', { clientId: client.clientId, clientSecret: client.clientSecret, startUrl }, signal);
      const verificationUri = browserUrl(str(d, 'verificationUri'));
      return {
        deviceCode: str(d, 'deviceCode'),
        userCode: str(d, 'userCode'),
        verificationUri,
        verificationUriComplete: typeof d.verificationUriComplete === 'string' ? browserUrl(d.verificationUriComplete) : verificationUri,
        expiresIn: num(d, 'expiresIn'),
        interval: typeof d.interval === 'number' && d.interval > 0 ? d.interval : 5,
      };
    },
    async createToken(client, deviceCode, signal) {
      const d = await call('/token', {
        clientId: client.clientId,
        clientSecret: client.clientSecret,
        grantType: 'urn:ietf:params:oauth:grant-type:device_code',
        deviceCode,
      }, signal);
      return { accessToken: str(d, 'accessToken'), expiresIn: num(d, 'expiresIn'), ...(typeof d.refreshToken === 'string' ? { refreshToken: d.refreshToken } : {}) };
    },
  };
}

/** The OAuth error code from the body (`error`) or the `x-amzn-errortype` header (`SlowDownException`). */
function oidcError(res: Response, data: Record<string, unknown>): OidcError {
  const header = (res.headers.get('x-amzn-errortype') ?? '').split(':')[0]!;
  const fromHeader = header.replace(/Exception$/, '').replace(/([a-z])([A-Z])/g, '$1_$2').toLowerCase();
  const code = typeof data.error === 'string' ? data.error : fromHeader || `http_${res.status}`;
  const description = typeof data.error_description === 'string' ? data.error_description.slice(0, 300) : '';
  return new OidcError(code, `IAM Identity Center refused the request (${code}${description ? `: ${description}` : ''}).`, res.status);
}

async function boundedText(res: Response): Promise<string> {
  try {
    return await readCapped(res, MAX_RESPONSE_BYTES);
  } catch (err) {
    if (!(err instanceof Error) || !err.message.startsWith('larger than')) throw err;
    throw new UserFacingError(`IAM Identity Center answered with more than ${MAX_RESPONSE_BYTES} bytes; sign-in stopped.`);
  }
}

/**
 * The verification page is opened in the user's browser: only an https page (http on this machine,
 * where the sandbox serves it), never another scheme an answer could slip in (file:, command:, vscode:).
 */
function browserUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new UserFacingError('IAM Identity Center answered with a verification page that is not a URL; sign-in stopped.');
  }
  if (url.protocol === 'https:' || (url.protocol === 'http:' && isLoopbackHost(url.hostname))) return raw;
  throw new UserFacingError(`IAM Identity Center answered with a verification page on ${url.protocol.slice(0, 20)} that is not https; sign-in stopped.`);
}

function str(d: Record<string, unknown>, key: string): string {
  const v = d[key];
  if (typeof v !== 'string' || v === '') throw new UserFacingError(`IAM Identity Center's answer has no ${key}.`);
  return v;
}

function num(d: Record<string, unknown>, key: string): number {
  const v = d[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new UserFacingError(`IAM Identity Center's answer has no ${key}.`);
  return v;
}
