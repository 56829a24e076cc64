/**
 * Folder sync: compare the bound folder with the DAGs prefix (listing + MD5 vs ETag), produce a
 * dry-run plan, then apply it with progress and cancellation. Remote deletes happen only when the
 * caller passes `confirmDeletes` (the user said yes); conflicts are never overwritten by default.
 * Every local read and write goes through folderGuard.ts: nothing is read from, or pulled into, a
 * place outside the bound folder, whatever the plan says.
 */
import { describeError, UserFacingError } from '../errors';
import { localPathOfKey, relativePathOfKey, type DagBinding } from './dagKeys';
import { md5Hex, type SyncState } from './fileHash';
import { readForUpload, writeInsideFolder } from './folderGuard';
import type { LocalFile, LocalListing } from './localFiles';
import { withRetries, type BackoffOptions } from './retryPolicy';
import { isNotFound, isNotImplemented, isPreconditionFailed, type DagObjectStore, type PutResult, type RemoteObject } from './s3Store';
import type { SyncFilter } from './syncFilter';

export type PlanAction = 'upload' | 'update' | 'unchanged' | 'conflict' | 'delete-remote' | 'pull';

export interface PlanItem {
  readonly action: PlanAction;
  readonly key: string;
  readonly rel: string;
  /** Absolute local path (where a pull writes). */
  readonly file: string;
  readonly local?: LocalFile;
  readonly remote?: RemoteObject;
}

export interface SyncPlan {
  /** The folder and prefix compared; the apply step reads and writes only inside that folder. */
  readonly binding: DagBinding;
  readonly items: readonly PlanItem[];
  readonly counts: Readonly<Record<PlanAction, number>>;
  /** Local files that are never uploaded or excluded, and S3 objects not pulled, with the reason. */
  readonly skipped: LocalListing['skipped'];
}

export interface PlanOptions {
  /** What remote-only objects become: `pull` (default), `delete-remote`, or left out (`keep`). */
  readonly remoteOnly?: 'pull' | 'delete-remote' | 'keep';
}

/**
 * Every object under the DAGs prefix, all pages. The store's client does not retry (its callers
 * own the retry policy), so a transient failure lists again from the first page.
 */
export async function listRemote(store: DagObjectStore, signal?: AbortSignal): Promise<RemoteObject[]> {
  return withRetries(async () => {
    const out: RemoteObject[] = [];
    for await (const o of store.list(signal ? { signal } : {})) out.push(o);
    return out;
  }, { ...(signal ? { signal } : {}), maxAttempts: 4, context: { operation: 'listing the DAGs folder' } });
}

export function computePlan(local: LocalListing, remote: readonly RemoteObject[], state: SyncState, binding: DagBinding, filter: SyncFilter, options: PlanOptions = {}): SyncPlan {
  const items: PlanItem[] = [];
  const remoteByRel = new Map<string, RemoteObject>();
  for (const r of remote) {
    let rel: string;
    try {
      rel = relativePathOfKey(r.key, binding.prefix);
    } catch {
      continue; // keys we could not map back safely are left alone
    }
    remoteByRel.set(rel, r);
  }
  for (const l of local.files) {
    const key = `${binding.prefix}/${l.rel}`;
    const r = remoteByRel.get(l.rel);
    remoteByRel.delete(l.rel);
    const base = { key, rel: l.rel, file: l.file, local: l, ...(r ? { remote: r } : {}) };
    if (!r) {
      items.push({ ...base, action: 'upload' });
      continue;
    }
    const known = state.get(key);
    if (r.etag === l.hash || (known && known.etag === r.etag && known.localHash === l.hash)) items.push({ ...base, action: 'unchanged' });
    else if (known && known.etag === r.etag) items.push({ ...base, action: 'update' });
    else items.push({ ...base, action: 'conflict' });
  }
  const remoteOnly = options.remoteOnly ?? 'pull';
  const skipped = [...local.skipped];
  const links = new Set(local.skipped.flatMap((s) => (s.notFollowed ? [s.rel.replace(/\/$/, '')] : [])));
  for (const [rel, r] of remoteByRel) {
    // Objects we would never upload (a stray .env, __pycache__) or the user excluded: not ours to touch.
    if (remoteOnly === 'keep' || !filter.shouldUpload(rel)) continue;
    // A key through a local link the listing did not follow (it leads out of the folder): pulling
    // it would write through the link, deleting it would drop a file that exists there.
    const link = linkOnTheWay(rel, links);
    if (link) {
      skipped.push({ rel, reason: `'${rel}' is only in S3 and is left alone: '${link}' is a link the sync does not follow (it leads outside the bound folder).` });
      continue;
    }
    let file: string;
    try {
      file = localPathOfKey(r.key, binding);
    } catch {
      continue;
    }
    items.push({ action: remoteOnly, key: r.key, rel, file, remote: r });
  }
  items.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
  const counts: Record<PlanAction, number> = { upload: 0, update: 0, unchanged: 0, conflict: 0, 'delete-remote': 0, pull: 0 };
  for (const i of items) counts[i.action]++;
  return { binding, items, counts, skipped };
}

/** The path itself or the folder on its way that is a not-followed link, if any. */
function linkOnTheWay(rel: string, links: ReadonlySet<string>): string | undefined {
  if (links.size === 0) return undefined;
  for (let i = rel.indexOf('/'); i >= 0; i = rel.indexOf('/', i + 1)) if (links.has(rel.slice(0, i))) return rel.slice(0, i);
  return links.has(rel) ? rel : undefined;
}

export interface ApplyOptions {
  readonly store: DagObjectStore;
  readonly state: SyncState;
  readonly signal?: AbortSignal;
  /** Required to apply `delete-remote` items: the user confirmed them. */
  readonly confirmDeletes?: boolean;
  /** Conflicts are skipped unless the user chose to overwrite them. */
  readonly overwriteConflicts?: boolean;
  readonly concurrency?: number;
  readonly maxAttempts?: number;
  readonly backoff?: BackoffOptions;
  readonly onProgress?: (p: { done: number; total: number; item: PlanItem; error?: string }) => void;
}

export interface ApplyResult {
  readonly applied: Record<PlanAction, number>;
  readonly failed: Array<{ readonly key: string; readonly message: string }>;
  readonly cancelled: boolean;
}

export async function applyPlan(plan: SyncPlan, options: ApplyOptions): Promise<ApplyResult> {
  const work = plan.items.filter((i) => i.action !== 'unchanged' && (i.action !== 'conflict' || options.overwriteConflicts));
  if (work.some((i) => i.action === 'delete-remote') && !options.confirmDeletes) {
    throw new UserFacingError(`The plan deletes ${work.filter((i) => i.action === 'delete-remote').length} object(s) from S3; confirm the deletion first.`);
  }
  const applied: Record<PlanAction, number> = { upload: 0, update: 0, unchanged: 0, conflict: 0, 'delete-remote': 0, pull: 0 };
  // Files already in S3 byte for byte but never uploaded from here: recorded as synced (their ✓).
  for (const i of plan.items) {
    if (i.action === 'unchanged' && i.local && i.remote && i.remote.etag === i.local.hash && !options.state.get(i.key)) {
      options.state.set(i.key, { etag: i.remote.etag, localHash: i.local.hash, uploadedAt: new Date().toISOString() });
    }
  }
  const failed: Array<{ key: string; message: string }> = [];
  let done = 0;
  let next = 0;
  const worker = async () => {
    while (next < work.length && !options.signal?.aborted) {
      const item = work[next++]!;
      try {
        await withRetries(() => applyOne(item, plan.binding, options), { signal: options.signal, maxAttempts: options.maxAttempts ?? 8, backoff: options.backoff ?? { baseMs: 100, maxMs: 5_000 } });
        applied[item.action]++;
        options.onProgress?.({ done: ++done, total: work.length, item });
      } catch (err) {
        if (options.signal?.aborted) break;
        const message = describeError(err);
        failed.push({ key: item.key, message });
        options.onProgress?.({ done: ++done, total: work.length, item, error: message });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 16, work.length)) }, worker));
  await options.state.flush();
  return { applied, failed, cancelled: options.signal?.aborted === true };
}

/**
 * Uploads only if S3 still holds what the plan saw (conditional put): an object created or
 * changed by someone else since the listing is not overwritten. A conflict the user chose to
 * overwrite is put as is; a store without conditional writes (501) gets a plain put.
 */
async function putUnlessChanged(item: PlanItem, body: Uint8Array, store: DagObjectStore, call: { signal?: AbortSignal }): Promise<PutResult> {
  const condition = item.action === 'upload' ? { ifNoneMatch: true } : item.action === 'update' && item.remote ? { ifMatch: item.remote.etag } : undefined;
  if (!condition) return store.put(item.key, body, call);
  try {
    return await store.put(item.key, body, { ...call, ...condition });
  } catch (err) {
    if (isNotImplemented(err)) return store.put(item.key, body, call);
    if (isPreconditionFailed(err) || isNotFound(err)) {
      throw new UserFacingError(`${item.rel} changed in S3 since the plan was made; not overwritten. Run the sync again to compare.`, [], { cause: err });
    }
    throw err;
  }
}

async function applyOne(item: PlanItem, binding: DagBinding, { store, state, signal }: ApplyOptions): Promise<void> {
  const call = signal ? { signal } : {};
  const now = () => new Date().toISOString();
  switch (item.action) {
    case 'upload':
    case 'update':
    case 'conflict': {
      // Read again (and checked again): the file may have been saved, or replaced, since the plan.
      const body = await readForUpload(item.file, binding);
      const put = await putUnlessChanged(item, body, store, call);
      state.set(item.key, { etag: put.etag, localHash: md5Hex(body), uploadedAt: now(), ...(put.versionId ? { versionId: put.versionId } : {}) });
      return;
    }
    case 'pull': {
      const { body, object } = await store.get(item.key, call);
      // A file created locally since the plan is newer work: never clobber it with a pull.
      await writeInsideFolder(binding.folder, item.rel, body, { mustNotExist: true });
      state.set(item.key, { etag: object.etag, localHash: md5Hex(body), uploadedAt: now(), ...(object.versionId ? { versionId: object.versionId } : {}) });
      return;
    }
    case 'delete-remote':
      await store.delete(item.key, call);
      state.delete(item.key);
      return;
    case 'unchanged':
      return;
  }
}
