/**
 * Metastore connections through the Airflow REST API (`/connections`). The API never returns a
 * password (Airflow 2 leaves it out, Airflow 3 masks it) and masks sensitive extra fields ("***"),
 * so a connection read here has no password, and writing one keeps the stored password unless a
 * new one is given.
 */
import { UserFacingError } from '../errors';
import type { ConnectionFields } from '../secrets/connectionFields';
import { validateConnectionFields } from '../secrets/connectionFormat';
import { validateKey } from '../secrets/secretNames';
import type { AirflowClient } from './airflowClient';
import { isNotFound, keyPath, listAll, patchOrCreate, str } from './metastorePages';

export interface ConnectionSummary {
  connectionId: string;
  connType?: string;
  description?: string;
}

/** What Airflow's API puts where a secret was (Airflow's secrets masker). */
export const MASKED = '***';

export function listConnections(client: AirflowClient, opts: { max?: number; signal?: AbortSignal } = {}): Promise<ConnectionSummary[]> {
  return listAll(client, '/connections', 'connections', 'connection_id', (item) => {
    const connectionId = str(item.connection_id);
    if (!connectionId) return undefined;
    const s: ConnectionSummary = { connectionId };
    if (str(item.conn_type)) s.connType = str(item.conn_type)!;
    if (str(item.description)) s.description = str(item.description)!;
    return s;
  }, opts);
}

/** The connection without its password, or undefined when there is none with that id in the metastore. */
export async function getConnection(client: AirflowClient, id: string, signal?: AbortSignal): Promise<ConnectionFields | undefined> {
  const path = requireId(id);
  let json: Record<string, unknown>;
  try {
    json = ((await client.call({ method: 'GET', path: `/connections/${path}` }, signal)).json ?? {}) as Record<string, unknown>;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
  const fields: ConnectionFields = { connType: str(json.conn_type) ?? '' };
  for (const k of ['host', 'login', 'schema'] as const) if (str(json[k])) fields[k] = str(json[k])!;
  if (typeof json.port === 'number') fields.port = json.port;
  const extra = str(json.extra);
  if (extra) {
    try {
      const parsed: unknown = JSON.parse(extra);
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) fields.extra = parsed as Record<string, unknown>;
    } catch {
      // Airflow 2 returns an unstructured extra as it is: not an object, so not a field here.
    }
  }
  return fields;
}

/**
 * Creates the connection, or sets an existing one to these fields: host, login, schema, port and
 * extra as given (absent ones cleared), the password only when given (absent: kept).
 */
export async function setConnection(client: AirflowClient, id: string, fields: ConnectionFields, signal?: AbortSignal): Promise<void> {
  const path = requireId(id);
  const problems = validateConnectionFields(fields);
  if (problems.length) throw new UserFacingError(`Connection ${id} was not saved: ${problems.join(' ')}`);
  if (client.major === 2 && fields.extra && Object.values(fields.extra).includes(MASKED)) {
    // Airflow 2 would store the mask itself; Airflow 3 keeps the stored value for a masked one.
    throw new UserFacingError(`Connection ${id} was not saved: its extra holds "${MASKED}" where Airflow masked a value; enter those values again.`);
  }
  const body: Record<string, unknown> = {
    connection_id: id,
    conn_type: fields.connType,
    host: fields.host ?? null,
    login: fields.login ?? null,
    schema: fields.schema ?? null,
    port: fields.port ?? null,
    extra: fields.extra && Object.keys(fields.extra).length ? JSON.stringify(fields.extra) : null,
    ...(fields.password !== undefined ? { password: fields.password } : {}),
  };
  await patchOrCreate(
    () => client.call({ method: 'PATCH', path: `/connections/${path}`, body }, signal),
    () => client.call({ method: 'POST', path: '/connections', body }, signal),
  );
}

function requireId(id: string): string {
  const problem = validateKey('connection', id);
  if (problem) throw new UserFacingError(problem);
  return keyPath(id, 'connection id', false)!;
}
