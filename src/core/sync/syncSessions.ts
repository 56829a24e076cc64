/**
 * Upload-on-save for every bound folder: one session per binding (its store, its sync state, its
 * persistent queue, its filter), created on the first save under the folder or when a previous
 * window left uploads pending. Each session keeps its files in its own folder of the extension's
 * storage, named by a hash of folder + bucket + prefix, so re-binding a folder elsewhere starts
 * fresh and never replays uploads to the old bucket.
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { describeError } from '../errors';
import type { Logger } from '../logger';
import { AIRFLOW_IGNORE_FILE, ignoreSyntaxFor, loadAirflowIgnore } from './airflowIgnore';
import type { DagBinding } from './dagKeys';
import { SyncState, writeFileAtomic } from './fileHash';
import { pendingCount, pendingFileOf, sessionDir } from './pendingUploads';
import type { QueueEvent } from './queueEvents';
import type { DagObjectStore } from './s3Store';
import { routeSavedFile } from './saveRouting';
import { SyncFilter } from './syncFilter';
import { UploadQueue, type UploadQueueOptions } from './uploadQueue';

/** A bound folder as sync sees it. */
export interface BoundFolder extends DagBinding {
  /** The environment's key (JSON [profile, region, name]). */
  readonly envKey: string;
  readonly profile: string;
  readonly region: string;
  readonly airflowMajor?: number;
}

export interface SyncSessionsOptions {
  /** Where sessions keep their state and pending uploads (the extension's global storage). */
  readonly storageDir: string;
  readonly storeFor: (b: BoundFolder) => Promise<DagObjectStore>;
  /** `mwaa.sync.exclude` for the folder. */
  readonly excludes: (b: BoundFolder) => readonly string[];
  /** No upload of any kind in an untrusted workspace. */
  readonly isTrusted: () => boolean;
  readonly logger?: Logger;
  readonly queue?: Partial<Omit<UploadQueueOptions, 'store' | 'state' | 'pendingFile'>>;
}

export type SaveOutcome =
  | { readonly kind: 'queued'; readonly key: string; readonly rel: string; readonly session: SyncSession }
  | { readonly kind: 'skipped'; readonly reason: string }
  | { readonly kind: 'untrusted'; readonly message: string };

export const UNTRUSTED_MESSAGE = 'Not uploaded: this workspace is not trusted, so the MWAA Toolkit uploads nothing. Saves made before you trust it are not queued; after trusting, run "MWAA: Sync Folder…" to upload them.';

export class SyncSession {
  private filterValue: SyncFilter;

  constructor(
    readonly id: string,
    readonly binding: BoundFolder,
    readonly store: DagObjectStore,
    readonly state: SyncState,
    readonly queue: UploadQueue,
    filter: SyncFilter,
    private readonly excludes: () => readonly string[],
  ) {
    this.filterValue = filter;
  }

  get filter(): SyncFilter {
    return this.filterValue;
  }

  private restoring: Promise<number> | undefined;

  /** Re-queues what a previous window left pending, once (only ever called when trusted). */
  restorePending(): Promise<number> {
    this.restoring ??= this.queue.restore();
    return this.restoring;
  }

  /** After `.airflowignore` or `mwaa.sync.exclude` changed. */
  async reloadFilter(): Promise<void> {
    this.filterValue = await buildFilter(this.binding, this.excludes());
  }

  async dispose(): Promise<void> {
    await this.queue.dispose();
    await this.state.flush();
  }
}

async function buildFilter(b: BoundFolder, excludes: readonly string[]): Promise<SyncFilter> {
  const plain = new SyncFilter(excludes);
  const ignore = await loadAirflowIgnore(b.folder, ignoreSyntaxFor(b.airflowMajor), (d) => plain.skipsDir(d));
  return new SyncFilter(excludes, ignore);
}

interface SessionMeta {
  readonly folder: string;
  readonly bucket: string;
  readonly prefix: string;
}

export class SyncSessions {
  private readonly sessions = new Map<string, Promise<SyncSession>>();
  private readonly ready = new Map<string, SyncSession>();
  private readonly listeners = new Set<(s: SyncSession, e: QueueEvent) => void>();

  constructor(private readonly options: SyncSessionsOptions) {}

  static idOf(b: Pick<BoundFolder, 'folder' | 'bucket' | 'prefix'>): string {
    return createHash('sha256').update(JSON.stringify([path.resolve(b.folder), b.bucket, b.prefix])).digest('hex').slice(0, 16);
  }

  /** The session of a binding, created (and its pending uploads restored) on first use. */
  sessionFor(b: BoundFolder): Promise<SyncSession> {
    const id = SyncSessions.idOf(b);
    let s = this.sessions.get(id);
    if (!s) {
      s = this.create(id, b);
      this.sessions.set(id, s);
      s.catch(() => this.sessions.delete(id)); // a failed start (no credentials yet) is retried next time
    }
    return s;
  }

  /** Sessions already started, for the status bar, decorations and retries. */
  started(): SyncSession[] {
    return [...this.ready.values()];
  }

  /** The started session whose folder holds `file` (innermost), if any. */
  sessionOfFile(file: string): SyncSession | undefined {
    let best: SyncSession | undefined;
    for (const s of this.ready.values()) {
      const rel = path.relative(s.binding.folder, file);
      if (rel && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel) && (!best || s.binding.folder.length > best.binding.folder.length)) best = s;
    }
    return best;
  }

  /** A file was saved under `b`'s folder: queue its upload, or say why not. Never throws for bad paths. */
  async onSaved(file: string, b: BoundFolder): Promise<SaveOutcome> {
    if (!this.options.isTrusted()) return { kind: 'untrusted', message: UNTRUSTED_MESSAGE };
    const session = await this.sessionFor(b);
    if (path.basename(file) === AIRFLOW_IGNORE_FILE) await session.reloadFilter();
    const route = await routeSavedFile(file, b, session.filter);
    if (!route.upload) return { kind: 'skipped', reason: route.reason };
    session.queue.enqueue({ file, key: route.key });
    return { kind: 'queued', key: route.key, rel: route.rel, session };
  }

  /**
   * Starts the sessions of `bindings` that a previous window left uploads pending for (after a
   * reload, or once the workspace is trusted). Returns how many sessions had pending uploads.
   */
  async restorePending(bindings: readonly BoundFolder[]): Promise<number> {
    if (!this.options.isTrusted()) return 0;
    let n = 0;
    for (const b of bindings) {
      if ((await pendingCount(pendingFileOf(this.options.storageDir, SyncSessions.idOf(b)))) === 0) continue;
      try {
        await (await this.sessionFor(b)).restorePending();
        n++;
      } catch (err) {
        this.options.logger?.warn(`DAG sync: pending uploads for ${b.folder} not resumed yet: ${describeError(err)}`);
      }
    }
    return n;
  }

  /**
   * Stops the sessions whose binding is gone (unbound, or bound to another environment): nothing
   * more goes to the old bucket. Their pending uploads stay on disk and resume if it comes back.
   */
  async retain(bindings: readonly BoundFolder[]): Promise<void> {
    const keep = new Set(bindings.map((b) => SyncSessions.idOf(b)));
    for (const [id, s] of [...this.ready]) {
      if (keep.has(id)) continue;
      this.ready.delete(id);
      this.sessions.delete(id);
      await s.dispose();
    }
  }

  /** After new credentials or "retry": failed and paused uploads of every session start again. */
  resumeAll(): void {
    for (const s of this.ready.values()) s.queue.resume();
  }

  onEvent(listener: (s: SyncSession, e: QueueEvent) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  async dispose(): Promise<void> {
    await Promise.all([...this.ready.values()].map((s) => s.dispose()));
    this.ready.clear();
    this.sessions.clear();
  }

  private async create(id: string, b: BoundFolder): Promise<SyncSession> {
    const dir = sessionDir(this.options.storageDir, id);
    const meta: SessionMeta = { folder: b.folder, bucket: b.bucket, prefix: b.prefix };
    await writeFileAtomic(path.join(dir, 'meta.json'), JSON.stringify(meta));
    const [store, state, filter] = await Promise.all([this.options.storeFor(b), SyncState.load(path.join(dir, 'state.json')), buildFilter(b, this.options.excludes(b))]);
    const queue = new UploadQueue({
      ...this.options.queue,
      store,
      state,
      pendingFile: path.join(dir, 'pending.json'),
      errorContext: { profile: b.profile, region: b.region },
      ...(this.options.logger ? { logger: this.options.logger } : {}),
    });
    const session = new SyncSession(id, b, store, state, queue, filter, () => this.options.excludes(b));
    queue.onEvent((e) => {
      for (const l of this.listeners) l(session, e);
    });
    this.ready.set(id, session);
    // Sessions also start for explorer decorations; pending uploads resume only when trusted.
    const restored = this.options.isTrusted() ? await session.restorePending() : 0;
    if (restored) this.options.logger?.info(`DAG sync: ${restored} upload(s) to s3://${b.bucket}/${b.prefix}/ resumed from the previous window`);
    return session;
  }
}
