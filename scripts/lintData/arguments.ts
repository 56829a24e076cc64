/**
 * The `arguments` of lint-rules.json. The source rows are prose ("airflow.DAG/dag(concurrency=)");
 * argumentTargets.json maps each known row to a structured target, and an unknown row stops the
 * generator so nothing is silently lost. Rows for the same target (whatever the order of the
 * classes it lists), argument and value merge: one entry, so one finding, per argument.
 */
import type { ArgumentRule } from '../../src/core/lint/ruleTable';
import { DEPRECATION_TABLE, RUFF_TABLE } from './sourceTables';
import type { ArgumentMapping, ArgumentSpec, CorrectionTables, DeprecationRow, GenerationNotes, RuffRow } from './types';
import { minVersion } from './versions';

type ArgumentEntry = { -readonly [K in keyof ArgumentRule]: ArgumentRule[K] };

/** What one source row says about its argument. */
interface RowFacts {
  readonly rule?: string;
  readonly deprecatedIn?: string;
  readonly removedIn?: string;
  readonly replacement?: string;
  readonly message?: string;
  /** Where ruff looks for the row (ruffSemantics.json). */
  readonly ruffOnTask?: boolean;
  readonly notRuff?: boolean;
}

// The same classes in another order are the same target (ruff lists three classes for
// use_task_execution_day, the 2.x row one, mapped to the same three in another order).
const sorted = (list: readonly string[] | undefined) => (list ? [...list].sort() : null);

function argKey(a: ArgumentSpec): string {
  const t = a.target;
  const target = t.kind === 'class' ? [t.kind, sorted(t.names)] : t.kind === 'method' ? [t.kind, sorted(t.classPaths), sorted(t.methods)] : t;
  return JSON.stringify([target, a.arg, a.value ?? null]);
}

/** The argument name of a replacement such as `max_active_tasks=` or `DAG(schedule=)`. */
function replacementArg(text: string): string | undefined {
  const m = /\(?([A-Za-z_][A-Za-z0-9_]*)=\)?$/.exec(text.trim());
  return m ? m[1] : undefined;
}

function merge(args: Map<string, ArgumentEntry>, mapping: ArgumentMapping, fields: RowFacts): void {
  const spec = mapping.argument;
  const key = argKey(spec);
  const e: ArgumentEntry = args.get(key) ?? { ...spec };
  if (fields.rule) e.rule = fields.rule;
  e.deprecatedIn = minVersion(e.deprecatedIn, fields.deprecatedIn);
  if (fields.removedIn && mapping.keepRemoval !== false) e.removedIn = e.removedIn ?? fields.removedIn;
  if (fields.replacement && !e.replacement && !spec.replacementValue) e.replacement = fields.replacement;
  if (fields.message) e.message = fields.message;
  if (fields.ruffOnTask) e.ruffOnTask = true;
  if (fields.notRuff) e.notRuff = true;
  if (!e.deprecatedIn) delete e.deprecatedIn;
  args.set(key, e);
}

const byRow = <T extends { readonly row: string }>(list: readonly T[]) => new Map(list.map((x) => [x.row, x]));

export function buildArguments(
  ruffRows: readonly RuffRow[],
  depRows: readonly DeprecationRow[],
  tables: Pick<CorrectionTables, 'argumentTargets' | 'ruff'>,
  notes: GenerationNotes,
): ArgumentRule[] {
  const args = new Map<string, ArgumentEntry>();
  const targets = tables.argumentTargets;
  const ruffMappings = byRow(targets.ruff);
  const unsupported = byRow(targets.unsupported);
  const depMappings = byRow(targets.deprecatedIn2x);
  const onTask = new Set(tables.ruff.argumentsOnTask.rows);
  const notReported = new Set(tables.ruff.argumentsNotReported.rows);
  for (const row of [...onTask, ...notReported]) {
    if (!ruffMappings.has(row)) throw new Error(`ruffSemantics.json: ${row} is not a mapped ruff argument row`);
  }
  for (const r of ruffRows) {
    if (r.kind !== 'Argument') continue;
    const skip = unsupported.get(r.old);
    if (skip) {
      notes.unsupported.push(`${r.rule} ${r.old}: ${skip.provenance}`);
      continue;
    }
    const mapping = ruffMappings.get(r.old);
    if (!mapping) throw new Error(`${r.file ?? RUFF_TABLE} line ${r.line}: unmapped argument row ${r.old}`);
    const removed = r.rule === 'AIR301';
    merge(args, mapping, {
      rule: r.rule,
      removedIn: removed ? '3.0' : undefined,
      deprecatedIn: removed ? undefined : '3.0',
      replacement: replacementArg(r.new),
      message: r.message || undefined,
      ruffOnTask: onTask.has(r.old),
      notRuff: notReported.has(r.old),
    });
  }
  for (const r of depRows) {
    if (r.kind !== 'argument') continue;
    const mapping = depMappings.get(r.old);
    if (!mapping) throw new Error(`${r.file ?? DEPRECATION_TABLE} line ${r.line}: unmapped argument row ${r.old}`);
    merge(args, mapping, {
      deprecatedIn: r.deprecatedIn || undefined,
      removedIn: r.removedIn || undefined,
      replacement: mapping.argument.replacement ?? replacementArg(r.new),
    });
  }
  return [...args.values()];
}
