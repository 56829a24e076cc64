import type { Node, Tree } from 'web-tree-sitter';
import { MAX_CHAIN_LINKS, MAX_SYNTAX_FINDINGS } from './lintLimits';
import { deepSpans, mayNestDeeply, mergeSpans, spanTester, type Span } from './nesting';
import { parentOf } from './treeParents';

/** A call with where it runs: at import of the module (top level) or inside a function. */
export interface CallSite {
  readonly node: Node;
  readonly topLevel: boolean;
}

/** A call to one of the CALL_NAMES, with that name (the callee's last identifier, as spelled). */
export interface NamedCallSite extends CallSite {
  readonly callee: string;
}

/** The nodes the rules look at (see collectSyntax for how they are found). */
export interface SyntaxNodes {
  readonly imports: Node[];
  readonly fromImports: Node[];
  /** Calls whose callee's last name is one a rule looks for (see CALL_NAMES). */
  readonly calls: NamedCallSite[];
  /** `name=value` arguments whose name a rule looks for. */
  readonly keywords: CallSite[];
  /** Attribute chains not themselves the object of a longer chain (`a.b.c`, not `a.b`). */
  readonly attributeChains: Node[];
  readonly subscripts: Node[];
  /** String literals holding `{{` or `{%`. */
  readonly templateStrings: Node[];
  /** `"start_date"` used as a dict key. */
  readonly startDateKeys: Node[];
  readonly functions: Node[];
  readonly errors: Node[];
  readonly missing: Node[];
  /** Module-level `NAME = value` assignments (for following `start_date=START`); computed on first use. */
  readonly moduleAssignments: ReadonlyMap<string, Node>;
  /** The offsets collected from: the whole text, or one statement. */
  readonly span: { readonly start: number; readonly end: number };
  /** Subtrees nested past MAX_NESTING_DEPTH (not looked into), and a test for an offset inside one. */
  readonly deepSpans: readonly Span[];
  readonly deep: (offset: number) => boolean;
}

/**
 * Last names of callees the rules inspect: expensive module-level calls, `.get(` on the context,
 * DAG factories. Other calls are never turned into Node objects.
 */
export const CALL_NAMES = new Set([
  'get', 'client', 'resource', 'Session', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request',
  'urlopen', 'urlretrieve', 'Client', 'PoolManager', 'get_connection', 'get_connection_from_secrets',
  'get_records', 'get_first', 'get_pandas_df', 'get_df', 'get_conn', 'get_sqlalchemy_engine', 'run',
  'DAG', 'dag',
]);

/** Collect below one statement only (incremental re-lint); `insideFunction`: it runs later, not at import. */
export interface SyntaxRegion {
  readonly node: Node;
  readonly insideFunction: boolean;
}

const NAME_CHAR = /[A-Za-z0-9_]/;
const KEYWORD_START = /(?<![A-Za-z0-9_.])(?:import|from|def|lambda)(?![A-Za-z0-9_])/g;
const DOTTED_RUN = /(?<![A-Za-z0-9_])[A-Za-z_][A-Za-z0-9_]*(?:[ \t]*\.[ \t]*[A-Za-z_][A-Za-z0-9_]*)+/g;
const MODULE_ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*[ \t]*(?::[^=\n]*)?=(?!=)/gm;
const TEMPLATE_MARK = /\{\{|\{%/g;
const START_DATE_KEY = /(["'])start_date\1\s*:/g;

const alternation = (names: Iterable<string>) => [...names].map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
const CALL_PATTERN = new RegExp(`(?<![A-Za-z0-9_])(?:${alternation(CALL_NAMES)})\\s*\\(`, 'g');
const patternCache = new WeakMap<ReadonlySet<string>, RegExp>();
/** `name=` (not `==`) for the keyword names a rule looks at. */
function keywordPattern(names: ReadonlySet<string>): RegExp {
  let re = patternCache.get(names);
  if (!re) {
    re = new RegExp(`(?<![A-Za-z0-9_.])(?:${alternation(names) || '(?!)'})\\s*=(?!=)`, 'g');
    patternCache.set(names, re);
  }
  return re;
}

/**
 * Matches of `re` (global; reset here) in [from, to), with `index` in `text`'s offsets. A region
 * is searched as a slice, so a pattern with no match left does not scan the rest of the file.
 */
function* matchesIn(re: RegExp, text: string, from: number, to: number, deep?: (offset: number) => boolean): Generator<RegExpExecArray> {
  const part = from === 0 && to === text.length ? text : text.slice(from, to);
  re.lastIndex = 0;
  for (let m = re.exec(part); m; m = re.exec(part)) {
    m.index += from;
    // Inside a subtree nested too deep every node lookup costs its depth: nothing there is read.
    if (!deep?.(m.index)) yield m;
  }
}

/** The smallest node starting at `offset`, climbed to the first ancestor of `type` (a few levels). */
function nodeOfTypeAt(root: Node, offset: number, type: string, maxUp: number): Node | undefined {
  let node: Node | null = root.descendantForIndex(offset, offset + 1);
  for (let i = 0; node && i <= maxUp; i++, node = node.parent) if (node.type === type) return node;
  return undefined;
}

/**
 * Whether `child` is the first child of its parent `parent`: the field that comes first (an
 * attribute's `object`, a call's `function`, a keyword argument's `name`, a pair's `key`, an
 * assignment's `left`). Compared by start offset, which a node carries: asking the parent for the
 * field is a call into the wasm module and a new Node. `child` must be a child of `parent` with
 * some width (tokens are never empty; only MISSING ones are, and those are never looked up here).
 */
export function isFirstChild(parent: Node, child: Node): boolean {
  return child.startIndex === parent.startIndex;
}

/** The call whose callee ends with the identifier at `offset` (`f(`, `a.b.f(`). */
function callAt(root: Node, offset: number): Node | undefined {
  const id = root.descendantForIndex(offset, offset + 1);
  if (id?.type !== 'identifier') return undefined;
  let callee: Node = id;
  const parent = id.parent;
  // The identifier after the dot (not the object, which starts the attribute).
  if (parent?.type === 'attribute' && !isFirstChild(parent, id)) callee = parent;
  const call = callee.parent;
  return call?.type === 'call' && isFirstChild(call, callee) ? call : undefined;
}

/**
 * Walks only what rules need. Imports, attributes and functions come from one batched
 * `descendantsOfType` call (done inside the wasm module); calls, keyword arguments, template
 * strings and context-key subscripts are located by a textual search for the names the rules
 * look for, and only those spots are turned into nodes: most files hold thousands of calls,
 * arguments and strings no rule cares about, and marshalling each one costs more than the rules.
 * `keywordNames`: argument names worth returning (the rule table's plus start_date and dag_id).
 * `contextKeys`: keys worth finding in `x["key"]` subscripts.
 */
export function collectSyntax(tree: Tree, text: string, keywordNames: ReadonlySet<string>, region?: SyntaxRegion, contextKeys?: RegExp): SyntaxNodes {
  const root = tree.rootNode;
  const scopeRoot = region?.node ?? root;
  // The tree is measured only when the text suggests deep nesting (walking it costs more than linting).
  const deep = !region && mayNestDeeply(text, 0, text.length) ? deepSpans(root) : [];
  const errors = root.hasError ? collectErrors(tree) : undefined;
  const out = emptySyntaxNodes(tree, text, region, deep, errors);
  const scan: Scan = { root, text, from: scopeRoot.startIndex, to: scopeRoot.endIndex, deep: out.deep };
  const lambdas = collectKeywordStatements(scan, out);
  for (const chain of byPosition(attributeChainsIn(scan))) out.attributeChains.push(chain);
  // Function and lambda spans, to tell module-level code from code that runs later.
  const scopes = byPosition([...out.functions, ...lambdas]).map((n) => ({ start: n.startIndex, end: n.endIndex }));
  for (const list of [out.imports, out.fromImports, out.functions]) byPosition(list);
  const inScope = scopeTester(scopes);
  const outside = region?.insideFunction ?? false;
  const site = (node: Node): CallSite => ({ node, topLevel: !outside && !inScope(node.startIndex) });
  const seen = new Set<number>();
  const once = (node: Node | undefined): node is Node => {
    if (!node || seen.has(node.id)) return false;
    seen.add(node.id);
    return true;
  };
  for (const { node, callee } of callsIn(scan, once).sort((a, b) => inPreOrder(a.node, b.node))) out.calls.push({ ...site(node), callee });
  for (const node of byPosition(keywordArgumentsIn(scan, keywordNames))) out.keywords.push(site(node));
  collectStringsAndSubscripts(scan, out, once, contextKeys);
  return out;
}

/** Where collectSyntax searches: the tree's root and the text offsets [from, to) of the region. */
interface Scan {
  readonly root: Node;
  readonly text: string;
  readonly from: number;
  readonly to: number;
  readonly deep: (offset: number) => boolean;
}

/** Empty lists, the lazy module assignments and the span collected from. */
function emptySyntaxNodes(tree: Tree, text: string, region: SyntaxRegion | undefined, deepSpans: readonly Span[], errors?: ErrorNodes): SyntaxNodes {
  let assignments: Map<string, Node> | undefined;
  const deep = spanTester(mergeSpans(deepSpans, errors?.wide ?? []));
  return {
    imports: [],
    fromImports: [],
    calls: [],
    keywords: [],
    attributeChains: [],
    subscripts: [],
    templateStrings: [],
    startDateKeys: [],
    functions: [],
    errors: errors?.errors ?? [],
    missing: errors?.missing ?? [],
    get moduleAssignments() {
      return (assignments ??= moduleAssignmentsOf(tree, text, deep));
    },
    span: { start: region?.node.startIndex ?? 0, end: region?.node.endIndex ?? text.length },
    deepSpans,
    deep,
  };
}

/**
 * Imports, functions and lambdas start with a keyword token (anonymous) whose parent is the node:
 * the smallest named node there is that parent, found in one lookup (`parent` costs a second
 * descent from the root). A keyword spelled inside a comment or string finds that named leaf and
 * is passed over. Returns the lambdas.
 */
function collectKeywordStatements({ root, text, from, to, deep }: Scan, out: SyntaxNodes): Node[] {
  const lambdas: Node[] = [];
  // Every node lies inside the whole text: only a region's bounds need checking.
  const whole = from === 0 && to === text.length;
  for (const m of matchesIn(KEYWORD_START, text, from, to, deep)) {
    const node = root.namedDescendantForIndex(m.index, m.index + 1);
    if (!node || (!whole && (node.startIndex < from || node.endIndex > to))) continue;
    const type = node.type;
    if (m[0] === 'import' && type === 'import_statement') out.imports.push(node);
    else if (m[0] === 'from' && type === 'import_from_statement') out.fromImports.push(node);
    else if (m[0] === 'def' && type === 'function_definition') out.functions.push(node);
    else if (m[0] === 'lambda' && type === 'lambda') lambdas.push(node);
  }
  return lambdas;
}

/**
 * Attribute chains: dotted runs of names in the text, each climbed to its outermost attribute. A
 * chain longer than MAX_CHAIN_LINKS is left out (it is never resolved, see attributeLinks).
 */
function attributeChainsIn({ root, text, from, to, deep }: Scan): Node[] {
  const chains: Node[] = [];
  for (const m of matchesIn(DOTTED_RUN, text, from, to, deep)) {
    let back = m.index - 1;
    while (back >= 0 && (text[back] === ' ' || text[back] === '\t')) back--;
    if (text[back] === '.') continue;
    let node: Node | null = root.descendantForIndex(m.index, m.index + 1);
    if (node?.type !== 'identifier') continue;
    let links = 0;
    for (let p = parentOf(node); p?.type === 'attribute' && isFirstChild(p, node); p = parentOf(p)) {
      if (++links > MAX_CHAIN_LINKS) break;
      node = p;
    }
    if (links > MAX_CHAIN_LINKS) continue;
    // After a first link `node` is an attribute (it starts as the identifier).
    if (links > 0 && node.startIndex >= from && node.endIndex <= to) chains.push(node);
  }
  return chains;
}

const CALL_NAME = /^[A-Za-z0-9_]+/;

/** Calls to the CALL_NAMES, each once, with the name matched. */
function callsIn({ root, text, from, to, deep }: Scan, once: (node: Node | undefined) => node is Node): { node: Node; callee: string }[] {
  const calls: { node: Node; callee: string }[] = [];
  for (const m of matchesIn(CALL_PATTERN, text, from, to, deep)) {
    const call = callAt(root, m.index);
    if (once(call)) calls.push({ node: call, callee: CALL_NAME.exec(m[0])![0] });
  }
  return calls;
}

/** `name=value` arguments whose name is one of `keywordNames`. */
function keywordArgumentsIn({ root, text, from, to, deep }: Scan, keywordNames: ReadonlySet<string>): Node[] {
  const keywords: Node[] = [];
  for (const m of matchesIn(keywordPattern(keywordNames), text, from, to, deep)) {
    const id = root.descendantForIndex(m.index, m.index + 1);
    const kw = id?.type === 'identifier' ? id.parent : null;
    if (kw?.type === 'keyword_argument' && isFirstChild(kw, id!)) keywords.push(kw);
  }
  return keywords;
}

/** Template strings, `"start_date"` dict keys and (with `contextKeys`) context-key subscripts. */
function collectStringsAndSubscripts({ root, text, from, to, deep }: Scan, out: SyntaxNodes, once: (node: Node | undefined) => node is Node, contextKeys?: RegExp): void {
  for (const m of matchesIn(TEMPLATE_MARK, text, from, to, deep)) {
    const str = nodeOfTypeAt(root, m.index, 'string', 3);
    if (once(str)) out.templateStrings.push(str);
  }
  for (const m of matchesIn(START_DATE_KEY, text, from, to, deep)) {
    const str = nodeOfTypeAt(root, m.index, 'string', 1);
    const pair = str?.parent;
    if (str && pair?.type === 'pair' && isFirstChild(pair, str)) out.startDateKeys.push(str);
  }
  if (contextKeys) {
    for (const m of matchesIn(contextKeys, text, from, to, deep)) {
      const sub = nodeOfTypeAt(root, m.index + m[0].indexOf(m[1]!), 'subscript', 2);
      if (once(sub)) out.subscripts.push(sub);
    }
  }
}

/** Module-level `NAME = value`: a name at the start of a line, then `=` (or an annotation). */
function moduleAssignmentsOf(tree: Tree, text: string, deep: (offset: number) => boolean): Map<string, Node> {
  const out = new Map<string, Node>();
  const root = tree.rootNode;
  for (const m of matchesIn(MODULE_ASSIGNMENT, text, 0, text.length, deep)) {
    const left = root.descendantForIndex(m.index, m.index + 1);
    const assign = left?.parent;
    if (left?.type !== 'identifier' || assign?.type !== 'assignment' || assign.parent?.parent?.type !== 'module') continue;
    if (!isFirstChild(assign, left)) continue;
    const right = assign.childForFieldName('right');
    if (right) out.set(left.text, right);
  }
  return out;
}

/** Pre-order: by start, the enclosing node first. */
function byPosition(nodes: Node[]): Node[] {
  return nodes.sort(inPreOrder);
}

function inPreOrder(a: Node, b: Node): number {
  return a.startIndex - b.startIndex || b.endIndex - a.endIndex;
}

/** `["key"]` subscripts for the given keys (the linter passes the rule table's context keys). */
export function contextKeyPattern(keys: Iterable<string>): RegExp | undefined {
  const alt = alternation(keys);
  return alt ? new RegExp(`\\[\\s*(["'])(?:${alt})\\1\\s*\\]`, 'g') : undefined;
}

/** Whether an offset lies inside any span; spans arrive in pre-order (sorted by start). */
function scopeTester(spans: readonly { start: number; end: number }[]): (offset: number) => boolean {
  // Outermost spans only: nested ones add nothing.
  const outer: { start: number; end: number }[] = [];
  for (const s of spans) {
    const last = outer[outer.length - 1];
    if (last && s.start < last.end) continue;
    outer.push(s);
  }
  return spanTester(outer);
}

/** What the error walk found: the nodes the syntax rule reports, and ERROR nodes too wide to look into. */
interface ErrorNodes {
  readonly errors: Node[];
  readonly missing: Node[];
  readonly wide: Span[];
}

/**
 * Children of an ERROR node past which nothing inside it is read. Error recovery leaves the
 * tokens it could not place as one flat list, and tree-sitter finds a node in such a list (and
 * its parent) by stepping through it: each lookup costs the list's length, so every lookup in a
 * list of n costs n² in all. Real broken files stay well below (an unclosed bracket near the top of
 * a 2,000-line DAG leaves about 1,300); the syntax error finding still points at the place.
 */
const MAX_ERROR_CHILDREN = 4000;

/**
 * Outermost ERROR nodes and MISSING nodes (only walked when the tree has errors), as many of each
 * as the syntax rule reports (it lists MISSING ones first), and the spans of ERROR nodes wider
 * than MAX_ERROR_CHILDREN.
 */
function collectErrors(tree: Tree): ErrorNodes {
  const out: ErrorNodes = { errors: [], missing: [], wide: [] };
  const cursor = tree.walk();
  let errorDepth = 0;
  try {
    for (;;) {
      const type = cursor.nodeType;
      if (type === 'ERROR') {
        const node = cursor.currentNode;
        if (errorDepth === 0 && out.errors.length < MAX_SYNTAX_FINDINGS) out.errors.push(node);
        if (node.childCount > MAX_ERROR_CHILDREN) out.wide.push({ start: node.startIndex, end: node.endIndex });
      }
      if (cursor.nodeIsMissing && out.missing.length < MAX_SYNTAX_FINDINGS) out.missing.push(cursor.currentNode);
      if (cursor.gotoFirstChild()) {
        if (type === 'ERROR') errorDepth++;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return out;
        if (cursor.nodeType === 'ERROR') errorDepth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

/**
 * Identifiers spelled `name` that read a variable: not attribute names (`x.name`), not keyword
 * argument names (`f(name=1)`), not inside import statements. Found by searching the text, so
 * only the matching spots become nodes.
 */
export function findNameUses(tree: Tree, text: string, name: string, deep?: (offset: number) => boolean, max = Infinity): Node[] | undefined {
  const found: Node[] = [];
  const root = tree.rootNode;
  for (let at = text.indexOf(name); at >= 0; at = text.indexOf(name, at + name.length)) {
    if (NAME_CHAR.test(text[at - 1] ?? '') || NAME_CHAR.test(text[at + name.length] ?? '') || deep?.(at)) continue;
    const id = root.descendantForIndex(at, at + name.length);
    if (id?.type !== 'identifier' || id.startIndex !== at || id.endIndex !== at + name.length) continue;
    const parent = id.parent;
    const parentType = parent?.type;
    if (parentType === 'attribute' && !isFirstChild(parent!, id)) continue;
    if (parentType === 'keyword_argument' && isFirstChild(parent!, id)) continue;
    let inImport = false;
    for (let p = parent; p && !inImport; p = parentOf(p)) inImport = p.type === 'import_statement' || p.type === 'import_from_statement';
    if (inImport) continue;
    // Past `max` uses the caller gives up (a rename fix that large is not offered).
    if (found.length >= max) return undefined;
    found.push(id);
  }
  return found;
}
