import type { SecretDetailNode } from './secretsNodes';

/** How long a revealed value stays shown when nothing hides it first. */
export const REVEAL_MS = 120_000;

/**
 * Values the user asked to see, by key node id: the only place a value is held, in memory, and
 * only until the node (or its group) collapses, Hide Value, a refresh, or REVEAL_MS pass.
 * Nothing here is logged or stored.
 */
export class RevealedValues {
  private readonly shown = new Map<string, { lines: SecretDetailNode[]; timer: NodeJS.Timeout }>();

  constructor(private readonly onExpire: (keyNodeId: string) => void, private readonly ttlMs = REVEAL_MS) {}

  set(keyNodeId: string, lines: SecretDetailNode[]): void {
    this.drop(keyNodeId);
    const timer = setTimeout(() => {
      if (this.drop(keyNodeId)) this.onExpire(keyNodeId);
    }, this.ttlMs);
    timer.unref?.();
    this.shown.set(keyNodeId, { lines, timer });
  }

  lines(keyNodeId: string): readonly SecretDetailNode[] | undefined {
    return this.shown.get(keyNodeId)?.lines;
  }

  has(keyNodeId: string): boolean {
    return this.shown.has(keyNodeId);
  }

  /** Forgets one value; true when there was one. */
  drop(keyNodeId: string): boolean {
    const entry = this.shown.get(keyNodeId);
    if (!entry) return false;
    clearTimeout(entry.timer);
    // The lines are dropped with the entry; nothing else refers to them.
    entry.lines.length = 0;
    return this.shown.delete(keyNodeId);
  }

  /** Forgets every value whose key node id passes `which`; the ids dropped. */
  dropWhere(which: (keyNodeId: string) => boolean): string[] {
    const ids = [...this.shown.keys()].filter(which);
    for (const id of ids) this.drop(id);
    return ids;
  }

  get ids(): string[] {
    return [...this.shown.keys()];
  }

  clear(): void {
    this.dropWhere(() => true);
  }
}
