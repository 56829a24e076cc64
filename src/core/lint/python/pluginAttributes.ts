import type { Node } from 'web-tree-sitter';
import { gateRule, type VersionedRule } from '../airflowVersion';
import type { Finding } from '../types';
import { airflowBases } from './classBases';
import { beyondRuff, codeFor, nodeRange, type LintContext } from './lintContext';
import { RULE_FINDINGS_CEILING } from './lintLimits';
import { ancestorOfType, parentOf } from './treeParents';

/** A class attribute of AirflowPlugin that Airflow stopped reading. */
interface PluginAttribute extends VersionedRule {
  readonly rule: 'AIR301';
  /** What to do instead. */
  readonly instead: string;
}

/**
 * ruff lists all four as AIR301 "removed in Airflow 3.0". Checked on the real wheels: `operators`
 * and `sensors` are already gone from AirflowPlugin in apache-airflow 2.0.2 (the first Airflow 2
 * MWAA ran) and nothing in its plugins_manager reads them; 2.11.2 still declares and reads `hooks`
 * (listed for the connection UI) and `executors` (made into `airflow.executors.<plugin>` modules);
 * 3.3.1's AirflowPlugin has none of the four and its plugins manager never reads them.
 */
const ATTRIBUTES: ReadonlyMap<string, PluginAttribute> = new Map([
  ['operators', { rule: 'AIR301', removedIn: '2.0', instead: 'import operators from a regular Python module (the plugins folder is on sys.path)' }],
  ['sensors', { rule: 'AIR301', removedIn: '2.0', instead: 'import sensors from a regular Python module (the plugins folder is on sys.path)' }],
  ['hooks', { rule: 'AIR301', removedIn: '3.0', instead: 'import hooks from a regular Python module (the plugins folder is on sys.path)' }],
  ['executors', { rule: 'AIR301', removedIn: '3.0', instead: 'name the executor by its import path in the `core.executor` configuration option' }],
] as const);

/** The plugin base ruff checks (a class naming it among its own bases); others are followed by us only. */
const RUFF_PLUGIN_BASE = 'airflow.plugins_manager.AirflowPlugin';
const PLUGIN_BASES = new Set([RUFF_PLUGIN_BASE, 'airflow.sdk.plugins_manager.AirflowPlugin']);
const ATTRIBUTE_WORD = /(?<![A-Za-z0-9_.])(?:operators|sensors|hooks|executors)(?![A-Za-z0-9_])/g;
/** Nodes a store target sits in (`a, b = ...`, `[a] = ...`, `(a) = ...`, `*a`). */
const TARGET_GROUPS = new Set(['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list', 'parenthesized_expression', 'list_splat_pattern']);
const SCOPES = new Set(['function_definition', 'lambda', 'class_definition']);

/**
 * `operators = [...]`, `sensors`, `hooks`, `executors` assigned in the body of an AirflowPlugin
 * subclass: Airflow 3 ignores them (and Airflow 2 already ignored `operators` and `sensors`).
 * Found from the words in the text, so a file that never names AirflowPlugin costs one search.
 */
export function checkPluginAttributes(ctx: LintContext): Finding[] {
  const out: Finding[] = [];
  if (!ctx.index.text.includes('AirflowPlugin')) return out;
  const { start, end } = ctx.syntax.span;
  const text = ctx.index.text.slice(start, end);
  const plugins = new Map<number, { ruff: boolean } | null>();
  ATTRIBUTE_WORD.lastIndex = 0;
  for (let m = ATTRIBUTE_WORD.exec(text); m && out.length < RULE_FINDINGS_CEILING; m = ATTRIBUTE_WORD.exec(text)) {
    const at = start + m.index;
    if (ctx.syntax.deep(at)) continue;
    const id = ctx.tree.rootNode.descendantForIndex(at, at + m[0].length);
    if (id?.type !== 'identifier' || id.startIndex !== at || !isStoreTarget(id)) continue;
    const cls = ancestorOfType(id, SCOPES);
    if (cls?.type !== 'class_definition') continue;
    let plugin = plugins.get(cls.id);
    if (plugin === undefined) {
      plugin = pluginKind(ctx, cls);
      plugins.set(cls.id, plugin);
    }
    const attribute = ATTRIBUTES.get(m[0])!;
    const gate = plugin ? gateRule(attribute, ctx.target) : undefined;
    if (!plugin || !gate) continue;
    const code = codeFor(attribute, gate, 'MWAA201');
    const className = cls.childForFieldName('name')?.text ?? 'this class';
    const message = `\`${m[0]}\` of an AirflowPlugin subclass (\`${className}\`) is ${gate.reason}: Airflow ignores it from that version on; ${attribute.instead}${gate.upgradeOnly ? ` [upgrade check: Airflow ${gate.at}]` : ''}`;
    out.push({ range: nodeRange(ctx, id), code: plugin.ruff ? code : beyondRuff(code), severity: gate.severity, message, fixes: [], ...(gate.upgradeOnly ? { upgradeOnly: true } : {}) });
  }
  return out;
}

/** Whether `cls` is an AirflowPlugin subclass, and whether ruff sees it as one (it names the class directly). */
function pluginKind(ctx: LintContext, cls: Node): { ruff: boolean } | null {
  const bases = airflowBases(ctx, cls).filter((b) => PLUGIN_BASES.has(b.path));
  if (bases.length === 0) return null;
  return { ruff: bases.some((b) => b.direct && b.path === RUFF_PLUGIN_BASE) };
}

/** `id` is assigned to: an assignment's, `for`'s, `with ... as`'s or a walrus's target (possibly unpacked). */
function isStoreTarget(id: Node): boolean {
  let node = id;
  let parent = parentOf(id);
  for (let i = 0; parent && TARGET_GROUPS.has(parent.type) && i < 16; i++, node = parent, parent = parentOf(parent));
  if (!parent) return false;
  switch (parent.type) {
    case 'assignment':
    case 'augmented_assignment':
      return parent.childForFieldName('left')?.id === node.id;
    case 'for_statement':
      return parent.childForFieldName('left')?.id === node.id;
    case 'as_pattern_target':
      return true;
    case 'named_expression':
      return parent.childForFieldName('name')?.id === node.id;
    default:
      return false;
  }
}
