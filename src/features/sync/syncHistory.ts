/**
 * What DAG sync did, recently: queue events, refused saves, command errors. Inspection state only
 * (the engine feeds it, the test seam reads it); bounded, so a long session does not grow it.
 */

/** One thing that happened: `at` is performance.now() in the extension host. */
export interface SyncHistoryEntry {
  readonly at: number;
  readonly type: string;
  readonly key?: string;
  readonly file?: string;
  readonly message?: string;
  readonly etag?: string;
}

/** The first entry of `type` (for `key`, when given) at or after `since`; undefined after `timeoutMs`. */
export interface SyncHistoryQuery {
  readonly type: string;
  readonly key?: string;
  readonly since: number;
  readonly timeoutMs?: number;
}

const MAX_ENTRIES = 20_000;
const DROP_AT_ONCE = 5_000;

interface Waiter {
  readonly match: (e: SyncHistoryEntry) => boolean;
  readonly resolve: (e: SyncHistoryEntry) => void;
}

export class SyncHistory {
  private readonly list: SyncHistoryEntry[] = [];
  // A test or benchmark waits for an event without polling the extension host.
  private readonly waiters = new Set<Waiter>();

  /** Oldest first. */
  get entries(): readonly SyncHistoryEntry[] {
    return this.list;
  }

  record(e: Omit<SyncHistoryEntry, 'at'>): void {
    const entry = { at: performance.now(), ...e };
    this.list.push(entry);
    if (this.list.length > MAX_ENTRIES) this.list.splice(0, DROP_AT_ONCE);
    for (const w of this.waiters) {
      if (!w.match(entry)) continue;
      this.waiters.delete(w);
      w.resolve(entry);
    }
  }

  /** Resolves with the first matching entry, already recorded or to come. */
  waitFor(q: SyncHistoryQuery): Promise<SyncHistoryEntry | undefined> {
    const match = (h: SyncHistoryEntry) => h.type === q.type && (q.key === undefined || h.key === q.key) && h.at >= q.since;
    const seen = this.list.find(match);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve) => {
      const w: Waiter = { match, resolve: (h) => (clearTimeout(timer), resolve(h)) };
      const timer = setTimeout(() => (this.waiters.delete(w), resolve(undefined)), q.timeoutMs ?? 30_000);
      this.waiters.add(w);
    });
  }
}
