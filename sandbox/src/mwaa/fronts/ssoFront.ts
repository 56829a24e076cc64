/**
 * An emulated IAM Identity Center on one port: the SSO-OIDC API (RegisterClient,
 * StartDeviceAuthorization, CreateToken), the access portal API (GetRoleCredentials, ListAccounts,
 * ListAccountRoles), and the verification page a user approves a code on. moto has neither
 * service. `/__sandbox/sso/*` lets tests see pending codes and end sessions.
 */
import * as http from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TEST_CREDENTIALS } from '../backends/motoClients';
import { SsoError, SsoState, type SsoErrorCode, type SsoOptions } from '../state/ssoState';
import { readBody, sendJson, sendRestJsonError } from './httpUtil';

const OIDC_ERRORS: Record<SsoErrorCode, [number, string]> = {
  invalid_client: [401, 'InvalidClientException'],
  invalid_grant: [400, 'InvalidGrantException'],
  authorization_pending: [400, 'AuthorizationPendingException'],
  slow_down: [400, 'SlowDownException'],
  expired_token: [400, 'ExpiredTokenException'],
  access_denied: [400, 'AccessDeniedException'],
  invalid_request: [400, 'InvalidRequestException'],
  unauthorized: [401, 'UnauthorizedException'],
};

export interface SsoServer {
  endpoint: string;
  state: SsoState;
  stop(): Promise<void>;
}

export async function startSsoServer(opts: SsoOptions = {}): Promise<SsoServer> {
  const state = new SsoState(opts);
  let endpoint = '';
  const server = http.createServer((req, res) => {
    handleSso(req, res, state, endpoint).catch((err: Error) => {
      if (!res.headersSent) sendRestJsonError(res, 500, 'InternalServerException', { error: 'server_error', error_description: err.message });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  return {
    endpoint,
    state,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

async function handleSso(req: IncomingMessage, res: ServerResponse, state: SsoState, endpoint: string): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://x');
  const route = `${req.method} ${url.pathname}`;
  try {
    switch (route) {
      case 'POST /client/register': {
        const b = await jsonBody(req);
        return sendJson(res, 200, state.registerClient(b.clientName, b.scopes));
      }
      case 'POST /device_authorization': {
        const b = await jsonBody(req);
        return sendJson(res, 200, state.startDeviceAuthorization(b.clientId, b.clientSecret, b.startUrl, endpoint));
      }
      case 'POST /token':
        return sendJson(res, 200, state.createToken(await jsonBody(req)));
      case 'GET /federation/credentials':
        return roleCredentials(req, res, state, url);
      case 'GET /assignment/accounts':
        state.requireAccessToken(req.headers['x-amz-sso_bearer_token']);
        return sendJson(res, 200, { accountList: state.accounts.map(({ accountId, accountName }) => ({ accountId, accountName, emailAddress: `${accountName}@example.invalid` })) });
      case 'GET /assignment/roles': {
        state.requireAccessToken(req.headers['x-amz-sso_bearer_token']);
        const account = state.accounts.find((a) => a.accountId === url.searchParams.get('account_id'));
        return sendJson(res, 200, { roleList: (account?.roles ?? []).map((roleName) => ({ roleName, accountId: account!.accountId })) });
      }
      case 'GET /device':
        return sendPage(res, 200, verificationPage(url.searchParams.get('user_code') ?? ''));
      case 'POST /device/approve':
      case 'POST /device/deny': {
        const code = new URLSearchParams((await readBody(req, 4096)).toString('utf8')).get('user_code') ?? '';
        const allow = url.pathname.endsWith('approve');
        const ok = state.decide(code, allow);
        return sendPage(res, ok ? 200 : 404, ok ? `<p id="result">${allow ? 'Approved' : 'Denied'}. You can close this page.</p>` : '<p id="result">No pending request has this code.</p>');
      }
      case 'GET /__sandbox/sso/pending':
        return sendJson(res, 200, { pending: state.pending() });
      default:
        return sendRestJsonError(res, 404, 'UnknownOperationException', { message: `no route ${route.slice(0, 100)}` });
    }
  } catch (err) {
    if (!(err instanceof SsoError)) throw err;
    const [status, type] = OIDC_ERRORS[err.code];
    // The portal's errors carry `message`; the OIDC ones the OAuth `error` / `error_description`.
    sendRestJsonError(res, status, type, err.code === 'unauthorized' ? { message: err.message } : { error: err.code, error_description: err.message });
  }
}

function roleCredentials(req: IncomingMessage, res: ServerResponse, state: SsoState, url: URL): void {
  state.requireAccessToken(req.headers['x-amz-sso_bearer_token']);
  const account = state.accounts.find((a) => a.accountId === url.searchParams.get('account_id'));
  const role = url.searchParams.get('role_name');
  if (!account || !role || !account.roles.includes(role)) {
    return sendRestJsonError(res, 403, 'ForbiddenException', { message: `No access to role ${String(role).slice(0, 64)} in account ${String(url.searchParams.get('account_id')).slice(0, 20)}` });
  }
  // moto accepts any keys; the sandbox's own test keys keep every front's checks the same.
  sendJson(res, 200, { roleCredentials: { ...TEST_CREDENTIALS, sessionToken: 'sandbox-sso-session', expiration: Date.now() + 3600_000 } });
}

async function jsonBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = (await readBody(req, 64 * 1024)).toString('utf8');
  try {
    const v: unknown = text ? JSON.parse(text) : {};
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through
  }
  throw new SsoError('invalid_request', 'body is not a JSON object');
}

function sendPage(res: ServerResponse, status: number, body: string): void {
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>IAM Identity Center (sandbox)</title></head><body>${body}</body></html>`;
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

/** What the user sees after the browser opens: the code to compare, Allow and Deny. */
function verificationPage(userCode: string): string {
  const code = /^[A-Z]{4}-[A-Z]{4}$/.test(userCode) ? userCode : '';
  const form = (action: string, label: string) => `<form method="POST" action="/device/${action}"><input type="hidden" name="user_code" value="${code}"><button id="${action}">${label}</button></form>`;
  return `<h1>Authorize request</h1><p>Code: <code id="code">${code || '(none)'}</code></p>${form('approve', 'Allow')}${form('deny', 'Deny')}`;
}
