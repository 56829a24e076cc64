/**
 * Upload-on-save: a persistent queue of keys to put. Bursts are debounced, repeated saves of one
 * file coalesce (the bytes are read when the upload starts, so the last save wins), uploads run
 * with bounded concurrency, transient failures retry with backoff and jitter, expired credentials
 * pause the queue instead of dropping work, and the pending set is written to a JSON file so a
 * window reload picks it up again. "uploaded" is emitted only after PutObject succeeded. With a
 * binding, each upload re-checks its file right before reading it (folderGuard.ts). After
 * dispose() nothing more is written: in-flight uploads are aborted and awaited first.
 */
import * as fs from 'node:fs/promises';
import { describeError } from '../errors';
import { checkedPut } from './conditionalPut';
import { SyncPathError } from './dagKeys';
import { CoalescingWriter, md5Hex } from './fileHash';
import { readForUpload } from './folderGuard';
import { encodePending, readPending } from './pendingUploads';
import { backoffDelay, decideOnFailure, type BackoffOptions } from './retryPolicy';
import type { EnqueueOptions, UploadJob, UploadQueueOptions } from './uploadQueueOptions';
import { describeCounts, type QueueCounts, type QueueEvent } from './queueEvents';
import type { PutResult, RemoteObject } from './s3Store';
import { pendingFileUnreadable, pendingWriteFailed } from './storageProblems';

export type { QueueCounts, QueueEvent } from './queueEvents';
export type { EnqueueOptions, UploadJob, UploadQueueOptions } from './uploadQueueOptions';

type Status = 'waiting' | 'uploading' | 'failed' | 'conflict';

/** How long dispose() waits for aborted uploads to settle before it stops writing anyway. */
const DISPOSE_WAIT_MS = 5_000;

interface Item {
  file: string;
  key: string;
  status: Status;
  attempts: number;
  readyAt: number;
  /** Saved again while uploading: upload once more afterwards. */
  dirty: boolean;
  /** The user chose Overwrite: the next attempt, and only that one, skips the conflict check. */
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
  private closed: Promise<void> | undefined;
  /** The own pending file is read by the first restore only; later ones take adopted files. */
  private ownRestored = false;
  private readonly inFlight = new Set<Promise<void>>();
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
    const file = options.pendingFile;
    this.writer = new CoalescingWriter(file, () => this.serialise(), 0, (err) => this.problem(pendingWriteFailed(file!, err)));
  }

  /**
   * Re-queues what the pending file holds (on the first call) and what the `adopted` files (a
   * closed window's, claimed by this one) hold; conflicts stay conflicts until resolved. Adopted
   * files are deleted once this queue's own file holds their uploads. A file that cannot be read
   * is kept aside and reported, never emptied.
   */
  async restore(adopted: readonly string[] = []): Promise<number> {
    if (!this.options.pendingFile || this.disposed) return 0;
    let n = 0;
    const own = this.ownRestored ? [] : [this.options.pendingFile];
    this.ownRestored = true;
    for (const file of [...own, ...adopted]) {
      const read = await readPending(file);
      if (read.problem) this.problem(pendingFileUnreadable(file, read.problem, read.keptAs));
      for (const s of read.entries) {
        if (this.items.has(s.key)) continue;
        this.items.set(s.key, { ...s, attempts: 0, readyAt: this.now(), dirty: false, force: false });
        n++;
      }
    }
    this.persist();
    this.pump();
    if (adopted.length) {
      await this.writer.flush();
      if (this.writer.lastError === undefined && !this.disposed) await Promise.all(adopted.map((f) => fs.rm(f, { force: true })));
    }
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

  /**
   * Stops timers and aborts in-flight calls, waits for them (bounded) and writes the pending file
   * one last time; what is pending stays in it. Nothing is written after this resolves.
   */
  dispose(): Promise<void> {
    if (this.closed) return this.closed;
    this.disposed = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort.abort();
    this.closed = (async () => {
      let timer: NodeJS.Timeout | undefined;
      const waited = new Promise<void>((resolve) => (timer = setTimeout(resolve, DISPOSE_WAIT_MS)));
      await Promise.race([Promise.allSettled([...this.inFlight]), waited]);
      clearTimeout(timer);
      await this.writer.dispose();
    })();
    return this.closed;
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
        if (item.readyAt <= now) this.start(item);
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

  /** Runs one attempt; dispose() waits for it. */
  private start(item: Item): void {
    const run = this.run(item);
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
  }

  private async run(item: Item): Promise<void> {
    this.active++;
    item.status = 'uploading';
    item.dirty = false;
    item.attempts++;
    // An Overwrite is good for one try: a retry, a later save or a reload checks S3 again.
    const force = item.force;
    item.force = false;
    const started = this.now();
    this.emit({ type: 'uploading', key: item.key, attempt: item.attempts, counts: this.counts() });
    try {
      await this.upload(item, started, force);
    } catch (err) {
      this.onFailure(item, err);
    } finally {
      this.active--;
      this.pump();
    }
  }

  private async upload(item: Item, started: number, force: boolean): Promise<void> {
    const { store, state } = this.options;
    const signal = this.abort.signal;
    const body = await this.read(item);
    if (!body) return;
    const hash = md5Hex(body);
    const known = state.get(item.key);
    if (!force && known?.localHash === hash) return this.finish(item, { type: 'unchanged', key: item.key });
    let put: PutResult | undefined;
    if (!force && this.options.checkRemote !== false) {
      const listed = item.remote;
      delete item.remote; // a listing is only fresh once
      const checked = await checkedPut({
        store, key: item.key, body, hash, known, listed, signal,
        conditionalWrites: this.conditionalWrites, noConditionalWrites: () => (this.conditionalWrites = false),
      });
      if (checked.kind === 'same') {
        state.set(item.key, { etag: checked.remote.etag, localHash: hash, uploadedAt: new Date().toISOString(), ...(checked.remote.versionId ? { versionId: checked.remote.versionId } : {}) });
        return this.finish(item, { type: 'unchanged', key: item.key });
      }
      if (checked.kind === 'conflict') return this.conflict(item, checked.message, checked.remote);
      if (checked.kind === 'put') put = checked.put;
    }
    put ??= await store.put(item.key, body, { signal });
    state.set(item.key, { etag: put.etag, localHash: hash, uploadedAt: new Date().toISOString(), ...(put.versionId ? { versionId: put.versionId } : {}) });
    this.finish(item, { type: 'uploaded', key: item.key, etag: put.etag, ...(put.versionId ? { versionId: put.versionId } : {}), ms: this.now() - started });
  }

  /** The bytes to upload, or undefined when the item was dropped (the file is gone, or may not be uploaded now). */
  private async read(item: Item): Promise<Uint8Array | undefined> {
    const { binding } = this.options;
    try {
      return binding ? await readForUpload(item.file, binding, item.key) : await this.readFile(item.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        this.remove(item, 'the file was deleted before it was uploaded');
        return undefined;
      }
      if (!(err instanceof SyncPathError)) throw err;
      this.options.logger?.warn(`DAG sync: ${item.key} not uploaded: ${err.message}`);
      this.remove(item, err.message);
      return undefined;
    }
  }

  /** Someone else changed the object: nothing is written until the user chooses. */
  private conflict(item: Item, message: string, remote: RemoteObject): void {
    item.status = 'conflict';
    item.lastError = message;
    this.persist();
    this.emit({ type: 'conflict', key: item.key, message, remote, counts: this.counts() });
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
    const decision = decideOnFailure(err, { ...this.options.errorContext, operation: `uploading ${item.key}`, permission: 's3:PutObject and s3:GetObject on the DAGs folder' });
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

  private problem(message: string): void {
    if (this.options.onStorageProblem) this.options.onStorageProblem(message);
    else this.options.logger?.warn(`DAG sync: ${message}`);
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
