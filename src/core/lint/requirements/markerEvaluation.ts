/**
 * Evaluating PEP 508 markers against MWAA's platform, as pip does there: true (the line is
 * installed), false (pip skips it), or undefined when it cannot be told from here (the kernel
 * release, a patch-level Python comparison that MWAA's exact Python decides, a comparison pip
 * versions disagree on). Undefined is treated as installed by the checks.
 */
import { satisfies, valid, validRange } from '@renovatebot/pep440';
import { normalizeName } from './packageName';
import { VERSION_VARIABLES, type MarkerComparison, type MarkerNode, type MarkerOp, type MarkerVariable } from './markers';

/** Each variable's possible values: one when known, several when only a range is, none when unknown. */
export interface MarkerEnvironment {
  readonly values: Readonly<Record<MarkerVariable, readonly string[]>>;
  /** Comparison results by variable, operator and literal (a file repeats the same markers). */
  readonly cache: Map<string, Outcome>;
}

/** Patch levels a `python_full_version` comparison is tried at: MWAA's exact patch is not known. */
const PATCH_LEVELS = 41;
const MAX_CACHED = 1000;

/**
 * MWAA's platform: Linux x86_64 (manylinux), CPython at the environment's Python version (from
 * constraints-index.json). Markers in a requirements file are evaluated by pip with `extra` empty.
 */
export function mwaaMarkerEnvironment(pythonVersion: string): MarkerEnvironment {
  const full = Array.from({ length: PATCH_LEVELS }, (_, patch) => `${pythonVersion}.${patch}`);
  return {
    values: {
      python_version: [pythonVersion],
      python_full_version: full,
      implementation_version: full,
      implementation_name: ['cpython'],
      platform_python_implementation: ['CPython'],
      os_name: ['posix'],
      sys_platform: ['linux'],
      platform_system: ['Linux'],
      platform_machine: ['x86_64'],
      platform_release: [],
      platform_version: [],
      extra: [''],
    },
    cache: new Map(),
  };
}

/**
 * The marker's value on MWAA: pip evaluates every comparison (no short cut), so one that some pip
 * fails on leaves the whole marker undecided; otherwise Kleene logic over the groups, where a
 * comparison that differs between patch levels or pip versions is unknown.
 */
export function evaluateMarker(node: MarkerNode, env: MarkerEnvironment): boolean | undefined {
  const state = { mayFail: false };
  const value = evaluateNode(node, env, state);
  return state.mayFail ? undefined : value;
}

function evaluateNode(node: MarkerNode, env: MarkerEnvironment, state: { mayFail: boolean }): boolean | undefined {
  if (node.kind === 'compare') {
    const r = evaluateComparison(node, env);
    if (r === MAY_FAIL) state.mayFail = true;
    return typeof r === 'boolean' ? r : undefined;
  }
  let result: boolean | undefined = false;
  for (const group of node.groups) {
    let all: boolean | undefined = true;
    for (const term of group) {
      const value = evaluateNode(term, env, state);
      if (value === false) all = false;
      else if (value === undefined && all === true) all = undefined;
    }
    if (all === true) result = true;
    else if (all === undefined && result === false) result = undefined;
  }
  return result;
}

/** The comparison's value: known, unknown (it differs with MWAA's patch level or the pip version), or failing in some pip. */
const UNKNOWN = 'unknown';
const MAY_FAIL = 'mayFail';
export type Outcome = boolean | typeof UNKNOWN | typeof MAY_FAIL;

function evaluateComparison(node: MarkerComparison, env: MarkerEnvironment): Outcome {
  // The parser refuses two literals, so one side is a variable; as in packaging, a variable on the
  // right of another variable stands for its own name.
  const variableOnLeft = node.lhs.kind === 'variable';
  const key = node.lhs.kind === 'variable' ? node.lhs.name : (node.rhs as { name: MarkerVariable }).name;
  const literal = variableOnLeft ? (node.rhs.kind === 'string' ? node.rhs.value : node.rhs.name) : (node.lhs as { value: string }).value;
  const cacheKey = `${key}\0${variableOnLeft ? 'l' : 'r'}\0${node.op}\0${literal}`;
  let result = env.cache.get(cacheKey);
  if (result !== undefined) return result;
  const values = env.values[key];
  // An unknown value (the kernel's release string, maybe no version): a comparison as versions may fail.
  if (values.length === 0) result = node.op === 'in' || node.op === 'not in' || (variableOnLeft && !versionSpecifier(node.op, literal)) ? UNKNOWN : MAY_FAIL;
  for (let i = 0; i < values.length && result !== MAY_FAIL; i++) {
    const r = variableOnLeft ? compareValues(key, values[i]!, node.op, literal) : compareValues(key, literal, node.op, values[i]!);
    result = i === 0 || r === MAY_FAIL || r === result ? r : UNKNOWN;
  }
  if (env.cache.size < MAX_CACHED) env.cache.set(cacheKey, result!);
  return result!;
}

/** `lhs op rhs` as pip's `packaging` decides it: unknown where its versions disagree, mayFail where one fails. */
export function compareValues(key: MarkerVariable, lhs: string, op: MarkerOp, rhs: string): Outcome {
  if (key === 'extra') {
    lhs = normalizeName(lhs);
    rhs = normalizeName(rhs);
  }
  if (op === 'in') return rhs.includes(lhs);
  if (op === 'not in') return !rhs.includes(lhs);
  const specifier = versionSpecifier(op, rhs);
  if (specifier !== undefined) {
    // pip up to 24 fails on a left side that is no version; newer packaging compares strings.
    if (!VERSION_VARIABLES.has(key) || !valid(lhs)) return MAY_FAIL;
    return op === '===' ? lhs.toLowerCase() === rhs.trim().toLowerCase() : satisfies(lhs, specifier, { prereleases: true });
  }
  if (op === '==') return lhs === rhs;
  if (op === '!=') return lhs !== rhs;
  if (op === '~=' || op === '===') return MAY_FAIL;
  // Ordering of non-versions: Python's string order in older pip, false/equality in packaging 26.
  const python = op === '<' ? lhs < rhs : op === '<=' ? lhs <= rhs : op === '>' ? lhs > rhs : lhs >= rhs;
  const newer = op === '<=' || op === '>=' ? lhs === rhs : false;
  return python === newer ? python : UNKNOWN;
}

/** `<op><rhs>` when it is one PEP 440 specifier (what pip tries first), else undefined. */
function versionSpecifier(op: MarkerOp, rhs: string): string | undefined {
  // `===` takes any string without whitespace, `;` or `)` (arbitrary equality); the others one version.
  if (op === '===') return /^\s*[^\s;)]*\s*$/.test(rhs) ? `===${rhs.trim()}` : undefined;
  if (rhs.includes(',')) return undefined;
  const spec = `${op}${rhs}`;
  return validRange(spec) ? spec : undefined;
}
