/** Parsing of the two source name tables (tab-separated, header line first). */
import type { DeprecationRow, RuffRow } from './types';

interface TsvRow {
  readonly line: number;
  readonly cells: ReadonlyMap<string, string>;
}

// The ruff-derived table quotes cells holding `"` the CSV way ("context[""conf""]").
function unquoteTsv(cell: string): string {
  if (cell.startsWith('"') && cell.endsWith('"') && cell.length >= 2) return cell.slice(1, -1).replace(/""/g, '"');
  return cell;
}

function parseTsv(text: string, file: string, columns: readonly string[]): TsvRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = (lines[0] ?? '').split('\t');
  const missing = columns.filter((c) => !header.includes(c));
  if (missing.length > 0) throw new Error(`${file}: missing column(s) ${missing.join(', ')}`);
  return lines.slice(1).map((line, i) => {
    const cells = line.split('\t');
    return { line: i + 2, cells: new Map(header.map((h, j) => [h, unquoteTsv((cells[j] ?? '').trim())])) };
  });
}

const cell = (row: TsvRow, column: string): string => row.cells.get(column) ?? '';

export const RUFF_TABLE = 'moved-and-removed-names.tsv';
export const DEPRECATION_TABLE = 'deprecated-in-2x.tsv';

export function parseRuffTable(text: string): RuffRow[] {
  const columns = ['rule', 'status', 'old', 'new', 'requires', 'kind', 'message'];
  return parseTsv(text, RUFF_TABLE, columns).map((r) => ({
    line: r.line,
    rule: cell(r, 'rule'),
    status: cell(r, 'status'),
    old: cell(r, 'old'),
    new: cell(r, 'new'),
    requires: cell(r, 'requires'),
    kind: cell(r, 'kind'),
    message: cell(r, 'message'),
  }));
}

export function parseDeprecationTable(text: string): DeprecationRow[] {
  const columns = ['old', 'new', 'deprecated_in', 'removed_in', 'kind', 'source'];
  return parseTsv(text, DEPRECATION_TABLE, columns).map((r) => ({
    line: r.line,
    old: cell(r, 'old'),
    new: cell(r, 'new'),
    deprecatedIn: cell(r, 'deprecated_in'),
    removedIn: cell(r, 'removed_in'),
    kind: cell(r, 'kind'),
    source: cell(r, 'source'),
  }));
}
