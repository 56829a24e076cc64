/**
 * The `names` of lint-rules.json: dotted Airflow paths from both source tables, merged per path.
 * Entries are built by assignment in a fixed order, which is the key order of the JSON output.
 */
import { matchWildcard, type NameRule } from '../../src/core/lint/ruleTable';
import { DEPRECATION_TABLE, RUFF_TABLE } from './sourceTables';
import type { DeprecationRow, GenerationNotes, RuffRow, RuffSemantics, RuffStatus } from './types';
import { minVersion } from './versions';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A names entry once built: later steps (ground truth, wildcard codes) still change it. */
export type NameEntry = Mutable<NameRule>;

/** A names entry while the source rows are merged into it. */
interface DraftName extends Omit<NameEntry, 'kind'> {
  kind?: string;
  /** The removal version of the ruff row kept so far (not in the output). */
  ruffRemovedIn?: string;
}

const DOTTED = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_*][A-Za-z0-9_]*)*$/;

function parseRequires(text: string): { package: string; version: string } | undefined {
  if (!text) return undefined;
  const m = /^([A-Za-z0-9._-]+)>=([0-9][0-9A-Za-z.]*)$/.exec(text);
  if (!m) throw new Error(`unparsed requires: ${text}`);
  return { package: m[1], version: m[2] };
}

function draftFor(names: Map<string, DraftName>, old: string): DraftName {
  let e = names.get(old);
  if (!e) {
    e = { old };
    names.set(old, e);
  }
  return e;
}

// Documented doubt: ~40 old paths have several 2.x rows; prefer the one from a 2.x __init__.py shim.
function pickDeprecationRows(depRows: readonly DeprecationRow[], notes: GenerationNotes): DeprecationRow[] {
  const depByOld = new Map<string, DeprecationRow>();
  const isShim = (x: DeprecationRow) => /__init__\.py/.test(x.source);
  for (const r of depRows) {
    if (r.kind === 'argument' || r.kind === 'context_key') continue;
    const prev = depByOld.get(r.old);
    if (!prev) depByOld.set(r.old, r);
    else {
      if (isShim(r) && !isShim(prev)) depByOld.set(r.old, r);
      notes.duplicates2x.push(r.old);
    }
  }
  return [...depByOld.values()];
}

function addDeprecationRows(names: Map<string, DraftName>, depRows: readonly DeprecationRow[], notes: GenerationNotes): void {
  for (const r of pickDeprecationRows(depRows, notes)) {
    if (!DOTTED.test(r.old)) {
      notes.skipped.push(`${r.file ?? DEPRECATION_TABLE} line ${r.line}: ${r.old}`);
      continue;
    }
    const e = draftFor(names, r.old);
    e.kind = r.kind;
    e.deprecatedIn = minVersion(e.deprecatedIn, r.deprecatedIn || undefined);
    if (r.removedIn) e.removedIn = r.removedIn;
    if (r.new) {
      if (r.new.split(';').every((p) => DOTTED.test(p.trim()))) e.replacement = r.new;
      else e.message = `Use \`${r.new}\` instead`;
    }
    e.source2x = true;
  }
}

const severityRank = (s: { removedIn?: string }) => (s.removedIn ? 2 : 1);

/** Where ruff looks for its rows, from ruffSemantics.json. */
interface RuffSites {
  readonly onRead: ReadonlySet<string>;
  readonly asArgument: ReadonlyMap<string, string>;
  readonly asDecorator: ReadonlySet<string>;
}

/** Merges one ruff row into its entry, unless an earlier removal row for the path wins. */
function mergeRuffRow(e: DraftName, r: RuffRow, status: RuffStatus, sites: RuffSites, notes: GenerationNotes): void {
  // Two ruff rows for one path (e.g. AIR301 removed + AIR311 deprecated): the removal wins.
  if (e.rule && severityRank(status) < severityRank({ removedIn: e.ruffRemovedIn })) {
    notes.duplicatesRuff.push(`${r.old} (${r.rule} ignored, ${e.rule} kept)`);
    return;
  }
  if (e.rule) notes.duplicatesRuff.push(`${r.old} (${e.rule} replaced by ${r.rule})`);
  e.rule = r.rule;
  e.ruffRemovedIn = status.removedIn;
  if (status.removedIn) e.removedIn = status.removedIn;
  if (status.deprecatedIn) e.deprecatedIn = minVersion(e.deprecatedIn, status.deprecatedIn);
  if (!e.kind) e.kind = r.kind === 'AttrName' ? 'attribute' : r.old.includes('*') ? 'wildcard' : 'name';
  if (sites.onRead.has(r.old)) e.ruffOnRead = true;
  const argument = sites.asArgument.get(r.old);
  if (argument) e.ruffArgument = argument;
  if (sites.asDecorator.has(r.old)) e.ruffDecorator = true;
  const replacement = r.new.trim();
  if (replacement) {
    if (!DOTTED.test(replacement)) throw new Error(`${r.file ?? RUFF_TABLE} line ${r.line}: bad replacement ${replacement}`);
    e.replacement3 = replacement;
  }
  const requires = parseRequires(r.requires);
  if (requires) e.requires = requires;
  if (r.message === 'INTERNAL_MODULE_WARNING') e.message = 'This is an internal module; it may change or disappear without notice';
  else if (r.message) e.message = r.message.replace(/\s{2,}/g, ' ');
}

function addRuffRows(names: Map<string, DraftName>, ruffRows: readonly RuffRow[], semantics: RuffSemantics, notes: GenerationNotes): void {
  const statuses = new Map(semantics.statuses.map((s) => [s.status, s]));
  const sites: RuffSites = {
    onRead: new Set(semantics.checkedOnRead.paths),
    asArgument: new Map(Object.entries(semantics.checkedAsArgument.paths)),
    asDecorator: new Set(semantics.checkedAsDecorator.paths),
  };
  const named = new Set(ruffRows.map((r) => r.old));
  for (const p of [...sites.asArgument.keys(), ...sites.asDecorator]) {
    if (!named.has(p)) throw new Error(`ruffSemantics.json: ${p} is not a ruff row`);
  }
  for (const r of ruffRows) {
    if (r.status === 'argument' || r.kind === 'ContextKey' || r.kind === 'Argument') continue;
    const status = statuses.get(r.status);
    if (!status) throw new Error(`${r.file ?? RUFF_TABLE} line ${r.line}: unknown status ${r.status}`);
    if (!DOTTED.test(r.old)) throw new Error(`${r.file ?? RUFF_TABLE} line ${r.line}: bad path ${r.old}`);
    mergeRuffRow(draftFor(names, r.old), r, status, sites, notes);
  }
}

/** Every dotted path of both tables, sorted; 2.x rows first, then ruff's rows merged in. */
export function buildNames(
  ruffRows: readonly RuffRow[],
  depRows: readonly DeprecationRow[],
  semantics: RuffSemantics,
  notes: GenerationNotes,
): NameEntry[] {
  const names = new Map<string, DraftName>();
  addDeprecationRows(names, depRows, notes);
  addRuffRows(names, ruffRows, semantics, notes);
  const out = [...names.values()].map((e): NameEntry => {
    const rest = { ...e };
    delete rest.ruffRemovedIn;
    const kind = rest.kind;
    if (kind === undefined) throw new Error(`no kind for ${rest.old}`);
    return { ...rest, kind };
  });
  out.sort((a, b) => (a.old < b.old ? -1 : a.old > b.old ? 1 : 0));
  return out;
}

// ---------------------------------------------------------------- wildcard rule codes
// ruff reports every path under a wildcard row (`airflow.contrib.*`, `airflow.operators.subdag.*`;
// ruff writes `..`, zero or more segments, so the package itself too) with that row's code. An
// exact 2.x row for such a path wins the lookup, so it takes the wildcard's ruff code too (its
// Airflow 3 finding then lines up with ruff's; 2.x deprecations keep their MWAA2xx code, see codeFor
// in src/core/lint/python/lintContext.ts). The match is the linter's own (matchWildcard).

export function inheritWildcardRules(names: NameEntry[], notes: GenerationNotes): void {
  const wildcards = names.filter((n) => n.old.includes('*') && n.rule && n.removedIn);
  for (const n of names) {
    if (n.rule || n.old.includes('*')) continue;
    const w = wildcards.find((x) => matchWildcard(x.old.split('.'), n.old.split('.')));
    if (!w) continue;
    n.rule = w.rule;
    notes.wildcardRules[w.old] = (notes.wildcardRules[w.old] ?? 0) + 1;
    // The 2.x table leaves removed_in empty where it verified no removal (37 contrib paths): the
    // whole package is gone in Airflow 3 (ruff's row; the ground-truth test imports each in 3.3.1).
    if (!n.removedIn) {
      n.removedIn = w.removedIn;
      notes.corrected.push(`\`${n.old}\`: removed_in (empty) -> ${w.removedIn} (under ruff's \`${w.old}\`; does not import in Airflow 3.3.1)`);
    }
  }
}
