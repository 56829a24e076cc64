/**
 * Metastore variables through the Airflow REST API (`/variables`). Listings keep keys and
 * descriptions only (the API sends values too: they are dropped at once); a value is read on
 * demand. Airflow 3's API masks values of sensitive-looking keys ("***").
 */
import { UserFacingError } from '../errors';
import type { AirflowClient } from './airflowClient';
import { isNotFound, keyPath, listAll, patchOrCreate, str } from './metastorePages';

export interface VariableSummary {
  key: string;
  description?: string;
}

const MAX_KEY = 250;
const MAX_VALUE_BYTES = 1024 * 1024;

export function listVariables(client: AirflowClient, opts: { max?: number; signal?: AbortSignal } = {}): Promise<VariableSummary[]> {
  return listAll(client, '/variables', 'variables', 'key', summaryOf, opts);
}

/** The value, or undefined when there is no such variable in the metastore. */
export async function getVariable(client: AirflowClient, key: string, signal?: AbortSignal): Promise<string | undefined> {
  requireKey(key);
  const path = keyPath(key, 'variable key', client.major === 3);
  if (path === undefined) return (await findByScan(client, key, signal))?.value;
  try {
    const res = await client.call({ method: 'GET', path: `/variables/${path}` }, signal);
    return valueOf(res.json);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Creates the variable or updates its value (its description is kept). */
export async function setVariable(client: AirflowClient, key: string, value: string, signal?: AbortSignal): Promise<void> {
  requireKey(key);
  if (typeof value !== 'string') throw new UserFacingError('A variable value must be text.');
  if (Buffer.byteLength(value) > MAX_VALUE_BYTES) throw new UserFacingError(`A variable value may be at most ${MAX_VALUE_BYTES} bytes.`);
  const path = keyPath(key, 'variable key', client.major === 3);
  if (path === undefined) {
    // Airflow 2's route takes no "/" in a key; its POST creates or replaces (keep the description).
    const existing = await findByScan(client, key, signal);
    await client.call({ method: 'POST', path: '/variables', body: { key, value, ...(existing?.description ? { description: existing.description } : {}) } }, signal);
    return;
  }
  const patch = () => client.call({
    method: 'PATCH', path: `/variables/${path}`, body: { key, value },
    // Airflow 3 resets fields missing from the body unless a mask names the ones to change.
    ...(client.major === 3 ? { query: { update_mask: 'value' } } : {}),
  }, signal);
  await patchOrCreate(patch, () => client.call({ method: 'POST', path: '/variables', body: { key, value } }, signal));
}

function requireKey(key: string): void {
  if (typeof key !== 'string' || key === '' || key.length > MAX_KEY || /[\u0000-\u001f]/.test(key)) {
    throw new UserFacingError(`A variable key must be 1 to ${MAX_KEY} characters without control characters.`);
  }
}

function summaryOf(item: Record<string, unknown>): VariableSummary | undefined {
  const key = str(item.key);
  if (!key) return undefined;
  const description = str(item.description);
  return description ? { key, description } : { key };
}

function valueOf(json: unknown): string | undefined {
  const v = (json as Record<string, unknown> | null)?.value;
  return typeof v === 'string' ? v : v === undefined || v === null ? undefined : JSON.stringify(v);
}

/** A variable found by listing (keys the route cannot carry); bounded like every listing. */
async function findByScan(client: AirflowClient, key: string, signal?: AbortSignal): Promise<{ value?: string; description?: string } | undefined> {
  const hits = await listAll(client, '/variables', 'variables', 'key', (item) => (item.key === key ? item : undefined), { max: 1, signal });
  const hit = hits[0];
  if (!hit) return undefined;
  const value = valueOf(hit);
  const description = str(hit.description);
  return { ...(value !== undefined ? { value } : {}), ...(description ? { description } : {}) };
}
