import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FaultInjector } from '../../faults';
import { applyFaults } from './faultResponses';
import { readBody, sendJson, sendRestJsonError } from './httpUtil';
import { invokeRestApi } from './invokeRestApi';
import type { EnvironmentRegistry } from '../state/registry';
import { requireService } from './sigv4Scope';
import type { TokenStore } from '../state/tokens';
import { UpdateRejected, type Updater } from '../state/updates';

export interface ControlPlaneDeps {
  registry: EnvironmentRegistry;
  tokens: TokenStore;
  faults: FaultInjector;
  updater: Updater;
  /** host:port the token calls and WebserverUrl name. */
  webserverHost: () => string;
  invokeTimeoutMs: number;
}

interface Route { op: string; method: string; re: RegExp }

// restJson1 bindings of the MWAA model (service `airflow`, 2020-07-01).
const ROUTES: Route[] = [
  { op: 'ListEnvironments', method: 'GET', re: /^\/environments$/ },
  { op: 'GetEnvironment', method: 'GET', re: /^\/environments\/([^/]+)$/ },
  { op: 'UpdateEnvironment', method: 'PATCH', re: /^\/environments\/([^/]+)$/ },
  { op: 'CreateCliToken', method: 'POST', re: /^\/clitoken\/([^/]+)$/ },
  { op: 'CreateWebLoginToken', method: 'POST', re: /^\/webtoken\/([^/]+)$/ },
  { op: 'InvokeRestApi', method: 'POST', re: /^\/restapi\/([^/]+)$/ },
];

/** Handles one MWAA API request; returns false when the path is not an MWAA operation. */
export async function handleControlPlane(req: IncomingMessage, res: ServerResponse, deps: ControlPlaneDeps): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://x');
  let route: Route | undefined;
  let name = '';
  for (const r of ROUTES) {
    const m = r.re.exec(url.pathname);
    if (m && req.method === r.method) { route = r; name = decodeURIComponent(m[1] ?? ''); break; }
  }
  if (!route) return false;

  const scope = requireService(req, 'airflow');
  if ('error' in scope) {
    // What AWS answers to a request signed for the wrong service or region.
    sendRestJsonError(res, 403, 'InvalidSignatureException', { message: scope.error });
    return true;
  }
  const fault = await applyFaults(deps.faults, req, res, 'restJson', 'mwaa', route.op, scope.region);
  if (fault.handled) return true;

  const raw = await readBody(req);
  let body: Record<string, unknown> = {};
  if (raw.length > 0) {
    try { body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>; } catch {
      sendRestJsonError(res, 400, 'ValidationException', { message: 'Request body is not valid JSON.' });
      return true;
    }
  }

  if (route.op === 'ListEnvironments') {
    listEnvironments(res, url, deps.registry.names(scope.region), scope.region);
    return true;
  }
  const env = deps.registry.get(scope.region, name);
  if (!env) {
    sendRestJsonError(res, 404, 'ResourceNotFoundException', { message: `Environment ${name} was not found in ${scope.region}.` });
    return true;
  }
  switch (route.op) {
    case 'GetEnvironment':
      sendJson(res, 200, { Environment: env.toApi(deps.webserverHost()) });
      return true;
    case 'UpdateEnvironment':
      try {
        await deps.updater.start(env, body);
        sendJson(res, 200, { Arn: env.arn });
      } catch (err) {
        if (err instanceof UpdateRejected) sendRestJsonError(res, err.type === 'ResourceNotFoundException' ? 404 : 400, err.type, { message: err.message });
        else throw err;
      }
      return true;
    case 'CreateCliToken':
      sendJson(res, 200, { CliToken: deps.tokens.issue('cli', env.name, env.region), WebServerHostname: deps.webserverHost() });
      return true;
    case 'CreateWebLoginToken':
      sendJson(res, 200, {
        WebToken: deps.tokens.issue('web', env.name, env.region),
        WebServerHostname: deps.webserverHost(),
        IamIdentity: `arn:aws:iam::123456789012:user/sandbox-user`,
        AirflowIdentity: 'user/sandbox-user',
      });
      return true;
    case 'InvokeRestApi':
      await invokeRestApi(res, env.name, deps.registry.backend(env.name), body, deps.invokeTimeoutMs, deps.faults);
      return true;
  }
  return false;
}

function listEnvironments(res: ServerResponse, url: URL, names: string[], region: string): void {
  const maxRaw = url.searchParams.get('MaxResults');
  const max = maxRaw === null ? 25 : Number(maxRaw);
  if (!Number.isInteger(max) || max < 1 || max > 25) {
    sendRestJsonError(res, 400, 'ValidationException', { message: `1 validation error detected: Value '${maxRaw}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 25` });
    return;
  }
  let start = 0;
  const token = url.searchParams.get('NextToken');
  if (token) {
    // Opaque to clients; bound to the region so a token cannot be replayed elsewhere.
    const decoded = /^(\d+):(.+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
    if (!decoded || decoded[2] !== region) {
      sendRestJsonError(res, 400, 'ValidationException', { message: 'The pagination token is invalid.' });
      return;
    }
    start = Number(decoded[1]);
  }
  const page = names.slice(start, start + max);
  const out: Record<string, unknown> = { Environments: page };
  if (start + max < names.length) out.NextToken = Buffer.from(`${start + max}:${region}`).toString('base64url');
  sendJson(res, 200, out);
}

/** `/__sandbox/faults`: the documented fault-control endpoint (unsigned, loopback only). */
export async function handleFaultControl(req: IncomingMessage, res: ServerResponse, faults: FaultInjector): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname !== '/__sandbox/faults') return false;
  try {
    if (req.method === 'GET') sendJson(res, 200, { rules: faults.list() });
    else if (req.method === 'DELETE') { faults.clear(); sendJson(res, 200, { rules: [] }); }
    else if (req.method === 'POST') {
      const body = JSON.parse((await readBody(req)).toString('utf8') || '{}') as { seed?: number; rules?: unknown; add?: unknown };
      if (body.add) faults.add(body.add as never);
      else if (Array.isArray(body.rules)) faults.set(body.rules as never, body.seed);
      else throw new Error('body must be {"rules": [...], "seed"?: n} or {"add": {...}}');
      sendJson(res, 200, { rules: faults.list() });
    } else sendJson(res, 405, { error: 'use GET, POST or DELETE' });
  } catch (err) {
    sendJson(res, 400, { error: (err as Error).message });
  }
  return true;
}
