/**
 * Upload-on-save for every bound folder: one session per binding (its store, its sync state, its
 * persistent queue, its filter), created on the first save under the folder or when a previous
 * window left uploads pending. Each session keeps its files in its own folder of the extension's
 * storage, named by a hash of folder + bucket + prefix, so re-binding a folder elsewhere starts
 * fresh and never replays uploads to the old bucket. Each window keeps its own pending file there
 * and resumes what closed windows left only for folders open in it (pendingUploads.ts).
 */
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { describeError } from '../errors';
import type { Logger } from '../logger';
import { AIRFLOW_IGNORE_FILE, ignoreSyntaxFor, loadAirflowIgnore } from './airflowIgnore';
import type { DagBinding } from './dagKeys';
import { SyncState, writeFileAtomic } from './fileHash';
import { claimOrphans, hasOrphanedUploads, hasUploadsIn, pendingFileOf, sessionDir, THIS_WINDOW, type WindowContext } from './pendingUploads';
import type { QueueEvent } from './queueEvents';
import type { DagObjectStore } from './s3Store';
import { routeSavedFile } from './saveRouting';
import { stateWriteFailed } from './storageProblems';
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
  /** Whether the folder is open in this window: only those resume what closed windows left pending. Default: all. */
  readonly isOpen?: (folder: string) => boolean;
  /** This window, and whether another window is still running. Default: this process's pid. */
  readonly window?: WindowContext;
  /** Told (each once) when the sync's files in storage cannot be written or read; else logged. */
  readonly onStorageProblem?: (message: string) => void;
  readonly logger?: Logger;
  readonly queue?: Partial<Omit<UploadQueueOptions, 'store' | 'state' | 'pendingFile' | 'binding'>>;
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
    private readonly restore: () => Promise<number>,
    private readonly logger?: Logger,
  ) {
    this.filterValue = filter;
  }

  get filter(): SyncFilter {
    return this.filterValue;
  }

  private restoring: Promise<number> = Promise.resolve(0);

  /**
   * Re-queues what closed windows left pending (only ever called when trusted). Calls run one
   * after another and each takes only what is still left, so asking again is safe.
   */
  restorePending(): Promise<number> {
    this.restoring = this.restoring.catch(() => 0).then(() => this.restore());
    return this.restoring;
  }

  /** After `.airflowignore` or `mwaa.sync.exclude` changed. */
  async reloadFilter(): Promise<void> {
    this.filterValue = await buildFilter(this.binding, this.excludes(), this.logger);
  }

  /** Stops the queue, then writes the state one last time; neither file is written after this. */
  async dispose(): Promise<void> {
    await this.queue.dispose();
    await this.state.dispose();
  }
}

async function buildFilter(b: BoundFolder, excludes: readonly string[], logger?: Logger): Promise<SyncFilter> {
  const plain = new SyncFilter(excludes);
  const warn = (message: string) => logger?.warn(`DAG sync: ${message}`);
  const ignore = await loadAirflowIgnore(b.folder, ignoreSyntaxFor(b.airflowMajor), (d) => plain.skipsDir(d), warn);
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
  private readonly window: WindowContext;
  private disposed = false;

  constructor(private readonly options: SyncSessionsOptions) {
    this.window = options.window ?? THIS_WINDOW;
  }

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
   * Starts the sessions of `bindings` open in this window that closed windows (or this one before
   * trust) left uploads pending for. Returns how many sessions had pending uploads.
   */
  async restorePending(bindings: readonly BoundFolder[]): Promise<number> {
    if (!this.options.isTrusted()) return 0;
    let n = 0;
    for (const b of bindings) {
      if (!this.isOpen(b) || !(await this.hasPending(SyncSessions.idOf(b)))) continue;
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

  /** Stops every session, those still starting too; nothing is written after this resolves. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const all = await Promise.allSettled([...this.sessions.values()]);
    const started = new Set([...this.ready.values(), ...all.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))]);
    await Promise.all([...started].map((s) => s.dispose()));
    this.ready.clear();
    this.sessions.clear();
  }

  private isOpen(b: BoundFolder): boolean {
    return this.options.isOpen?.(b.folder) ?? true;
  }

  /** Uploads a closed window left for this session, or this window's own (kept while untrusted or unbound). */
  private async hasPending(id: string): Promise<boolean> {
    return (await hasOrphanedUploads(sessionDir(this.options.storageDir, id), this.window))
      || hasUploadsIn(pendingFileOf(this.options.storageDir, id, this.window.windowId));
  }

  private problem(message: string): void {
    if (this.options.onStorageProblem) this.options.onStorageProblem(message);
    else this.options.logger?.warn(`DAG sync: ${message}`);
  }

  private async create(id: string, b: BoundFolder): Promise<SyncSession> {
    if (this.disposed) throw new Error('DAG sync is shutting down');
    const dir = sessionDir(this.options.storageDir, id);
    const meta: SessionMeta = { folder: b.folder, bucket: b.bucket, prefix: b.prefix };
    await writeFileAtomic(path.join(dir, 'meta.json'), JSON.stringify(meta));
    const stateFile = path.join(dir, 'state.json');
    const [store, state, filter] = await Promise.all([
      this.options.storeFor(b),
      SyncState.load(stateFile, (err) => this.problem(stateWriteFailed(stateFile, err))),
      buildFilter(b, this.options.excludes(b), this.options.logger),
    ]);
    const queue = new UploadQueue({
      ...this.options.queue,
      store,
      state,
      binding: b,
      pendingFile: pendingFileOf(this.options.storageDir, id, this.window.windowId),
      errorContext: { profile: b.profile, region: b.region },
      onStorageProblem: (m) => this.problem(m),
      ...(this.options.logger ? { logger: this.options.logger } : {}),
    });
    const restore = async () => queue.restore(await claimOrphans(dir, this.window));
    const session = new SyncSession(id, b, store, state, queue, filter, () => this.options.excludes(b), restore, this.options.logger);
    queue.onEvent((e) => {
      for (const l of this.listeners) l(session, e);
    });
    this.ready.set(id, session);
    // Sessions also start for explorer decorations; pending uploads resume only when trusted, and
    // what closed windows left only in a window that has the folder open.
    const restored = this.options.isTrusted() && this.isOpen(b) ? await session.restorePending() : 0;
    if (restored) this.options.logger?.info(`DAG sync: ${restored} upload(s) to s3://${b.bucket}/${b.prefix}/ resumed from the previous window`);
    return session;
  }
}
