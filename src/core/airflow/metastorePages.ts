/**
 * Paging and path rules shared by the variables and connections APIs (Airflow 2 `/api/v1`,
 * Airflow 3 `/api/v2`: the same paths, bodies and `total_entries`).
 */
import { UserFacingError } from '../errors';
import type { AirflowClient } from './airflowClient';
import { isAirflowHttpError } from './transportErrors';

export const PAGE_SIZE = 100;
export const DEFAULT_MAX_ITEMS = 1000;
export const HARD_MAX_ITEMS = 10_000;

/** Every item of a listing, page by page, at most `max` (bounded by HARD_MAX_ITEMS). */
export async function listAll<T>(
  client: AirflowClient, path: string, listKey: string, orderBy: string,
  parse: (item: Record<string, unknown>) => T | undefined, opts: { max?: number; signal?: AbortSignal },
): Promise<T[]> {
  const max = Math.max(1, Math.min(opts.max ?? DEFAULT_MAX_ITEMS, HARD_MAX_ITEMS));
  const out: T[] = [];
  for (let offset = 0; out.length < max && offset < HARD_MAX_ITEMS; ) {
    const res = await client.call({ method: 'GET', path, query: { limit: PAGE_SIZE, offset, order_by: orderBy } }, opts.signal);
    const body = (res.json ?? {}) as Record<string, unknown>;
    const items = Array.isArray(body[listKey]) ? (body[listKey] as Record<string, unknown>[]) : [];
    for (const item of items) {
      const parsed = item && typeof item === 'object' ? parse(item) : undefined;
      if (parsed !== undefined && out.length < max) out.push(parsed);
    }
    offset += items.length;
    const total = typeof body.total_entries === 'number' ? body.total_entries : 0;
    if (!items.length || offset >= total) break;
  }
  return out;
}

export function isNotFound(err: unknown): boolean {
  return isAirflowHttpError(err, 404);
}

export function isConflict(err: unknown): boolean {
  return isAirflowHttpError(err, 409);
}

/**
 * A key as path segments: each percent-encoded, none empty, "." or "..", so the request's path
 * cannot change (URLs resolve dot segments, and servers decode %2F back into a separator).
 * Undefined when the key holds a "/" and the route does not take one.
 */
export function keyPath(key: string, what: string, slashesAllowed: boolean): string | undefined {
  const parts = key.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new UserFacingError(`Refusing to call the Airflow API with ${what} ${JSON.stringify(key.slice(0, 100))}: an empty, "." or ".." part would change the request's path.`);
  }
  if (parts.length > 1 && !slashesAllowed) return undefined;
  return parts.map(encodeURIComponent).join('/');
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/**
 * Create or update through the API: PATCH first; a 404 means it is not there, so POST; a 409 on
 * the POST means it was created meanwhile (Airflow 3 answers so), so PATCH again.
 */
export async function patchOrCreate(patch: () => Promise<unknown>, create: () => Promise<unknown>): Promise<void> {
  try {
    await patch();
    return;
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  try {
    await create();
  } catch (err) {
    if (!isConflict(err)) throw err;
    await patch();
  }
}
