/** The `contextKeys` of lint-rules.json: task context keys ruff or the 2.x table retire. */
import type { ContextKeyRule } from '../../src/core/lint/ruleTable';
import type { DeprecationRow, RuffRow } from './types';
import { minVersion } from './versions';

type ContextKeyEntry = { -readonly [K in keyof ContextKeyRule]: ContextKeyRule[K] };

const CONTEXT_KEY = /^context\["([A-Za-z_0-9]+)"\]$/;

export function buildContextKeys(ruffRows: readonly RuffRow[], depRows: readonly DeprecationRow[]): ContextKeyRule[] {
  const keys = new Map<string, ContextKeyEntry>();
  // ruff's context key rows are all AIR301: removed (or renamed) in Airflow 3.0.
  for (const r of ruffRows) {
    if (r.kind !== 'ContextKey') continue;
    const m = CONTEXT_KEY.exec(r.old);
    if (!m) throw new Error(`line ${r.line}: bad context key ${r.old}`);
    const e = keys.get(m[1]) ?? { key: m[1] };
    e.rule = r.rule;
    e.removedIn = '3.0';
    const n = CONTEXT_KEY.exec(r.new);
    if (n) e.replacement = n[1];
    keys.set(m[1], e);
  }
  for (const r of depRows) {
    if (r.kind !== 'context_key') continue;
    const e = keys.get(r.old) ?? { key: r.old };
    e.deprecatedIn = minVersion(e.deprecatedIn, r.deprecatedIn || undefined);
    if (r.removedIn && !e.removedIn) e.removedIn = r.removedIn;
    if (r.new && !e.replacement) {
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(r.new)) e.replacement = r.new;
      else e.hint = r.new.split(';').join(' or ');
    }
    keys.set(r.old, e);
  }
  return [...keys.values()].sort((a, b) => (a.key < b.key ? -1 : 1));
}
