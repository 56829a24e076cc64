/** Airflow release numbers ("2.10.3", "3.0") compared numerically, segment by segment. */
export function compareVersions(a: string, b: string): number {
  const pa = segments(a);
  const pb = segments(b);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

// A handful of distinct version strings, compared for every finding: parse each once.
const parsed = new Map<string, number[]>();
function segments(v: string): number[] {
  let p = parsed.get(v);
  if (!p) {
    p = v.split('.').map((x) => parseInt(x, 10) || 0);
    if (parsed.size < 1000) parsed.set(v, p);
  }
  return p;
}

export function isValidAirflowVersion(v: string): boolean {
  return /^\d+\.\d+(\.\d+)?$/.test(v);
}

export interface VersionedRule {
  readonly deprecatedIn?: string;
  readonly removedIn?: string;
}

export interface VersionTarget {
  /** The environment's Airflow version. */
  readonly airflowVersion: string;
  /** An "upgrade check" target: also report what breaks or is deprecated there. */
  readonly upgradeTarget?: string;
}

export interface Gate {
  readonly severity: 'error' | 'warning';
  /** Why: "removed in Airflow 3.0" / "deprecated since Airflow 2.4". */
  readonly reason: string;
  readonly upgradeOnly: boolean;
  /** The version the rule was judged at (the target or the upgrade target). */
  readonly at: string;
}

function gateAt(rule: VersionedRule, v: string): Omit<Gate, 'upgradeOnly' | 'at'> | undefined {
  if (rule.removedIn && compareVersions(v, rule.removedIn) >= 0) {
    return { severity: 'error', reason: `removed in Airflow ${rule.removedIn}` };
  }
  if (rule.deprecatedIn && compareVersions(v, rule.deprecatedIn) >= 0) {
    const removal = rule.removedIn ? `, removed in ${rule.removedIn}` : '';
    return { severity: 'warning', reason: `deprecated since Airflow ${rule.deprecatedIn}${removal}` };
  }
  return undefined;
}

/**
 * Removed in the target -> error; deprecated in the target -> warning; deprecated or removed only
 * later -> nothing, unless an upgrade target is given, where it is judged at that version too:
 * a name deprecated today but removed in the upgrade target reports the removal (what breaks).
 */
export function gateRule(rule: VersionedRule, target: VersionTarget): Gate | undefined {
  // Rules are judged for every finding, against one target (object) per run: judge each once.
  const last = lastGates.get(rule);
  if (last?.target === target) return last.gate ?? undefined;
  const key = `${target.airflowVersion}\n${target.upgradeTarget ?? ''}`;
  let byTarget = gates.get(rule);
  if (!byTarget) gates.set(rule, (byTarget = new Map()));
  let gate = byTarget.get(key);
  if (gate === undefined) {
    gate = judge(rule, target) ?? null;
    if (byTarget.size >= MAX_TARGETS_PER_RULE) byTarget.clear();
    byTarget.set(key, gate);
  }
  lastGates.set(rule, { target, gate });
  return gate ?? undefined;
}

const MAX_TARGETS_PER_RULE = 8;
/** Gates by rule, then by target (a rule object's fields never change once loaded). */
const gates = new WeakMap<VersionedRule, Map<string, Readonly<Gate> | null>>();
/** The last target object each rule was judged for (a target's fields are not changed either). */
const lastGates = new WeakMap<VersionedRule, { readonly target: VersionTarget; readonly gate: Readonly<Gate> | null }>();

function judge(rule: VersionedRule, target: VersionTarget): Gate | undefined {
  const now = gateAt(rule, target.airflowVersion);
  const later = target.upgradeTarget ? gateAt(rule, target.upgradeTarget) : undefined;
  if (later && (!now || (later.severity === 'error' && now.severity === 'warning'))) {
    return Object.freeze({ ...later, upgradeOnly: true, at: target.upgradeTarget! });
  }
  if (now) return Object.freeze({ ...now, upgradeOnly: false, at: target.airflowVersion });
  return undefined;
}
