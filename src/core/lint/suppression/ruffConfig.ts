/**
 * Which of the Airflow rules we share with ruff a project's ruff configuration turns on: the
 * nearest `.ruff.toml`, `ruff.toml` or `pyproject.toml` with a `[tool.ruff]` table (in that order
 * within a folder, as ruff looks), its `extend` chain, `select` / `extend-select` / `ignore` with
 * ruff's specificity rule, and preview mode for the rules that need it.
 */
import * as path from 'node:path';
import { isCodeSelected, type RuleSelector, type SelectionLayer } from './ruleSelectors';
import { foldersUp, readTomlFile, tableOf, type TomlReader } from './tomlFile';

/** The AIR codes both linters report (ours only where ruff reports the same finding). */
export const SHARED_RUFF_CODES = ['AIR301', 'AIR302', 'AIR311', 'AIR312', 'AIR321'] as const;
/** Rules ruff 0.17 runs only in preview mode. */
const PREVIEW_ONLY = new Set(['AIR321']);
const CONFIG_NAMES = ['.ruff.toml', 'ruff.toml', 'pyproject.toml'] as const;
// `extend` chains are short in practice; a longer one (or a cycle) is cut here.
const MAX_EXTEND_DEPTH = 8;
const MENTIONS_RUFF = /ruff/;

export interface RuffLayer extends SelectionLayer {
  readonly preview?: boolean;
  readonly explicitPreviewRules?: boolean;
}

export interface RuffConfig {
  /** The configuration file found nearest (its `extend` bases are folded into `layers`). */
  readonly file: string;
  /** Base configurations first. */
  readonly layers: readonly RuffLayer[];
}

/** Ruff's selectors that can reach an AIR code: ALL, AIR, AIR3, AIR30, AIR301 (ruff's case). */
function airSelectors(value: unknown): RuleSelector[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const out: RuleSelector[] = [];
  for (const s of value.slice(0, 1000)) {
    if (s === 'ALL') out.push({ text: s, specificity: 0 });
    else if (typeof s === 'string' && /^AIR\d{0,3}$/.test(s)) out.push({ text: s, specificity: s.length - 2 });
  }
  return out;
}

/** The rule selection of one ruff configuration table (`[tool.ruff]` or a ruff.toml's top level). */
export function ruffLayerOf(table: Record<string, unknown>): RuffLayer {
  const lint = tableOf(table.lint) ?? {};
  const pick = (key: string): unknown => lint[key] ?? table[key];
  const select = airSelectors(pick('select'));
  const extendSelect = airSelectors(pick('extend-select'));
  const ignore = [...(airSelectors(pick('ignore')) ?? []), ...(airSelectors(pick('extend-ignore')) ?? [])];
  const preview = pick('preview');
  const explicit = pick('explicit-preview-rules');
  return {
    ...(select ? { select } : {}),
    ...(extendSelect ? { extendSelect } : {}),
    ignore,
    ...(typeof preview === 'boolean' ? { preview } : {}),
    ...(typeof explicit === 'boolean' ? { explicitPreviewRules: explicit } : {}),
  };
}

/** Of the shared codes, those ruff reports under these layers (none selects AIR by default). */
export function airCodesRuffReports(layers: readonly RuffLayer[]): string[] {
  const preview = lastDefined(layers, 'preview') ?? false;
  const explicit = lastDefined(layers, 'explicitPreviewRules') ?? false;
  return SHARED_RUFF_CODES.filter((code) => {
    if (!isCodeSelected(layers, code, false)) return false;
    if (!PREVIEW_ONLY.has(code)) return true;
    return preview && (!explicit || layers.some((l) => [...(l.select ?? []), ...(l.extendSelect ?? [])].some((s) => s.text === code)));
  });
}

function lastDefined<K extends 'preview' | 'explicitPreviewRules'>(layers: readonly RuffLayer[], key: K): boolean | undefined {
  let v: boolean | undefined;
  for (const l of layers) if (l[key] !== undefined) v = l[key];
  return v;
}

/** The ruff table of a parsed file: a ruff.toml's top level, a pyproject's `[tool.ruff]`. */
function ruffTableOf(file: string, value: Record<string, unknown>): Record<string, unknown> | undefined {
  return path.basename(file) === 'pyproject.toml' ? tableOf(tableOf(value.tool)?.ruff) : value;
}

/**
 * The ruff configuration that applies to files in `dir`, undefined when there is none; `error`
 * names a file that could not be read (its selection is unknown).
 */
export function findRuffConfig(dir: string, read: TomlReader = readTomlFile): RuffConfig | { readonly file: string; readonly error: string } | undefined {
  for (const folder of foldersUp(dir)) {
    for (const name of CONFIG_NAMES) {
      const file = path.join(folder, name);
      const r = read(file, name === 'pyproject.toml' ? MENTIONS_RUFF : undefined);
      if (r.kind === 'missing' || r.kind === 'unrelated') continue;
      if (r.kind === 'error') return { file, error: r.message };
      const table = ruffTableOf(file, r.value);
      if (!table) continue;
      return { file, layers: withBases(file, table, read) };
    }
  }
  return undefined;
}

/** The layers of a table and of what it `extend`s, bases first (an unreadable base is left out). */
function withBases(file: string, table: Record<string, unknown>, read: TomlReader): RuffLayer[] {
  const layers: RuffLayer[] = [ruffLayerOf(table)];
  const seen = new Set([path.resolve(file)]);
  let current = { file, table };
  for (let depth = 0; depth < MAX_EXTEND_DEPTH; depth++) {
    const extend = current.table.extend;
    if (typeof extend !== 'string' || !extend.endsWith('.toml')) break;
    const base = path.resolve(path.dirname(current.file), extend.replace(/^~(?=[/\\])/, process.env.HOME ?? '~'));
    if (seen.has(base)) break;
    seen.add(base);
    const r = read(base);
    const baseTable = r.kind === 'parsed' ? ruffTableOf(base, r.value) : undefined;
    if (!baseTable) break;
    layers.unshift(ruffLayerOf(baseTable));
    current = { file: base, table: baseTable };
  }
  return layers;
}
