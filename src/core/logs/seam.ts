/**
 * History (FilterLogEvents) and live tail overlap in time: the live session starts a moment
 * before history ends, and a restarted session re-sends what the last one already showed. The
 * seam remembers recent events by identity and lets each through once.
 *
 * Identity is stream + timestamp + message, counted: a task can log the same line twice in one
 * millisecond, and both copies must survive while a re-sent copy must not.
 */
export interface SeamEvent {
  readonly logStreamName?: string;
  readonly timestamp?: number;
  readonly message?: string;
}

export class SeamDeduplicator {
  private readonly seen = new Map<string, number>();
  private newest = 0;
  private prunedAt = 0;

  /**
   * @param windowMs how far back (behind the newest event) identities are remembered: the widest
   * overlap a seam can have (history's end vs a session's start, a reconnect's backfill).
   */
  constructor(private readonly windowMs = 60_000) {}

  /**
   * Records a batch from one source and returns the events not seen before. Duplicates are
   * counted per batch, so two identical lines in one batch are both new the first time.
   */
  admit<E extends SeamEvent>(batch: readonly E[]): E[] {
    const fresh: E[] = [];
    const inBatch = new Map<string, number>();
    for (const e of batch) {
      const key = `${e.logStreamName ?? ''}\u0000${e.timestamp ?? 0}\u0000${e.message ?? ''}`;
      const n = (inBatch.get(key) ?? 0) + 1;
      inBatch.set(key, n);
      if (n > (this.seen.get(key) ?? 0)) {
        this.seen.set(key, n);
        fresh.push(e);
      }
      if ((e.timestamp ?? 0) > this.newest) this.newest = e.timestamp ?? 0;
    }
    this.prune();
    return fresh;
  }

  /** Number of identities held (bounded by the window; reported by the memory benchmark). */
  get size(): number {
    return this.seen.size;
  }

  // Pruning walks every identity, so do it only when time has moved a quarter window on.
  private prune(): void {
    if (this.newest - this.prunedAt < this.windowMs / 4) return;
    this.prunedAt = this.newest;
    const cutoff = this.newest - this.windowMs;
    for (const key of this.seen.keys()) {
      const ts = Number(key.split('\u0000')[1]);
      if (ts < cutoff) this.seen.delete(key);
    }
  }
}
