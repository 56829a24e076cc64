/**
 * The `arguments` of lint-rules.json. The source rows are prose ("airflow.DAG/dag(concurrency=)");
 * argumentTargets.json maps each known row to a structured target, and an unknown row stops the
 * generator so nothing is silently lost. Rows for the same target, argument and value merge.
 */
import type { ArgumentRule } from '../../src/core/lint/ruleTable';
import { DEPRECATION_TABLE, RUFF_TABLE } from './sourceTables';
import type { ArgumentMapping, ArgumentSpec, ArgumentTargets, DeprecationRow, GenerationNotes, RuffRow } from './types';
import { minVersion } from './versions';

type ArgumentEntry = { -readonly [K in keyof ArgumentRule]: ArgumentRule[K] };

/** What one source row says about its argument. */
interface RowFacts {
  readonly rule?: string;
  readonly deprecatedIn?: string;
  readonly removedIn?: string;
  readonly replacement?: string;
}

function argKey(a: ArgumentSpec): string {
  return JSON.stringify([a.target, a.arg, a.value ?? null]);
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
  if (!e.deprecatedIn) delete e.deprecatedIn;
  args.set(key, e);
}

const byRow = <T extends { readonly row: string }>(list: readonly T[]) => new Map(list.map((x) => [x.row, x]));

export function buildArguments(
  ruffRows: readonly RuffRow[],
  depRows: readonly DeprecationRow[],
  targets: ArgumentTargets,
  notes: GenerationNotes,
): ArgumentRule[] {
  const args = new Map<string, ArgumentEntry>();
  const ruffMappings = byRow(targets.ruff);
  const unsupported = byRow(targets.unsupported);
  const depMappings = byRow(targets.deprecatedIn2x);
  for (const r of ruffRows) {
    if (r.kind !== 'Argument') continue;
    const skip = unsupported.get(r.old);
    if (skip) {
      notes.unsupported.push(`${r.rule} ${r.old}: ${skip.provenance}`);
      continue;
    }
    const mapping = ruffMappings.get(r.old);
    if (!mapping) throw new Error(`${RUFF_TABLE} line ${r.line}: unmapped argument row ${r.old}`);
    const removed = r.rule === 'AIR301';
    merge(args, mapping, {
      rule: r.rule,
      removedIn: removed ? '3.0' : undefined,
      deprecatedIn: removed ? undefined : '3.0',
      replacement: replacementArg(r.new),
    });
  }
  for (const r of depRows) {
    if (r.kind !== 'argument') continue;
    const mapping = depMappings.get(r.old);
    if (!mapping) throw new Error(`${DEPRECATION_TABLE} line ${r.line}: unmapped argument row ${r.old}`);
    merge(args, mapping, {
      deprecatedIn: r.deprecatedIn || undefined,
      removedIn: r.removedIn || undefined,
      replacement: mapping.argument.replacement ?? replacementArg(r.new),
    });
  }
  return [...args.values()];
}
