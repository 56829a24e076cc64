import * as fs from 'node:fs';
import * as path from 'node:path';
import { compareVersions } from './airflowVersion';

/** One row of lint-rules.json `names`: a dotted Airflow path that moved, was removed or deprecated. */
export interface NameRule {
  readonly old: string;
  readonly kind: string;
  readonly deprecatedIn?: string;
  readonly removedIn?: string;
  /** ruff rule (AIR301/302/311/312/321) when the Airflow 3 table has the row. */
  readonly rule?: string;
  /** Airflow 2.x replacement path(s), `;`-joined when a module split. */
  readonly replacement?: string;
  /** Airflow 3 replacement path (ruff's table). */
  readonly replacement3?: string;
  readonly requires?: { readonly package: string; readonly version: string };
  readonly message?: string;
  readonly source2x?: boolean;
  /** A member ruff checks on any read (others: only when called). */
  readonly ruffOnRead?: boolean;
  /** ruff reports this name only as the value of this keyword argument (`trigger_rule=`). */
  readonly ruffArgument?: string;
  /** ruff reports this name only where it decorates (`@apply_defaults`). */
  readonly ruffDecorator?: boolean;
}

export type ArgumentTarget =
  | { readonly kind: 'dag' }
  | { readonly kind: 'operator' }
  | { readonly kind: 'class'; readonly names: readonly string[] }
  | { readonly kind: 'classSuffix'; readonly suffix: string }
  | { readonly kind: 'method'; readonly classPaths: readonly string[]; readonly methods: readonly string[] };

export interface ArgumentRule {
  readonly target: ArgumentTarget;
  readonly arg: string;
  /** Only when the argument is this string literal (trigger_rule='dummy'). */
  readonly value?: string;
  readonly replacement?: string;
  readonly replacementValue?: string;
  readonly deprecatedIn?: string;
  readonly removedIn?: string;
  readonly rule?: string;
  /** The argument also when passed positionally at this index (`FabAuthManager(None)`). */
  readonly position?: number;
  /** What to do instead, when the table says more than the replacement. */
  readonly message?: string;
  /** ruff also checks it on a bare `@task(...)` call (it checks operator arguments on operator classes only). */
  readonly ruffOnTask?: boolean;
  /** ruff's rule table lists it, but ruff does not report it: coded MWAA3xx. */
  readonly notRuff?: boolean;
}

export interface ContextKeyRule {
  readonly key: string;
  readonly replacement?: string;
  readonly hint?: string;
  readonly deprecatedIn?: string;
  readonly removedIn?: string;
  readonly rule?: string;
}

export interface RuleTableData {
  readonly schema: number;
  readonly names: readonly NameRule[];
  readonly arguments: readonly ArgumentRule[];
  readonly contextKeys: readonly ContextKeyRule[];
}

/** The rule data indexed for lookups by the linter. */
export interface RuleTable {
  readonly data: RuleTableData;
  lookupName(dotted: string): NameRule | undefined;
  readonly contextKeys: ReadonlyMap<string, ContextKeyRule>;
  readonly argumentsByName: ReadonlyMap<string, readonly ArgumentRule[]>;
  /** Last segments of member rows (`create_dagrun`, `dataset_factories`): see isMemberRow. */
  readonly memberNames: ReadonlySet<string>;
}

/**
 * A method or attribute of a class (`DAG.create_dagrun`, `ProvidersManager.dataset_factories`),
 * as opposed to a module-level name or an enum member (`TriggerRule.DUMMY`): code reaches these
 * through instances, so the linter follows variables bound to the class.
 */
export function isMemberRow(rule: NameRule): boolean {
  if (rule.kind === 'attribute') return true;
  const parts = rule.old.split('.');
  return parts.length > 2 && /^[A-Z][A-Za-z0-9]*$/.test(parts[parts.length - 2]!) && /^[a-z_]/.test(parts[parts.length - 1]!);
}

export const RULES_FILE = 'lint-rules.json';

/** Reads `<dir>/lint-rules.json` (fs, at run time: the bundle does not embed the table). */
export function loadRuleTable(dir: string): RuleTable {
  const data = JSON.parse(fs.readFileSync(path.join(dir, RULES_FILE), 'utf8')) as RuleTableData;
  if (data.schema !== 1) throw new Error(`${RULES_FILE}: unsupported schema ${String(data.schema)}`);
  return indexRuleTable(data);
}

export function indexRuleTable(data: RuleTableData): RuleTable {
  const exact = new Map<string, NameRule>();
  const wildcards: { parts: string[]; rule: NameRule }[] = [];
  for (const n of data.names) {
    if (n.old.includes('*')) wildcards.push({ parts: n.old.split('.'), rule: n });
    else exact.set(n.old, n);
  }
  const wildcardMemo = new Map<string, NameRule | undefined>();
  const contextKeys = new Map(data.contextKeys.map((k) => [k.key, k]));
  const argumentsByName = new Map<string, ArgumentRule[]>();
  for (const a of data.arguments) {
    const list = argumentsByName.get(a.arg) ?? [];
    list.push(a);
    argumentsByName.set(a.arg, list);
  }
  const memberNames = new Set(data.names.filter(isMemberRow).map((n) => n.old.slice(n.old.lastIndexOf('.') + 1)));
  return {
    data,
    contextKeys,
    argumentsByName,
    memberNames,
    lookupName(dotted: string): NameRule | undefined {
      const hit = exact.get(dotted);
      if (hit) return hit;
      // Wildcard answers are remembered: the same dotted paths recur in every file.
      if (wildcardMemo.has(dotted)) return wildcardMemo.get(dotted);
      const parts = dotted.split('.');
      let rule: NameRule | undefined;
      for (const w of wildcards) {
        if (matchWildcard(w.parts, parts)) {
          rule = w.rule;
          break;
        }
      }
      if (wildcardMemo.size > 50_000) wildcardMemo.clear();
      wildcardMemo.set(dotted, rule);
      return rule;
    },
  };
}

/**
 * `*` stands for zero or more segments, as ruff's `..` in its rule tables does (the tables write
 * `airflow.models..Param` and `airflow.contrib..`): `airflow.models.*.Param` matches
 * `airflow.models.Param` and `airflow.models.param.Param`; `airflow.contrib.*` matches
 * `airflow.contrib` itself. The lint-data generator gives wildcard rows' codes to the paths they
 * cover with this same match.
 */
export function matchWildcard(pattern: readonly string[], parts: readonly string[]): boolean {
  // Glob matching over segments with one backtrack point (the last `*` seen): linear in practice.
  let p = 0;
  let s = 0;
  let star = -1;
  let resume = 0;
  while (s < parts.length) {
    if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = s;
    } else if (p < pattern.length && pattern[p] === parts[s]) {
      p++;
      s++;
    } else if (star >= 0) {
      p = star + 1;
      s = ++resume;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** The replacement path to suggest at a given Airflow version, with the package it needs. */
export function replacementFor(rule: NameRule, airflowVersion: string): { path: string; requires?: NameRule['requires'] } | undefined {
  if (rule.replacement3 && compareVersions(airflowVersion, '3.0') >= 0) {
    return rule.requires ? { path: rule.replacement3, requires: rule.requires } : { path: rule.replacement3 };
  }
  if (rule.replacement && !rule.replacement.includes(';')) return { path: rule.replacement };
  if (rule.replacement3) return rule.requires ? { path: rule.replacement3, requires: rule.requires } : { path: rule.replacement3 };
  return undefined;
}
