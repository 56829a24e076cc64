import type { AirflowMajor } from './models';
import type { RestRequest } from './restRequests';
import type { AirflowTransport, RestResponse } from './transport';
import { isRedirect, redirectTarget } from './redirects';
import { AirflowHttpError, networkCode, TransportUnavailableError } from './transportErrors';
import { webserverBaseUrl } from './webserverHost';

export interface WebLoginToken {
  readonly webToken: string;
  readonly hostname: string;
}

export interface WebLoginConfig {
  readonly major: AirflowMajor;
  /** CreateWebLoginToken for this environment (errors from it are classified by the caller's SDK). */
  readonly createWebLoginToken: (signal?: AbortSignal) => Promise<WebLoginToken>;
  readonly scheme: 'https' | 'http';
  readonly fetch?: typeof fetch;
}

interface Session {
  readonly base: string;
  readonly headers: Record<string, string>;
}

/**
 * The Airflow REST API through a web-login session, for environments where InvokeRestApi is not
 * available (older, not updated, or not permitted). Airflow 2: POST /aws_mwaa/login keeps the
 * `session` cookie for /api/v1; Airflow 3: POST /pluginsv2/aws_mwaa/login returns a `_token` JWT
 * sent as a bearer token to /api/v2. An expired session logs in again once, transparently.
 */
export function webLoginSessionTransport(cfg: WebLoginConfig): AirflowTransport {
  const doFetch = cfg.fetch ?? fetch;
  let session: Promise<Session> | undefined;

  return {
    kind: 'WebLoginSession',
    async request(req, signal): Promise<RestResponse> {
      for (let attempt = 0; ; attempt++) {
        session ??= login(cfg, doFetch, signal);
        const current = session;
        let s: Session;
        try {
          s = await current;
        } catch (err) {
          if (session === current) session = undefined;
          throw err;
        }
        const res = await sendWithSession(cfg.major, doFetch, s, req, signal);
        const expired = res.status === 401 || isRedirect(res.status);
        if (expired && attempt === 0) {
          await res.body?.cancel();
          if (session === current) session = undefined;
          continue;
        }
        return readRestResponse(res, s.base);
      }
    },
    dispose() {
      session = undefined;
    },
  };
}

/** CreateWebLoginToken, then the webserver's MWAA login endpoint; the session it sets up. */
async function login(cfg: WebLoginConfig, doFetch: typeof fetch, signal?: AbortSignal): Promise<Session> {
  const token = await cfg.createWebLoginToken(signal);
  const base = webserverBaseUrl(token.hostname, cfg.scheme);
  const path = cfg.major === 3 ? '/pluginsv2/aws_mwaa/login' : '/aws_mwaa/login';
  let res: Response;
  try {
    res = await doFetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: token.webToken }).toString(),
      redirect: 'manual',
      signal,
    });
  } catch (err) {
    const code = networkCode(err);
    if (code) throw new TransportUnavailableError('privateWebserver', `cannot reach the Airflow webserver ${token.hostname} (${code}); a PRIVATE_ONLY webserver is reachable only from its VPC`);
    throw err;
  }
  // A 302 that sets the cookie is the normal answer; its Location is never followed (redirect
  // 'manual'), so the token and the session stay with the host MWAA named.
  return sessionFromLogin(cfg.major, base, token.hostname, res);
}

/** Airflow 3: the `_token` cookie as a bearer token; Airflow 2: the `session` cookie. */
function sessionFromLogin(major: AirflowMajor, base: string, hostname: string, res: Response): Session {
  const cookies = res.headers.getSetCookie();
  const find = (name: string) => cookies.map((c) => c.split(';')[0]!).find((c) => c.startsWith(`${name}=`))?.slice(name.length + 1);
  const answered = `returned HTTP ${res.status}${isRedirect(res.status) ? ` (redirecting to ${redirectTarget(res, base)}, not followed)` : ''}`;
  if (major === 3) {
    const jwt = find('_token');
    if (!jwt) throw new Error(`Airflow 3 login at ${hostname} ${answered} without a _token cookie`);
    return { base, headers: { authorization: `Bearer ${jwt}` } };
  }
  const cookie = find('session');
  if (!cookie) throw new Error(`Airflow 2 login at ${hostname} ${answered} without a session cookie`);
  return { base, headers: { cookie: `session=${cookie}` } };
}

/** One REST call to /api/v1 (Airflow 2) or /api/v2 (Airflow 3) with the session's credentials. */
async function sendWithSession(major: AirflowMajor, doFetch: typeof fetch, s: Session, req: RestRequest, signal?: AbortSignal): Promise<Response> {
  const url = new URL(`${s.base}/api/${major === 3 ? 'v2' : 'v1'}${req.path}`);
  for (const [k, v] of Object.entries(req.query ?? {})) url.searchParams.set(k, String(v));
  try {
    return await doFetch(url, {
      method: req.method,
      headers: { ...s.headers, accept: 'application/json', ...(req.body ? { 'content-type': 'application/json' } : {}) },
      ...(req.body ? { body: JSON.stringify(req.body) } : {}),
      redirect: 'manual', // a redirect to a login page means the session is gone, not data
      signal,
    });
  } catch (err) {
    const code = networkCode(err);
    if (code) throw new TransportUnavailableError('privateWebserver', `cannot reach the Airflow webserver ${url.host} (${code})`);
    throw err;
  }
}

/** The body as JSON (or text when not JSON); an AirflowHttpError for a non-2xx status. */
async function readRestResponse(res: Response, base: string): Promise<RestResponse> {
  if (isRedirect(res.status)) {
    // Still redirected after a fresh login: say where to, never follow it.
    await res.body?.cancel();
    throw new AirflowHttpError(res.status, { detail: `redirected to ${redirectTarget(res, base)} (not followed)` }, 'web login session');
  }
  const text = await res.text();
  let json: unknown = text;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Non-JSON body (an HTML error page): kept as text for the message.
  }
  if (res.status < 200 || res.status >= 300) throw new AirflowHttpError(res.status, json, 'web login session');
  return { status: res.status, json };
}
