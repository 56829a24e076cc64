import type { ServerResponse } from 'node:http';
import { sendJson, sendRestJsonError } from './httpUtil';
import type { FaultInjector } from '../../faults';
import { fetchBuffered } from './proxy';
import type { AirflowBackend } from '../state/registry';

const METHODS = ['GET', 'PUT', 'POST', 'PATCH', 'DELETE'];
const MAX_RESPONSE = 6 * 1024 * 1024;

/**
 * InvokeRestApi: MWAA's validation, then the real Airflow REST API of the environment
 * (`/api/v1` on 2.x, `/api/v2` on 3.x) with MWAA's 10 s timeout and 6 MB cap. Airflow's 4xx/5xx
 * come back as RestApiClientException / RestApiServerException (both HTTP 400) with its status and body.
 */
export async function invokeRestApi(
  res: ServerResponse, envName: string, backend: AirflowBackend | undefined, body: Record<string, unknown>, timeoutMs = 10_000,
  faults?: FaultInjector,
): Promise<void> {
  const method = body.Method;
  const p = body.Path;
  const errors: string[] = [];
  if (typeof p !== 'string' || p.length < 1) errors.push(`Value at 'path' failed to satisfy constraint: Member must not be null and must have length greater than or equal to 1`);
  else if (p.length > 64) errors.push(`Value '${p}' at 'path' failed to satisfy constraint: Member must have length less than or equal to 64`);
  if (typeof method !== 'string' || !METHODS.includes(method)) {
    errors.push(`Value '${String(method)}' at 'method' failed to satisfy constraint: Member must satisfy enum value set: [${METHODS.join(', ')}]`);
  }
  if (errors.length) {
    sendRestJsonError(res, 400, 'ValidationException', { message: `${errors.length} validation error${errors.length > 1 ? 's' : ''} detected: ${errors.join('; ')}` });
    return;
  }
  if (!backend) {
    sendRestJsonError(res, 500, 'InternalServerException', { message: `Sandbox environment ${envName} is synthetic: it has no Airflow webserver to call.` });
    return;
  }
  const af = await backend.ensure();
  const url = new URL(`${af.baseUrl.replace(/\/$/, '')}${af.apiPrefix}${(p as string).startsWith('/') ? '' : '/'}${p as string}`);
  const query = body.QueryParameters;
  if (query && typeof query === 'object') {
    for (const [k, v] of Object.entries(query as Record<string, unknown>)) {
      for (const item of Array.isArray(v) ? v : [v]) if (item !== null && item !== undefined) url.searchParams.append(k, String(item));
    }
  }
  const headers: Record<string, string> = { accept: 'application/json', ...(await af.authHeaders()) };
  let payload: string | undefined;
  if (body.Body !== undefined && body.Body !== null && method !== 'GET') {
    payload = JSON.stringify(body.Body);
    headers['content-type'] = 'application/json';
  }
  let result;
  // Webserver-side faults (service `webserver`, operation `api`) hit InvokeRestApi's upstream too:
  // a failing webserver is what produces RestApiServerException in MWAA.
  const upstreamFault = faults?.take('webserver', 'api').find((f) => f.kind === 'serverError' || f.kind === 'latency');
  const started = Date.now();
  if (upstreamFault?.kind === 'latency') await new Promise((r) => setTimeout(r, Math.min(upstreamFault.latencyMs ?? 1000, timeoutMs + 100)));
  try {
    const left = timeoutMs - (Date.now() - started);
    if (left <= 0) throw Object.assign(new Error(`no response within ${timeoutMs} ms`), { name: 'TimeoutError' });
    if (upstreamFault?.kind === 'serverError') {
      const status = upstreamFault.status ?? 500;
      result = { status, headers: {}, body: Buffer.from(JSON.stringify({ title: 'Internal Server Error', status, detail: upstreamFault.message ?? 'injected by the sandbox', type: 'about:blank' })) };
    } else result = await fetchBuffered(url.toString(), { method: method as string, headers, body: payload, timeoutMs: left, maxBytes: MAX_RESPONSE });
  } catch (err) {
    const e = err as Error;
    if (e.name === 'TimeoutError') {
      // [UNVERIFIED] how MWAA reports its 10 s limit; a gateway timeout from the webserver is the closest shape.
      sendRestJsonError(res, 400, 'RestApiServerException', { RestApiStatusCode: 504, RestApiResponse: { title: 'Gateway Timeout', detail: `Airflow did not answer within ${timeoutMs / 1000} s` } });
    } else if (e.name === 'ResponseTooLarge') {
      sendRestJsonError(res, 400, 'ValidationException', { message: 'The Apache Airflow REST API response exceeds the 6 MB limit.' });
    } else {
      sendRestJsonError(res, 500, 'InternalServerException', { message: `Airflow webserver of ${envName} unreachable: ${e.message}` });
    }
    return;
  }
  const text = result.body.toString('utf8');
  let parsed: unknown = null;
  if (text.length > 0) {
    try { parsed = JSON.parse(text); } catch { parsed = { detail: text }; }
  }
  if (result.status >= 200 && result.status < 300) {
    sendJson(res, 200, { RestApiStatusCode: result.status, RestApiResponse: parsed });
  } else {
    const type = result.status >= 500 ? 'RestApiServerException' : 'RestApiClientException';
    sendRestJsonError(res, 400, type, { RestApiStatusCode: result.status, RestApiResponse: parsed });
  }
}
