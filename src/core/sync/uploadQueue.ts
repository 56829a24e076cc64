/**
 * Upload-on-save: a persistent queue of keys to put. Bursts are debounced, repeated saves of one
 * file coalesce (the bytes are read when the upload starts, so the last save wins), uploads run
 * with bounded concurrency, transient failures retry with backoff and jitter, expired credentials
 * pause the queue instead of dropping work, and the pending set is written to a JSON file so a
 * window reload picks it up again. "uploaded" is emitted only after PutObject succeeded.
 */
import * as fs from 'node:fs/promises';
import { describeError } from '../errors';
import type { Logger } from '../logger';
import { checkConflict } from './conflicts';
import { CoalescingWriter, md5Hex, readJson, type SyncState } from './fileHash';
import { decodePending, encodePending } from './pendingUploads';
import { backoffDelay, decideOnFailure, type BackoffOptions } from './retryPolicy';
import { describeCounts, type QueueCounts, type QueueEvent } from './queueEvents';
import { isNotFound, isNotImplemented, isPreconditionFailed, type DagObjectStore, type PutResult, type RemoteObject } from './s3Store';

export type { QueueCounts, QueueEvent } from './queueEvents';

export interface UploadJob {
  /** Absolute local path; read when the upload starts. */
  readonly file: string;
  /** Target key, already checked by resolveDagKey and SyncFilter. */
  readonly key: string;
}

export interface EnqueueOptions {
  /** Skip the debounce (folder sync, "retry now"). */
  readonly immediate?: boolean;
  /** The remote object from a fresh listing (null: absent), so no HeadObject is needed. */
  readonly remote?: RemoteObject | null;
  /** Overwrite even if the remote changed (the user chose "overwrite" on a conflict). */
  readonly force?: boolean;
}

export interface UploadQueueOptions {
  readonly store: DagObjectStore;
  readonly state: SyncState;
  /** Where the pending set is kept across reloads (the extension's global storage). */
  readonly pendingFile?: string;
  /**
   * Delay before uploading a key that was saved again while still waiting (coalescing repeated
   * saves and autosave bursts). Default 300 ms.
   */
  readonly debounceMs?: number;
  /**
   * Delay before uploading a key with nothing pending: 0 by default, so a single save reaches S3
   * at once; a save-all burst is bounded by `concurrency`, not by waiting.
   */
  readonly firstDelayMs?: number;
  readonly concurrency?: number;
  /** Automatic attempts per upload before it is marked failed (it stays pending). */
  readonly maxAttempts?: number;
  readonly backoff?: BackoffOptions;
  /** Never overwrite other writers' changes (conditional puts, else HeadObject first); off only for a store nobody else writes. */
  readonly checkRemote?: boolean;
  readonly readFile?: (file: string) => Promise<Uint8Array>;
  readonly logger?: Logger;
  readonly errorContext?: { profile?: string; region?: string };
  readonly now?: () => number;
}

type Status = 'waiting' | 'uploading' | 'failed' | 'conflict';

interface Item {
  file: string;
  key: string;
  status: Status;
  attempts: number;
  readyAt: number;
  /** Saved again while uploading: upload once more afterwards. */
  dirty: boolean;
  force: boolean;
  remote?: RemoteObject | null;
  lastError?: string;
}

export class UploadQueue {
  private readonly items = new Map<string, Item>();
  private readonly listeners = new Set<(e: QueueEvent) => void>();
  private readonly idleWaiters: Array<() => void> = [];
  private readonly writer: CoalescingWriter;
  private readonly debounceMs: number;
  private readonly firstDelayMs: number;
  private readonly concurrency: number;
  private readonly maxAttempts: number;
  private readonly backoff: BackoffOptions;
  private readonly now: () => number;
  private readonly readFile: (file: string) => Promise<Uint8Array>;
  private active = 0;
  private paused = false;
  /** Cleared when the store answers 501 to a conditional put: HeadObject before each put then. */
  private conditionalWrites = true;
  private disposed = false;
  private timer: NodeJS.Timeout | undefined;
  private timerAt = Infinity;
  private readonly abort = new AbortController();

  constructor(private readonly options: UploadQueueOptions) {
    this.debounceMs = options.debounceMs ?? 300;
    this.firstDelayMs = options.firstDelayMs ?? 0;
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    this.maxAttempts = options.maxAttempts ?? 8;
    this.backoff = options.backoff ?? { baseMs: 250, maxMs: 30_000 };
    this.now = options.now ?? Date.now;
    this.readFile = options.readFile ?? ((f) => fs.readFile(f));
    // No pause between writes: the pending file is what makes a save survive a crash.
    this.writer = new CoalescingWriter(options.pendingFile, () => this.serialise(), 0);
  }

  /** Re-queues what a previous window left pending; conflicts stay conflicts until resolved. */
  async restore(): Promise<number> {
    if (!this.options.pendingFile) return 0;
    let n = 0;
    for (const s of decodePending(await readJson<unknown>(this.options.pendingFile))) {
      if (this.items.has(s.key)) continue;
      this.items.set(s.key, { ...s, attempts: 0, readyAt: this.now(), dirty: false });
      n++;
    }
    this.persist();
    this.pump();
    return n;
  }

  enqueue(job: UploadJob, options: EnqueueOptions = {}): void {
    if (this.disposed) throw new Error('UploadQueue used after dispose()');
    const existing = this.items.get(job.key);
    const readyAt = this.now() + (options.immediate ? 0 : existing ? this.debounceMs : this.firstDelayMs);
    if (existing?.status === 'uploading') {
      existing.dirty = true;
      existing.file = job.file;
      if (options.force) existing.force = true;
    } else if (existing) {
      // Coalesce: one pending upload per key; a new save restarts its debounce and its retries.
      Object.assign(existing, { file: job.file, status: 'waiting', readyAt, attempts: 0, force: existing.force || options.force === true });
      if (options.remote !== undefined) existing.remote = options.remote;
      else delete existing.remote;
    } else {
      this.items.set(job.key, { ...job, status: 'waiting', attempts: 0, readyAt, dirty: false, force: options.force === true, ...(options.remote !== undefined ? { remote: options.remote } : {}) });
    }
    this.persist();
    this.emit({ type: 'queued', key: job.key, counts: this.counts() });
    this.pump();
  }

  /** The user chose on a conflict: overwrite the remote, or drop the pending upload (after a pull). */
  resolveConflict(key: string, choice: 'overwrite' | 'discard'): void {
    const item = this.items.get(key);
    if (!item) return;
    if (choice === 'discard') {
      this.remove(item, 'conflict resolved without uploading');
      return;
    }
    Object.assign(item, { status: 'waiting', force: true, attempts: 0, readyAt: this.now() });
    delete item.remote;
    this.persist();
    this.pump();
  }

  /** After new credentials (or "retry"): failed and paused uploads start again. */
  resume(): void {
    const wasPaused = this.paused;
    this.paused = false;
    for (const item of this.items.values()) {
      if (item.status === 'failed') Object.assign(item, { status: 'waiting', attempts: 0, readyAt: this.now() });
    }
    if (wasPaused) this.emit({ type: 'resumed', counts: this.counts() });
    this.persist();
    this.pump();
  }

  onEvent(listener: (e: QueueEvent) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  counts(): QueueCounts {
    let waiting = 0, uploading = 0, failed = 0, conflicts = 0;
    for (const i of this.items.values()) {
      if (i.status === 'waiting') waiting++;
      else if (i.status === 'uploading') { uploading++; waiting++; }
      else if (i.status === 'failed') failed++;
      else conflicts++;
    }
    return { waiting, uploading, failed, conflicts, paused: this.paused };
  }

  /** For the status bar: "2 files waiting to upload", "1 file failed to upload", or ''. */
  describe(): string {
    return describeCounts(this.counts());
  }

  /** The status of one key, for file decorations; undefined when nothing is pending. */
  statusOf(key: string): Status | undefined {
    return this.items.get(key)?.status;
  }

  pending(): Array<{ key: string; file: string; status: Status; lastError?: string }> {
    return [...this.items.values()].map((i) => ({ key: i.key, file: i.file, status: i.status, ...(i.lastError ? { lastError: i.lastError } : {}) }));
  }

  /** Resolves when nothing is waiting or uploading (or the queue is paused with nothing in flight). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return this.writer.flush();
    return new Promise<void>((resolve) => this.idleWaiters.push(resolve)).then(() => this.writer.flush());
  }

  /** Stops timers and in-flight calls; what is pending stays in the pending file. */
  async dispose(): Promise<void> {
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort.abort();
    await this.writer.flush();
  }

  private isIdle(): boolean {
    if (this.active > 0) return false;
    if (this.paused || this.disposed) return true;
    for (const i of this.items.values()) if (i.status === 'waiting') return false;
    return true;
  }

  private pump(): void {
    if (this.disposed) return;
    const now = this.now();
    let next = Infinity;
    if (!this.paused) {
      for (const item of this.items.values()) {
        if (this.active >= this.concurrency) break;
        if (item.status !== 'waiting') continue;
        if (item.readyAt <= now) void this.run(item);
        else next = Math.min(next, item.readyAt);
      }
      if (this.active >= this.concurrency) next = Infinity; // a finishing upload pumps again
    }
    this.arm(next);
    if (this.isIdle()) for (const w of this.idleWaiters.splice(0)) w();
  }

  private arm(at: number): void {
    if (at === Infinity || at >= this.timerAt) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerAt = at;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.timerAt = Infinity;
      this.pump();
    }, Math.max(0, at - this.now()));
  }

  private async run(item: Item): Promise<void> {
    this.active++;
    item.status = 'uploading';
    item.dirty = false;
    item.attempts++;
    const started = this.now();
    this.emit({ type: 'uploading', key: item.key, attempt: item.attempts, counts: this.counts() });
    try {
      await this.upload(item, started);
    } catch (err) {
      this.onFailure(item, err);
    } finally {
      this.active--;
      this.pump();
    }
  }

  private async upload(item: Item, started: number): Promise<void> {
    const { store, state } = this.options;
    const signal = this.abort.signal;
    let body: Uint8Array;
    try {
      body = await this.readFile(item.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return this.remove(item, 'the file was deleted before it was uploaded');
      throw err;
    }
    const hash = md5Hex(body);
    const known = state.get(item.key);
    if (!item.force && known?.localHash === hash) return this.finish(item, { type: 'unchanged', key: item.key });
    let put: PutResult | undefined;
    if (!item.force && this.options.checkRemote !== false) {
      const checked = await this.checkedPut(item, body, hash, signal);
      if (checked === 'settled') return;
      put = checked;
    }
    put ??= await store.put(item.key, body, { signal });
    state.set(item.key, { etag: put.etag, localHash: hash, uploadedAt: new Date().toISOString(), ...(put.versionId ? { versionId: put.versionId } : {}) });
    item.force = false;
    this.finish(item, { type: 'uploaded', key: item.key, etag: put.etag, ...(put.versionId ? { versionId: put.versionId } : {}), ms: this.now() - started });
  }

  /**
   * The put that never overwrites someone else's change. With conditional writes it is one call
   * (If-Match the ETag we last synced, or If-None-Match for a new key); only when that fails is
   * the object looked at. Without them (an S3 stand-in answering 501), HeadObject first.
   * Returns the put's result, undefined when a plain put is safe, or 'settled' (same bytes already
   * in S3, or a conflict now waiting for the user).
   */
  private async checkedPut(item: Item, body: Uint8Array, hash: string, signal: AbortSignal): Promise<PutResult | undefined | 'settled'> {
    const { store, state } = this.options;
    const known = state.get(item.key);
    let remote: RemoteObject | undefined;
    if (item.remote !== undefined) {
      remote = item.remote ?? undefined;
      delete item.remote; // a listing is only fresh once
    } else {
      if (this.conditionalWrites) {
        try {
          return await store.put(item.key, body, { signal, ...(known ? { ifMatch: known.etag } : { ifNoneMatch: true }) });
        } catch (err) {
          if (isNotImplemented(err)) this.conditionalWrites = false;
          else if (!isPreconditionFailed(err) && !(known && isNotFound(err))) throw err;
        }
      }
      remote = await store.head(item.key, { signal });
    }
    const verdict = checkConflict(remote, known, hash);
    if (verdict.kind === 'same') {
      state.set(item.key, { etag: remote!.etag, localHash: hash, uploadedAt: new Date().toISOString(), ...(remote!.versionId ? { versionId: remote!.versionId } : {}) });
      this.finish(item, { type: 'unchanged', key: item.key });
      return 'settled';
    }
    if (verdict.kind === 'conflict') {
      item.status = 'conflict';
      item.lastError = verdict.message;
      this.persist();
      this.emit({ type: 'conflict', key: item.key, message: verdict.message, remote: verdict.remote, counts: this.counts() });
      return 'settled';
    }
    return undefined;
  }

  /** Success: drop the item unless it was saved again meanwhile, then it uploads once more. */
  private finish(item: Item, event: { type: 'uploaded'; key: string; etag: string; versionId?: string; ms: number } | { type: 'unchanged'; key: string }): void {
    if (item.dirty) {
      Object.assign(item, { status: 'waiting', attempts: 0, dirty: false, readyAt: this.now() + this.debounceMs });
      delete item.lastError;
    } else {
      this.items.delete(item.key);
    }
    this.persist();
    this.emit({ ...event, counts: this.counts() } as QueueEvent);
  }

  private remove(item: Item, reason: string): void {
    this.items.delete(item.key);
    this.persist();
    this.emit({ type: 'removed', key: item.key, reason, counts: this.counts() });
  }

  private onFailure(item: Item, err: unknown): void {
    const decision = decideOnFailure(err, { ...this.options.errorContext, operation: `uploading ${item.key}` });
    const message = decision.action === 'fail' ? decision.classified.message : describeError(err);
    item.lastError = message;
    if (decision.action === 'cancelled' || this.disposed) {
      item.status = 'waiting';
      return;
    }
    if (decision.action === 'pause') {
      Object.assign(item, { status: 'waiting', attempts: item.attempts - 1, readyAt: this.now() });
      if (!this.paused) {
        this.paused = true;
        this.options.logger?.warn(`DAG uploads paused: ${decision.classified.message}`);
        this.emit({ type: 'paused', message: decision.classified.message, actions: decision.classified.actions, counts: this.counts() });
      }
      this.persist();
      return;
    }
    const retry = decision.action === 'retry' && item.attempts < this.maxAttempts;
    if (retry || item.dirty) {
      const delay = retry ? backoffDelay(item.attempts, this.backoff) : this.debounceMs;
      Object.assign(item, { status: 'waiting', readyAt: this.now() + delay, dirty: false });
      this.emit({ type: 'failed', key: item.key, message, willRetry: true, retryInMs: delay, counts: this.counts() });
    } else {
      item.status = 'failed';
      this.options.logger?.warn(`Upload of ${item.key} failed: ${message}`);
      this.emit({ type: 'failed', key: item.key, message, willRetry: false, counts: this.counts() });
    }
    this.persist();
  }

  private persist(): void {
    this.writer.schedule();
  }

  private serialise(): string {
    return encodePending(this.items.values());
  }

  private emit(event: QueueEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch (err) {
        this.options.logger?.error(`upload queue listener failed: ${describeError(err)}`);
      }
    }
  }
}
