import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector, FaultRule } from '../../faults';
import { disallowedReason, splitCommand } from '../state/cliCommands';
import { applyFaults } from './faultResponses';
import { readBody, sendJson } from './httpUtil';
import { airflow2SessionCookie, airflow3Jwt } from '../backends/airflowLogin';
import { forward } from './proxy';
import type { EnvironmentRegistry } from '../state/registry';
import { ssoPage } from './ssoPage';
import type { TokenStore } from '../state/tokens';

export interface WebserverDeps {
  registry: EnvironmentRegistry;
  tokens: TokenStore;
  faults: FaultInjector;
}

const SESSION_TTL_S = 12 * 3600;

/**
 * The environments' webserver host (`WebServerHostname`): MWAA's own endpoints in front of the
 * real Airflow webserver. One host serves every environment; the token or session says which.
 */
export async function handleWebserver(req: IncomingMessage, res: ServerResponse, deps: WebserverDeps): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  const p = url.pathname;
  const op = p === '/aws_mwaa/cli' ? 'cli'
    : p === '/aws_mwaa/login' || p === '/pluginsv2/aws_mwaa/login' ? 'login'
      : p === '/aws_mwaa/aws-console-sso' ? 'sso' : p.startsWith('/api/') ? 'api' : 'ui';
  const fault = await applyFaults(deps.faults, req, res, 'web', 'webserver', op);
  if (fault.handled) return;
  const expired = fault.rest.some((f: FaultRule) => f.kind === 'expiredToken');

  if (op === 'cli' && req.method === 'POST') return cli(req, res, deps, expired);
  if (op === 'login' && req.method === 'POST') return login(req, res, deps, p === '/pluginsv2/aws_mwaa/login' ? 3 : 2, expired);
  if (op === 'sso' && req.method === 'GET') {
    const html = ssoPage();
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html), 'cache-control': 'no-store' });
    res.end(html);
    return;
  }
  if (op === 'sso' && req.method === 'POST') return login(req, res, deps, 'any', expired);
  return proxyAuthenticated(req, res, deps, url);
}

async function cli(req: IncomingMessage, res: ServerResponse, deps: WebserverDeps, forceExpired: boolean): Promise<void> {
  const auth = req.headers.authorization ?? '';
  const token = /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
  const check = deps.tokens.check(token, 'cli');
  if (forceExpired || !check.ok) {
    const expired = forceExpired || (!check.ok && check.reason === 'expired');
    // [UNVERIFIED] MWAA's exact status/body for bad CLI tokens; 403 for expired, 401 for unknown.
    sendJson(res, expired ? 403 : 401, { message: expired ? 'Expired CLI token. Create a new one with CreateCliToken (tokens live 60 s).' : 'Unauthorized: missing or unknown CLI token' });
    return;
  }
  const command = (await readBody(req)).toString('utf8').trim();
  let args: string[];
  try {
    args = splitCommand(command);
  } catch (err) {
    sendJson(res, 400, { stdout: '', stderr: b64(`${(err as Error).message}\n`) });
    return;
  }
  if (args[0] === 'airflow') args = args.slice(1);
  const reason = disallowedReason(args);
  if (reason) {
    sendJson(res, 400, { stdout: '', stderr: b64(`${reason}\n`) });
    return;
  }
  const backend = deps.registry.backend(check.env);
  if (!backend) {
    sendJson(res, 503, { message: `Sandbox environment ${check.env} is synthetic: no Airflow webserver behind it.` });
    return;
  }
  const af = await backend.ensure();
  const out = await serialised(check.env, () => af.runCli(args));
  sendJson(res, 200, { stdout: b64(out.stdout), stderr: b64(out.stderr) });
}

const queues = new Map<string, Promise<unknown>>();
/** MWAA's CLI endpoint has limited concurrency; the sandbox runs one command per environment at a time. */
function serialised<T>(env: string, fn: () => Promise<T>): Promise<T> {
  const prev = queues.get(env) ?? Promise.resolve();
  const next = prev.catch(() => undefined).then(fn);
  queues.set(env, next);
  return next;
}

async function login(req: IncomingMessage, res: ServerResponse, deps: WebserverDeps, major: 2 | 3 | 'any', forceExpired: boolean): Promise<void> {
  const form = new URLSearchParams((await readBody(req)).toString('utf8'));
  const token = form.get('token') ?? undefined;
  const check = deps.tokens.check(token, 'web');
  if (forceExpired || !check.ok) {
    const expired = forceExpired || (!check.ok && check.reason === 'expired');
    res.writeHead(expired ? 403 : 401, { 'content-type': 'text/plain' });
    res.end(expired ? 'Expired web login token: create a new one with CreateWebLoginToken (tokens live 60 s).' : 'Invalid web login token.');
    return;
  }
  const backend = deps.registry.backend(check.env);
  const envMajor = backend?.major ?? 2;
  if (major !== 'any' && major !== envMajor) {
    // Airflow 2 webservers have no /pluginsv2 route and Airflow 3 ones no /aws_mwaa/login.
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end(`Not Found: ${check.env} runs Airflow ${envMajor}; use ${envMajor === 3 ? '/pluginsv2/aws_mwaa/login' : '/aws_mwaa/login'}`);
    return;
  }
  deps.tokens.consume(token!);
  if (!backend) {
    res.writeHead(503, { 'content-type': 'text/plain' });
    res.end(`Sandbox environment ${check.env} is synthetic: no Airflow webserver behind it.`);
    return;
  }
  const af = await backend.ensure();
  if (envMajor === 3) {
    const jwt = await airflow3Jwt(af);
    deps.tokens.adopt(jwt, 'session', check.env, check.region);
    res.writeHead(302, { location: '/', 'set-cookie': `_token=${jwt}; Path=/; SameSite=Lax; Max-Age=${SESSION_TTL_S}` });
  } else {
    const session = await airflow2SessionCookie(af);
    deps.tokens.adopt(session, 'session', check.env, check.region);
    res.writeHead(302, { location: '/home', 'set-cookie': `session=${session}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SESSION_TTL_S}` });
  }
  res.end();
}

/**
 * Which environment a request's credentials belong to: Airflow 2 `session` cookie, Airflow 3
 * `_token` cookie or `Authorization: Bearer` JWT, all issued by that environment's Airflow at login.
 */
function sessionEnv(req: IncomingMessage, deps: WebserverDeps, apiMajor?: 2 | 3): { env?: string; expired?: boolean } {
  const cookies = parseCookies(req.headers.cookie);
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const candidates = apiMajor === 3 ? [bearer] : apiMajor === 2 ? [cookies.session] : [cookies._token, cookies.session, bearer];
  let expired = false;
  for (const c of candidates) {
    if (!c) continue;
    const r = deps.tokens.check(c, 'session');
    if (r.ok) return { env: r.env };
    if (r.reason === 'expired') expired = true;
  }
  return { expired };
}

async function proxyAuthenticated(req: IncomingMessage, res: ServerResponse, deps: WebserverDeps, url: URL): Promise<void> {
  const apiMajor = url.pathname.startsWith('/api/v1/') ? 2 : url.pathname.startsWith('/api/v2/') ? 3 : undefined;
  const s = sessionEnv(req, deps, apiMajor);
  if (!s.env) {
    const status = apiMajor ? 401 : 403;
    sendJson(res, status, {
      title: s.expired ? 'Session expired' : 'Unauthorized',
      detail: apiMajor === 3 ? 'Send Authorization: Bearer <_token cookie from /pluginsv2/aws_mwaa/login>.'
        : apiMajor === 2 ? 'Send the session cookie from /aws_mwaa/login.'
          : 'Log in with a CreateWebLoginToken token at /aws_mwaa/aws-console-sso?login=true#<token>.',
      status,
    });
    return;
  }
  const backend = deps.registry.backend(s.env);
  if (!backend || (apiMajor && backend.major !== apiMajor)) {
    sendJson(res, 404, { title: 'Not Found', detail: `${s.env} does not serve ${url.pathname.slice(0, 8)}`, status: 404 });
    return;
  }
  const af = await backend.ensure();
  // The credentials are Airflow's own (issued at login), so the request passes through unchanged.
  await forward(req, res, af.baseUrl);
}

function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

function b64(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64');
}
