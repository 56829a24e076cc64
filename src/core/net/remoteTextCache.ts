/**
 * Text files named by URL in workspace files (constraints files), fetched in the background and
 * kept in memory and in a store (the editor's global storage) so later sessions work offline.
 * A copy older than `maxAgeMs` is still served but fetched again; when that fails (offline) the
 * old copy stays in use and the log says so.
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../logger';
import { redact } from '../redact';
import { fetchPublicText, RefusedUrlError } from './publicFetch';
import { urlForLog } from './publicUrl';

export interface CachedText {
  readonly text: string;
  /** When the copy was fetched (ms since the epoch). */
  readonly savedAt: number;
}

/** Where copies outlive the session, by key (a hex sha256 of the URL, never the URL itself). */
export interface TextStore {
  read(key: string): CachedText | undefined;
  write(key: string, text: string): void;
}

export interface RemoteTextCacheOptions {
  readonly logger: Logger;
  /** Log wording: `${prefix}: fetched ${what} <url>`, else `using ${fallback}`. */
  readonly wording: { readonly prefix: string; readonly what: string; readonly fallback: string };
  /** Whether fetching is allowed now (an untrusted workspace makes no network calls). */
  readonly canFetch: () => boolean;
  readonly store?: TextStore;
  /** Fetches one URL's text; by default fetchPublicText with the limits below. */
  readonly fetchText?: (url: string) => Promise<string>;
  /** Called with the URL when a new or changed copy arrives (re-check what uses it). */
  readonly onFetched?: (url: string) => void;
  readonly now?: () => number;
  readonly maxAgeMs?: number;
  readonly retryAfterMs?: number;
}

export const DEFAULT_MAX_AGE_MS = 24 * 60 * 60_000;
// After a failure (offline, 404, refused) try the URL again only after a while.
export const DEFAULT_RETRY_AFTER_MS = 10 * 60_000;
export const MAX_TEXT_BYTES = 2 * 1024 * 1024;
const FETCH_TIMEOUT_MS = 10_000;
// A requirements file can name any number of URLs: bound the parallel fetches and the copies held.
const MAX_IN_FLIGHT = 4;
const MAX_IN_MEMORY = 16;

/** The store key of a URL: its sha256 in hex, so no part of the URL (a query's token) is a file name. */
export function cacheKey(url: string): string {
  return createHash('sha256').update(url).digest('hex');
}

export class RemoteTextCache {
  private readonly memory = new Map<string, CachedText>();
  private readonly notStored = new Set<string>();
  private readonly failedAt = new Map<string, number>();
  private readonly refusalLogged = new Set<string>();
  private readonly inFlight = new Set<string>();
  private readonly pending = new Set<Promise<void>>();
  private readonly now: () => number;
  private readonly maxAgeMs: number;
  private readonly retryAfterMs: number;
  private readonly fetchText: (url: string) => Promise<string>;

  constructor(private readonly options: RemoteTextCacheOptions) {
    this.now = options.now ?? Date.now;
    this.maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.retryAfterMs = options.retryAfterMs ?? DEFAULT_RETRY_AFTER_MS;
    this.fetchText = options.fetchText ?? ((url) => fetchPublicText(url, { maxBytes: MAX_TEXT_BYTES, timeoutMs: FETCH_TIMEOUT_MS }));
  }

  /** Synchronous for the checker: the cached text or undefined; starts a fetch when due and allowed. */
  read(url: string): string | undefined {
    const entry = this.cached(url);
    const age = entry ? this.now() - entry.savedAt : Infinity;
    if (age < 0 || age >= this.maxAgeMs) this.refresh(url, entry);
    return entry?.text;
  }

  /** Resolves once every fetch started so far has settled (tests). */
  async settled(): Promise<void> {
    while (this.pending.size) await Promise.allSettled([...this.pending]);
  }

  private cached(url: string): CachedText | undefined {
    const inMemory = this.memory.get(url);
    if (inMemory || !this.options.store || this.notStored.has(url)) return inMemory;
    let stored: CachedText | undefined;
    try {
      stored = this.options.store.read(cacheKey(url));
    } catch {
      stored = undefined;
    }
    if (stored) this.remember(url, stored);
    else this.notStored.add(url);
    return stored;
  }

  private remember(url: string, entry: CachedText): void {
    this.memory.delete(url);
    this.memory.set(url, entry);
    // Oldest first out: an evicted copy is read from the store again when next needed.
    while (this.memory.size > MAX_IN_MEMORY) this.memory.delete(this.memory.keys().next().value as string);
  }

  private refresh(url: string, stale: CachedText | undefined): void {
    if (!this.options.canFetch() || this.inFlight.has(url) || this.inFlight.size >= MAX_IN_FLIGHT) return;
    const failed = this.failedAt.get(url);
    if (failed !== undefined && this.now() - failed < this.retryAfterMs) return;
    this.inFlight.add(url);
    const done = this.fetchInto(url, stale).finally(() => {
      this.inFlight.delete(url);
      this.pending.delete(done);
    });
    this.pending.add(done);
  }

  private async fetchInto(url: string, stale: CachedText | undefined): Promise<void> {
    const { logger, wording } = this.options;
    let text: string;
    try {
      text = await this.fetchText(url);
    } catch (err) {
      this.failedAt.set(url, this.now());
      this.logFailure(url, err, stale);
      return;
    }
    this.failedAt.delete(url);
    this.remember(url, { text, savedAt: this.now() });
    this.save(url, text);
    logger.info(`${wording.prefix}: fetched ${wording.what} ${urlForLog(url)}`);
    logger.debug(`${wording.prefix}: ${wording.what} URL in full: ${redact(url)}`);
    if (stale?.text !== text) this.options.onFetched?.(url);
  }

  private save(url: string, text: string): void {
    try {
      this.options.store?.write(cacheKey(url), text);
      this.notStored.delete(url);
    } catch (err) {
      this.options.logger.debug(`${this.options.wording.prefix}: cannot save ${urlForLog(url)}: ${errorText(err)}`);
    }
  }

  private logFailure(url: string, err: unknown, stale: CachedText | undefined): void {
    const { logger, wording } = this.options;
    const using = stale ? `the copy fetched ${new Date(stale.savedAt).toISOString()}` : wording.fallback;
    if (err instanceof RefusedUrlError) {
      // The same URL is refused the same way on every re-check: say it once.
      if (this.refusalLogged.has(url)) return;
      this.refusalLogged.add(url);
      logger.warn(`${wording.prefix}: not fetching ${wording.what} from ${urlForLog(url)}: ${err.message}; using ${using}`);
    } else if (stale) {
      logger.info(`${wording.prefix}: cannot refresh ${wording.what} ${urlForLog(url)} (${errorText(err)}); using ${using}`);
    } else {
      logger.debug(`${wording.prefix}: cannot fetch ${urlForLog(url)} (${errorText(err)}); using ${using}`);
    }
  }
}

/** An error's message, with the socket code undici hides in `cause` ("fetch failed (ENOTFOUND)"). */
function errorText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const code = (err as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  return typeof code === 'string' ? `${message} (${code})` : message;
}
