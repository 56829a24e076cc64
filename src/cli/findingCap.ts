import type { Severity } from '../core/lint/types';

/** Findings printed per file at most: far above any real file, low enough to keep output usable. */
export const MAX_FINDINGS_PER_FILE = 10_000;

/** The fields of a printed finding the cap needs (CliFinding has them). */
interface CappedFinding {
  readonly file: string;
  readonly severity: string;
}

const RANK: Record<string, number> = { info: 0, warning: 1, error: 2 };

/**
 * Appends findings one by one (a spread of an unbounded array overflows the call stack), at most
 * `max` per file; then, per file that had more, one finding saying how many were left out, as
 * severe as the worst of them so the exit code does not change.
 */
export function appendCapped<F extends CappedFinding>(out: F[], findings: Iterable<F>, summary: (file: string, hidden: number, severity: Severity) => F, max = MAX_FINDINGS_PER_FILE): void {
  const shown = new Map<string, number>();
  const hidden = new Map<string, { count: number; severity: Severity }>();
  for (const f of findings) {
    const n = shown.get(f.file) ?? 0;
    if (n < max) {
      shown.set(f.file, n + 1);
      out.push(f);
      continue;
    }
    const h = hidden.get(f.file) ?? { count: 0, severity: 'info' };
    hidden.set(f.file, { count: h.count + 1, severity: (RANK[f.severity] ?? 0) > RANK[h.severity]! ? (f.severity as Severity) : h.severity });
  }
  for (const [file, h] of hidden) out.push(summary(file, h.count, h.severity));
}
