import type { Node, Tree } from 'web-tree-sitter';

/** A call with where it runs: at import of the module (top level) or inside a function. */
export interface CallSite {
  readonly node: Node;
  readonly topLevel: boolean;
}

/** The nodes the rules look at, gathered in one cursor walk over the tree. */
export interface SyntaxNodes {
  readonly imports: Node[];
  readonly fromImports: Node[];
  /** Calls whose callee's last name is one a rule looks for (see CALL_NAMES). */
  readonly calls: CallSite[];
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
  /** Module-level `NAME = value` assignments (for following `start_date=START`). */
  readonly moduleAssignments: Map<string, Node>;
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

const START_DATE_KEY = /^["']start_date["']$/;
const COLLECTED_TYPES = [
  'import_statement', 'import_from_statement', 'call', 'keyword_argument', 'attribute', 'subscript', 'string',
  'function_definition', 'lambda',
];
/** `a.b.c(`: the callee's last name, read from the source text (no tree access). */
const SIMPLE_CALLEE = /[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*\s*\(/y;
const NAME_AT = /[A-Za-z_][A-Za-z0-9_]*/y;
const ATTRIBUTE_TAIL = /^\s*\.\s*[A-Za-z_][A-Za-z0-9_]*$/;

function nameAt(text: string, offset: number): string | undefined {
  NAME_AT.lastIndex = offset;
  return NAME_AT.exec(text)?.[0];
}

/**
 * One batched `descendantsOfType` call (done inside the wasm module, far cheaper than a JS cursor
 * walk over every node), then filtering by reading the source text rather than the tree.
 * `keywordNames`: argument names worth returning (the rule table's plus start_date and dag_id).
 */
export function collectSyntax(tree: Tree, text: string, keywordNames: ReadonlySet<string>, region?: SyntaxRegion): SyntaxNodes {
  const out: SyntaxNodes = {
    imports: [],
    fromImports: [],
    calls: [],
    keywords: [],
    attributeChains: [],
    subscripts: [],
    templateStrings: [],
    startDateKeys: [],
    functions: [],
    errors: [],
    missing: [],
    moduleAssignments: new Map(),
  };
  const root = tree.rootNode;
  const nodes = (region?.node ?? root).descendantsOfType(COLLECTED_TYPES);
  // Function and lambda spans, to tell module-level code from code that runs later.
  const scopes: { start: number; end: number }[] = [];
  const pendingCalls: Node[] = [];
  const pendingKeywords: Node[] = [];
  let lastAttribute: Node | undefined;
  for (const node of nodes) {
    if (!node) continue;
    switch (node.type) {
      case 'import_statement':
        out.imports.push(node);
        break;
      case 'import_from_statement':
        out.fromImports.push(node);
        break;
      case 'call': {
        SIMPLE_CALLEE.lastIndex = node.startIndex;
        const m = SIMPLE_CALLEE.exec(text);
        if (!m) break;
        const callee = m[0].slice(0, -1).trim();
        if (CALL_NAMES.has(callee.slice(callee.lastIndexOf('.') + 1).trim())) pendingCalls.push(node);
        break;
      }
      case 'keyword_argument': {
        const name = nameAt(text, node.startIndex);
        if (name && keywordNames.has(name)) pendingKeywords.push(node);
        break;
      }
      case 'attribute':
        // Pre-order: an enclosing chain comes right before its object (`a.b.c`, then `a.b`).
        if (!(lastAttribute && lastAttribute.startIndex === node.startIndex && ATTRIBUTE_TAIL.test(text.slice(node.endIndex, lastAttribute.endIndex)))) {
          out.attributeChains.push(node);
        }
        lastAttribute = node;
        break;
      case 'subscript':
        out.subscripts.push(node);
        break;
      case 'string': {
        const body = text.slice(node.startIndex, node.endIndex);
        if (body.includes('{{') || body.includes('{%')) out.templateStrings.push(node);
        else if (START_DATE_KEY.test(body) && node.parent?.type === 'pair' && node.parent.childForFieldName('key')?.id === node.id) out.startDateKeys.push(node);
        break;
      }
      case 'function_definition':
        out.functions.push(node);
        scopes.push({ start: node.startIndex, end: node.endIndex });
        break;
      case 'lambda':
        scopes.push({ start: node.startIndex, end: node.endIndex });
        break;
    }
  }
  const inScope = scopeTester(scopes);
  const outside = region?.insideFunction ?? false;
  for (const node of pendingCalls) out.calls.push({ node, topLevel: !outside && !inScope(node.startIndex) });
  for (const node of pendingKeywords) out.keywords.push({ node, topLevel: !outside && !inScope(node.startIndex) });
  for (const stmt of root.namedChildren) {
    const assign = stmt?.type === 'expression_statement' ? stmt.firstNamedChild : null;
    if (assign?.type !== 'assignment') continue;
    const left = assign.childForFieldName('left');
    const right = assign.childForFieldName('right');
    if (left?.type === 'identifier' && right) out.moduleAssignments.set(left.text, right);
  }
  if (root.hasError) collectErrors(tree, out);
  return out;
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
  return (offset) => {
    let lo = 0;
    let hi = outer.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = outer[mid]!;
      if (offset < s.start) hi = mid - 1;
      else if (offset >= s.end) lo = mid + 1;
      else return true;
    }
    return false;
  };
}

/** Outermost ERROR nodes and all MISSING nodes (only walked when the tree has errors). */
function collectErrors(tree: Tree, out: SyntaxNodes): void {
  const cursor = tree.walk();
  let errorDepth = 0;
  try {
    for (;;) {
      const type = cursor.nodeType;
      if (type === 'ERROR' && errorDepth === 0) out.errors.push(cursor.currentNode);
      if (cursor.nodeIsMissing) out.missing.push(cursor.currentNode);
      if (cursor.gotoFirstChild()) {
        if (type === 'ERROR') errorDepth++;
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return;
        if (cursor.nodeType === 'ERROR') errorDepth--;
      }
    }
  } finally {
    cursor.delete();
  }
}

/**
 * Identifiers spelled `name` that read a variable: not attribute names (`x.name`), not keyword
 * argument names (`f(name=1)`), not inside import statements.
 */
export function findNameUses(tree: Tree, name: string): Node[] {
  const found: Node[] = [];
  const cursor = tree.walk();
  const typeStack: string[] = [];
  try {
    for (;;) {
      const type = cursor.nodeType;
      let descend = type !== 'import_statement' && type !== 'import_from_statement' && type !== 'string';
      if (type === 'identifier') {
        descend = false;
        const parent = typeStack[typeStack.length - 1];
        const field = cursor.currentFieldName;
        const isAttrName = parent === 'attribute' && field === 'attribute';
        const isKeyword = parent === 'keyword_argument' && field === 'name';
        if (!isAttrName && !isKeyword && cursor.nodeText === name) found.push(cursor.currentNode);
      }
      if (descend && cursor.gotoFirstChild()) {
        typeStack.push(type);
        continue;
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return found;
        typeStack.pop();
      }
    }
  } finally {
    cursor.delete();
  }
}
