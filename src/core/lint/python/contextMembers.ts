import type { Node } from 'web-tree-sitter';
import { gateRule, type VersionedRule } from '../airflowVersion';
import type { Finding } from '../types';
import { stringLiteralValue } from './argumentRules';
import { contextHolders, enclosingFunction, isTaskFunction, isTaskKwargs } from './contextHolders';
import { resolveExpression } from './importBindings';
import { beyondRuff, codeFor, type LintContext } from './lintContext';
import { RULE_FINDINGS_CEILING } from './lintLimits';

/**
 * Checked on the real runtimes: apache-airflow 2.11.2's DagRun has the `external_trigger` column;
 * 3.3.1 has it nowhere (the Task SDK's DagRunProtocol lists `run_type` instead). 2.11.2's
 * InletEventsAccessors takes `int | str | Dataset | DatasetAlias`; 3.3.1's raises TypeError for
 * a str ("`key` is of unknown type"). ruff 0.17.3 reports both as AIR301.
 */
const REMOVED_IN_3: VersionedRule & { readonly rule: string } = { removedIn: '3.0', rule: 'AIR301' };
const DAG_RUN_CLASSES = new Set(['airflow.models.DagRun', 'airflow.models.dagrun.DagRun']);
const EXTERNAL_TRIGGER = /\.[ \t]*external_trigger(?![A-Za-z0-9_])/g;
const INLET_EVENTS = /(?<![A-Za-z0-9_])inlet_events(?![A-Za-z0-9_])/g;
const JINJA_DAG_RUN = /(?<![A-Za-z0-9_.])dag_run[ \t]*$/;

/** What a context site holds and whether ruff checks it: the `**` parameter of a `@task` function only. */
interface Site {
  readonly ruff: boolean;
}

/**
 * Members of context values Airflow 3 removed: `context["dag_run"].external_trigger` (also
 * through a variable, a `dag_run` task parameter, `DagRun.external_trigger` and
 * `{{ dag_run.external_trigger }}`), and `inlet_events["<uri>"]` string keys.
 */
export function checkContextMembers(ctx: LintContext): Finding[] {
  const out: Finding[] = [];
  const gate = gateRule(REMOVED_IN_3, ctx.target);
  if (!gate) return out;
  const { start, end } = ctx.syntax.span;
  const text = ctx.index.text.slice(start, end);
  const hasTrigger = text.includes('external_trigger');
  const hasInlets = text.includes('inlet_events');
  if (!hasTrigger && !hasInlets) return out;
  const cache = new Map<number, Set<string>>();
  const code = codeFor(REMOVED_IN_3, gate, 'MWAA201');
  const upgrade = gate.upgradeOnly ? ` [upgrade check: Airflow ${gate.at}]` : '';
  const report = (from: number, to: number, site: Site, message: string) => {
    // Only inside what is being linted (a statement when incremental: the rest is kept as it was).
    if (out.length >= RULE_FINDINGS_CEILING || from < start || to > end) return;
    out.push({ range: ctx.index.range(from, to), code: site.ruff ? code : beyondRuff(code), severity: gate.severity, message: message + upgrade, fixes: [], ...(gate.upgradeOnly ? { upgradeOnly: true } : {}) });
  };
  const triggerMessage = `\`external_trigger\` of a DAG run is ${gate.reason}; use \`run_type\` (\`DagRunType.MANUAL\` for a manual trigger)`;
  if (hasTrigger) {
    for (const matchEnd of offsets(EXTERNAL_TRIGGER, text, start, ctx, true)) {
      const nameAt = matchEnd - 'external_trigger'.length;
      const id = nodeAt(ctx, nameAt);
      const site = id ? externalTriggerSite(ctx, id, nameAt, cache) : undefined;
      if (site) report(nameAt, matchEnd, site, triggerMessage);
    }
  }
  if (hasInlets) {
    const message = `A string key of \`inlet_events\` is ${gate.reason} (Airflow 3 raises TypeError); use \`inlet_events[Asset("<uri>")]\``;
    for (const at of offsets(INLET_EVENTS, text, start, ctx)) {
      for (const { key, site } of inletStringKeys(ctx, at, cache)) report(key.startIndex, key.endIndex, site, message);
    }
  }
  return out;
}

/** Offsets (in the file) where the matches of `re` in the linted span start (or end), outside subtrees nested too deep. */
function* offsets(re: RegExp, text: string, start: number, ctx: LintContext, ends = false): Generator<number> {
  re.lastIndex = 0;
  let n = 0;
  for (let m = re.exec(text); m && n < RULE_FINDINGS_CEILING; m = re.exec(text), n++) {
    if (!ctx.syntax.deep(start + m.index)) yield start + m.index + (ends ? m[0].length : 0);
  }
}

function nodeAt(ctx: LintContext, at: number): Node | null {
  return ctx.tree.rootNode.descendantForIndex(at, at + 1);
}

/** `<holder>["key"]` or `<holder>.get("key")` with `holder` a context name: the holder, else undefined. */
function contextItem(ctx: LintContext, expr: Node | null, key: string, cache: Map<number, Set<string>>): Node | undefined {
  let holder: Node | null = null;
  let keyNode: Node | null = null;
  if (expr?.type === 'subscript') {
    holder = expr.childForFieldName('value');
    keyNode = expr.childForFieldName('subscript');
  } else if (expr?.type === 'call') {
    const fn = expr.childForFieldName('function');
    if (fn?.type !== 'attribute' || fn.childForFieldName('attribute')?.text !== 'get') return undefined;
    holder = fn.childForFieldName('object');
    keyNode = expr.childForFieldName('arguments')?.namedChildren[0] ?? null;
  }
  if (holder?.type !== 'identifier' || !keyNode || stringLiteralValue(keyNode) !== key) return undefined;
  return contextHolders(ctx, expr!, cache).has(holder.text) ? holder : undefined;
}

/** A function's (or the module's) assignments to plain names and subscripts of plain names, read once per lint. */
interface ScopeIndex {
  /** By name, in order of where the assignment ends. */
  readonly assignments: Map<string, { end: number; value: Node | null }[]>;
  readonly subscripts: Map<string, Node[]>;
}

const scopeIndexes = new WeakMap<object, Map<number, ScopeIndex>>();

function scopeIndex(ctx: LintContext, scope: Node): ScopeIndex {
  let byScope = scopeIndexes.get(ctx.syntax);
  if (!byScope) scopeIndexes.set(ctx.syntax, (byScope = new Map()));
  let index = byScope.get(scope.id);
  if (index) return index;
  index = { assignments: new Map(), subscripts: new Map() };
  for (const n of scope.descendantsOfType(['assignment', 'subscript'])) {
    if (!n || ctx.syntax.deep(n.startIndex)) continue;
    const target = n.childForFieldName(n.type === 'assignment' ? 'left' : 'value');
    if (target?.type !== 'identifier') continue;
    if (n.type === 'assignment') {
      const list = index.assignments.get(target.text) ?? [];
      list.push({ end: n.endIndex, value: n.childForFieldName('right') });
      index.assignments.set(target.text, list);
    } else {
      const list = index.subscripts.get(target.text) ?? [];
      list.push(n);
      index.subscripts.set(target.text, list);
    }
  }
  for (const list of index.assignments.values()) list.sort((a, b) => a.end - b.end);
  byScope.set(scope.id, index);
  return index;
}

/** The last `name = value` in `node`'s function (or module) before `node`: its value. */
function assignedBefore(ctx: LintContext, node: Node, name: string): Node | undefined {
  const list = scopeIndex(ctx, enclosingFunction(node) ?? ctx.tree.rootNode).assignments.get(name) ?? [];
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.end <= node.startIndex) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? (list[lo - 1]!.value ?? undefined) : undefined;
}

/** Whether `node` is inside a `@task` function that takes a parameter `name` (Airflow fills it from the context). */
function isTaskParameter(ctx: LintContext, node: Node, name: string): boolean {
  const fn = enclosingFunction(node);
  if (!fn || !isTaskFunction(ctx, fn)) return false;
  return (fn.childForFieldName('parameters')?.namedChildren ?? []).some((p) => {
    const id = p?.type === 'identifier' ? p : p?.namedChildren.find((c) => c?.type === 'identifier');
    return p?.type !== 'dictionary_splat_pattern' && p?.type !== 'list_splat_pattern' && id?.text === name;
  });
}

/** Whether `.external_trigger` at `id` is read off a DAG run: how it got there decides ruff's part. */
function externalTriggerSite(ctx: LintContext, id: Node, nameAt: number, cache: Map<number, Set<string>>): Site | undefined {
  if (id.type === 'string_content') return jinjaDagRun(ctx, id, nameAt) ? { ruff: false } : undefined;
  const access = id.parent;
  if (id.type !== 'identifier' || access?.type !== 'attribute' || access.childForFieldName('attribute')?.id !== id.id) return undefined;
  const obj = access.childForFieldName('object');
  const direct = contextItem(ctx, obj, 'dag_run', cache);
  if (direct) return { ruff: isTaskKwargs(ctx, obj!, direct.text) };
  if (obj?.type === 'attribute' && DAG_RUN_CLASSES.has(resolveExpression(obj, ctx.bindings) ?? '')) return { ruff: false };
  if (obj?.type !== 'identifier') return undefined;
  const value = assignedBefore(ctx, obj, obj.text);
  const holder = value ? contextItem(ctx, value, 'dag_run', cache) : undefined;
  if (holder) return { ruff: isTaskKwargs(ctx, value!, holder.text) };
  if (DAG_RUN_CLASSES.has(resolveExpression(obj, ctx.bindings) ?? '')) return { ruff: false };
  return !value && obj.text === 'dag_run' && isTaskParameter(ctx, obj, 'dag_run') ? { ruff: false } : undefined;
}

/** Characters before `.external_trigger` in a string searched for its `{{ dag_run`. */
const JINJA_LOOKBACK = 200;

/** `{{ dag_run.external_trigger }}` (or inside `{% %}`) in a template string that is not an f-string. */
function jinjaDagRun(ctx: LintContext, content: Node, nameAt: number): boolean {
  const str = content.parent;
  if (str?.type !== 'string' || /[fF]/.test(str.firstNamedChild?.text ?? '')) return false;
  const before = ctx.index.text.slice(Math.max(str.startIndex, nameAt - JINJA_LOOKBACK), nameAt).replace(/[ \t]*\.[ \t]*$/, '');
  const open = Math.max(before.lastIndexOf('{{'), before.lastIndexOf('{%'));
  return open >= 0 && open > Math.max(before.lastIndexOf('}}'), before.lastIndexOf('%}')) && JINJA_DAG_RUN.test(before);
}

/** String keys of `inlet_events` reached from the word at `at`: `context["inlet_events"]["uri"]`, through a variable, or a task parameter. */
function inletStringKeys(ctx: LintContext, at: number, cache: Map<number, Set<string>>): { key: Node; site: Site }[] {
  const node = nodeAt(ctx, at);
  if (node?.type === 'identifier') {
    // `inlet_events["uri"]` with `inlet_events` a parameter of a @task function.
    const sub = node.parent;
    const key = sub?.type === 'subscript' && sub.childForFieldName('value')?.id === node.id ? sub.childForFieldName('subscript') : null;
    return key && stringLiteralValue(key) !== undefined && isTaskParameter(ctx, node, 'inlet_events') ? [{ key, site: { ruff: false } }] : [];
  }
  const str = node?.type === 'string_content' ? node.parent : null;
  const item = str?.parent?.type === 'subscript' ? str.parent : str?.parent?.type === 'argument_list' ? (str.parent.parent ?? null) : null;
  const holder = item ? contextItem(ctx, item, 'inlet_events', cache) : undefined;
  if (!item || !holder) return [];
  const site = { ruff: isTaskKwargs(ctx, item, holder.text) };
  const outer = item.parent;
  if (outer?.type === 'subscript' && outer.childForFieldName('value')?.id === item.id) {
    const key = outer.childForFieldName('subscript');
    return key && stringLiteralValue(key) !== undefined ? [{ key, site }] : [];
  }
  // `events = context["inlet_events"]`, then `events["uri"]` later in the function.
  const left = outer?.type === 'assignment' && outer.childForFieldName('right')?.id === item.id ? outer.childForFieldName('left') : null;
  if (left?.type !== 'identifier') return [];
  // Its subscripts from here to the variable's next assignment (pre-order: sorted by start).
  const index = scopeIndex(ctx, enclosingFunction(item) ?? ctx.tree.rootNode);
  const from = outer!.endIndex;
  const until = index.assignments.get(left.text)?.find((a) => a.end > from)?.end ?? Infinity;
  const subs = index.subscripts.get(left.text) ?? [];
  let i = firstAtOrAfter(subs, from);
  const keys: { key: Node; site: Site }[] = [];
  for (; i < subs.length && subs[i]!.startIndex < until && keys.length < RULE_FINDINGS_CEILING; i++) {
    const key = subs[i]!.childForFieldName('subscript');
    if (key && stringLiteralValue(key) !== undefined) keys.push({ key, site });
  }
  return keys;
}

/** The index of the first node starting at or after `offset` (nodes sorted by start). */
function firstAtOrAfter(nodes: readonly Node[], offset: number): number {
  let lo = 0;
  let hi = nodes.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (nodes[mid]!.startIndex < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
