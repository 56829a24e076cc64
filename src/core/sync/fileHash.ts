/**
 * Change detection: the MD5 of a file's bytes is the ETag S3 returns for a single-part PutObject
 * (unencrypted or SSE-S3; SSE-KMS ETags are not MD5s, which is why the state also keeps the
 * ETag we saw next to the hash we uploaded). The state is a small JSON map per binding.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

export function md5Hex(body: Uint8Array | string): string {
  return createHash('md5').update(body).digest('hex');
}

/** `"abc"` -> `abc` (S3 returns ETags quoted). */
export function normaliseEtag(etag: string | undefined): string | undefined {
  return etag === undefined ? undefined : etag.replace(/^W\//, '').replace(/^"|"$/g, '');
}

/** What we last uploaded to, or downloaded from, one key. */
export interface SyncStateEntry {
  /** Remote ETag right after our PutObject / GetObject. */
  readonly etag: string;
  readonly versionId?: string;
  /** MD5 of the local bytes that correspond to that ETag. */
  readonly localHash: string;
  /** ISO time. */
  readonly uploadedAt: string;
}

const STATE_VERSION = 1;

interface StateFile {
  version: number;
  entries: Record<string, SyncStateEntry>;
}

/**
 * key -> last synced ETag/version/hash, persisted as JSON. Writes are atomic (temp file + rename)
 * and coalesced: many updates during a bulk sync become a few writes.
 */
export class SyncState {
  private readonly entries = new Map<string, SyncStateEntry>();
  private readonly writer: CoalescingWriter;

  private constructor(readonly file: string | undefined, onWriteError?: (err: unknown) => void) {
    this.writer = new CoalescingWriter(file, () => this.serialise(), 250, onWriteError);
  }

  /**
   * Loads the state (an absent, unreadable or other-version file starts empty).
   * @param onWriteError told the first time the file cannot be written (the user should know).
   */
  static async load(file: string | undefined, onWriteError?: (err: unknown) => void): Promise<SyncState> {
    const state = new SyncState(file, onWriteError);
    if (!file) return state;
    const parsed = await readJson<StateFile>(file);
    if (parsed?.version === STATE_VERSION && parsed.entries && typeof parsed.entries === 'object') {
      for (const [k, v] of Object.entries(parsed.entries)) if (v && typeof v.etag === 'string' && typeof v.localHash === 'string') state.entries.set(k, v);
    }
    return state;
  }

  get(key: string): SyncStateEntry | undefined {
    return this.entries.get(key);
  }

  set(key: string, entry: SyncStateEntry): void {
    this.entries.set(key, entry);
    this.writer.schedule();
  }

  delete(key: string): void {
    if (this.entries.delete(key)) this.writer.schedule();
  }

  keys(): IterableIterator<string> {
    return this.entries.keys();
  }

  /** Resolves once everything set so far is on disk. */
  flush(): Promise<void> {
    return this.writer.flush();
  }

  /** Writes what is pending; after that, updates stay in memory and the file is not written again. */
  dispose(): Promise<void> {
    return this.writer.dispose();
  }

  private serialise(): string {
    const out: StateFile = { version: STATE_VERSION, entries: Object.fromEntries(this.entries) };
    return JSON.stringify(out);
  }
}

/** Parses a JSON file; undefined when missing or corrupt (a half-written file must not crash activation). */
export async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/**
 * Writes `text` so a reader sees the old or the new file, never half of one.
 * @param mode the permissions the file gets (those of the file it replaces), despite the umask.
 */
export async function writeFileAtomic(file: string, text: string | Uint8Array, mode?: number): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    // 'wx': a file (or link) already at the temporary name is never written through.
    await fs.writeFile(tmp, text, { flag: 'wx', ...(mode !== undefined ? { mode } : {}) });
    if (mode !== undefined) await fs.chmod(tmp, mode);
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/**
 * One write in flight at a time; updates during a write cause exactly one more write, started no
 * sooner than `minIntervalMs` after the previous one (flush() skips the wait). A 1,000-file sync
 * thus writes its state a few times instead of back to back: rewriting a 100 KB map after every
 * upload had cost more CPU than the uploads themselves. After dispose() nothing is written: a
 * write landing after its owner closed had recreated a folder a test had just removed.
 */
export class CoalescingWriter {
  private dirty = false;
  private running: Promise<void> | undefined;
  private lastStart = -Infinity;
  private wake: (() => void) | undefined;
  private disposed = false;
  private reported = false;

  /** @param onError told the first failed write (once: the user needs to know, not each time). */
  constructor(
    private readonly file: string | undefined,
    private readonly render: () => string,
    private readonly minIntervalMs = 250,
    private readonly onError?: (err: unknown) => void,
  ) {}

  schedule(): void {
    if (!this.file || this.disposed) return;
    this.dirty = true;
    this.running ??= this.loop();
  }

  /** Writes what is pending now (a waiting write is not left on a timer), then writes no more. */
  async dispose(): Promise<void> {
    await this.flush();
    this.disposed = true;
  }

  async flush(): Promise<void> {
    while (this.running) {
      this.wake?.();
      await this.running;
    }
  }

  /** The last write failure (disk full, folder removed); the next schedule() tries again. */
  lastError: unknown;

  private async loop(): Promise<void> {
    try {
      while (this.dirty) {
        const wait = this.lastStart + this.minIntervalMs - performance.now();
        if (wait > 0) await this.pause(wait);
        this.dirty = false;
        this.lastStart = performance.now();
        try {
          await writeFileAtomic(this.file!, this.render());
          this.lastError = undefined;
        } catch (err) {
          this.lastError = err;
          if (!this.reported) {
            this.reported = true;
            try {
              this.onError?.(err);
            } catch {
              // a failing reporter must not break the writer
            }
          }
          return;
        }
      }
    } finally {
      this.running = undefined;
    }
  }

  /** Waits `ms`, or less when flush() asks for the write now. */
  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }
}
