/**
 * An Airflow REST API for variables and connections in memory, behind a fake transport: the
 * routes, status codes and masking of Airflow 2 (`/api/v1`) and 3 (`/api/v2`) that the client
 * code depends on (read from both releases' sources).
 */
import { AirflowClient } from '../../../src/core/airflow/airflowClient';
import type { RestRequest } from '../../../src/core/airflow/restRequests';
import type { AirflowTransport } from '../../../src/core/airflow/transport';
import { AirflowHttpError } from '../../../src/core/airflow/transportErrors';

type Row = Record<string, unknown>;

export class FakeMetastore {
  readonly variables = new Map<string, { value: string; description?: string }>();
  readonly connections = new Map<string, Row>();
  readonly requests: RestRequest[] = [];

  constructor(readonly major: 2 | 3) {}

  client(): AirflowClient {
    const transport: AirflowTransport = { kind: 'InvokeRestApi', request: async (req) => ({ status: 200, json: this.handle(req) }) };
    return new AirflowClient({ major: this.major, transports: [transport] });
  }

  private fail(status: number, detail: string): never {
    throw new AirflowHttpError(status, { detail }, 'fake');
  }

  private handle(req: RestRequest): unknown {
    this.requests.push(req);
    const [, kind, ...rest] = req.path.split('/');
    const id = rest.length ? rest.map(decodeURIComponent).join('/') : undefined;
    if (kind === 'variables') return this.variable(req, id, rest.length);
    if (kind === 'connections') return this.connection(req, id);
    return this.fail(404, 'no route');
  }

  private page<T>(rows: T[], req: RestRequest, key: string): unknown {
    const limit = Number(req.query?.limit ?? 100);
    const offset = Number(req.query?.offset ?? 0);
    return { [key]: rows.slice(offset, offset + Math.min(limit, 100)), total_entries: rows.length };
  }

  private variable(req: RestRequest, key: string | undefined, segments: number): unknown {
    // Airflow 2's route has one segment for the key; Airflow 3's takes a path.
    if (segments > 1 && this.major === 2) this.fail(404, 'no route');
    const body = (req.body ?? {}) as Row;
    if (req.method === 'GET' && key === undefined) {
      const rows = [...this.variables.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => ({ key: k, value: v.value, description: v.description ?? null }));
      return this.page(rows, req, 'variables');
    }
    if (req.method === 'GET') {
      const v = this.variables.get(key!) ?? this.fail(404, 'Variable not found');
      return { key, value: v.value, description: v.description ?? null };
    }
    if (req.method === 'POST') {
      const k = String(body.key);
      if (this.major === 3 && this.variables.has(k)) this.fail(409, 'already exists');
      // Airflow 2's POST is Variable.set: it replaces value and description.
      this.variables.set(k, { value: String(body.value), ...(typeof body.description === 'string' ? { description: body.description } : {}) });
      return body;
    }
    if (req.method === 'PATCH') {
      if (body.key !== key) this.fail(400, 'key mismatch');
      const v = this.variables.get(key!) ?? this.fail(404, 'Variable not found');
      const masked = req.query?.update_mask;
      if (this.major === 3 && masked !== 'value') v.description = typeof body.description === 'string' ? body.description : undefined;
      v.value = String(body.value);
      return { key, value: v.value };
    }
    return this.fail(405, 'method');
  }

  private connection(req: RestRequest, id: string | undefined): unknown {
    const body = (req.body ?? {}) as Row;
    if (req.method === 'GET' && id === undefined) {
      const rows = [...this.connections.values()].sort((a, b) => (String(a.connection_id) < String(b.connection_id) ? -1 : 1))
        .map((c) => Object.fromEntries(Object.entries(c).filter(([k]) => k !== 'password' && k !== 'extra')));
      return this.page(rows, req, 'connections');
    }
    if (req.method === 'GET') {
      const c = this.connections.get(id!) ?? this.fail(404, 'Connection not found');
      const { password, ...row } = c;
      return this.major === 3 ? { ...row, password: password ? '***' : null } : row;
    }
    if (req.method === 'POST') {
      if (this.connections.has(String(body.connection_id))) this.fail(409, 'already exists');
      this.connections.set(String(body.connection_id), { ...body });
      return body;
    }
    if (req.method === 'PATCH') {
      const c = this.connections.get(id!) ?? this.fail(404, 'Connection not found');
      for (const [k, v] of Object.entries(body)) if (!(k === 'password' && v === '***' && this.major === 3)) c[k] = v;
      return c;
    }
    return this.fail(405, 'method');
  }
}
