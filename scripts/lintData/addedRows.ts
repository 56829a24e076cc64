/**
 * The rows of addedRows.json: rows in the source tables' own columns (joined to the parsed tables,
 * so the same transforms apply to them) and Airflow 3 removals ruff does not report (entries of
 * their own, without a ruff code). Every added row is noted, with its provenance, in PROVENANCE.md.
 */
import type { NameEntry } from './names';
import type { AddedRows, DeprecationRow, GenerationNotes, RuffRow } from './types';

export const ADDED_ROWS = 'addedRows.json';

/** The added ruff and 2.x rows, shaped as parsed table rows (line = 1-based entry index). */
export function addedSourceRows(added: AddedRows, notes: GenerationNotes): { ruff: RuffRow[]; deprecation: DeprecationRow[] } {
  const ruff = added.ruff.map((r, i): RuffRow => {
    notes.added.push(`ruff ${r.rule} \`${r.old}\`: ${r.provenance}`);
    const { provenance: _provenance, ...row } = r;
    return { ...row, line: i + 1, file: ADDED_ROWS };
  });
  const deprecation = added.deprecatedIn2x.map((r, i): DeprecationRow => {
    notes.added.push(`2.x \`${r.old}\` deprecated in ${r.deprecated_in}${r.removed_in ? `, removed in ${r.removed_in}` : ''}: ${r.source}`);
    return { line: i + 1, file: ADDED_ROWS, old: r.old, new: r.new, deprecatedIn: r.deprecated_in, removedIn: r.removed_in, kind: r.kind, source: r.source };
  });
  return { ruff, deprecation };
}

/** Airflow 3 removals ruff does not report: new entries (a path the tables already have is an error). */
export function addAirflow3Rows(names: NameEntry[], added: AddedRows, notes: GenerationNotes): void {
  const known = new Set(names.map((n) => n.old));
  for (const r of added.airflow3) {
    if (known.has(r.old)) throw new Error(`${ADDED_ROWS}: ${r.old} is already in the source tables`);
    const entry: NameEntry = { old: r.old, kind: r.kind, removedIn: r.removedIn };
    if (r.new) entry.replacement3 = r.new;
    names.push(entry);
    notes.added.push(`Airflow 3 (ours, MWAA3xx) \`${r.old}\` removed in ${r.removedIn}: ${r.provenance}`);
  }
  names.sort((a, b) => (a.old < b.old ? -1 : a.old > b.old ? 1 : 0));
}
