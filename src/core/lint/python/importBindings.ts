import type { Node } from 'web-tree-sitter';
import { MAX_CHAIN_LINKS, MAX_DOTTED_CHARS } from './lintLimits';

/** One imported name: `from M import N as A` or `import M [as A]`. */
export interface ImportedName {
  readonly statement: Node;
  readonly form: 'from' | 'import';
  /** The dotted path the name stands for (`M.N`, or `M` for `import M`). */
  readonly qualified: string;
  /** The name bound in the module (`A`, `N`, or the first segment of `M` for a plain import). */
  readonly local: string;
  readonly alias?: string;
  /** The `N` (from-import) or `M` (import) node. */
  readonly nameNode: Node;
  /** The whole item, with its `as A` if any. */
  readonly itemNode: Node;
  /** For from-imports: the module node and its text. */
  readonly moduleNode?: Node;
  readonly module?: string;
  /** All items of the statement (to know whether this one is alone). */
  readonly siblings: number;
}

/** Local name -> dotted path, from every import in the file (shadowing is not tracked). */
export interface ImportBindings {
  readonly names: readonly ImportedName[];
  readonly byLocal: ReadonlyMap<string, string>;
  /** Dotted paths imported with a plain `import a.b.c` (no alias). */
  readonly plainModules: ReadonlySet<string>;
}

export function bindImports(imports: readonly Node[], fromImports: readonly Node[]): ImportBindings {
  const names: ImportedName[] = [];
  const byLocal = new Map<string, string>();
  const plainModules = new Set<string>();
  const all = [...imports, ...fromImports].sort((a, b) => a.startIndex - b.startIndex);
  for (const stmt of all) {
    const parsed = parseImportText(stmt.text);
    if (parsed === null) continue;
    for (const item of parsed ?? itemsFromTree(stmt)) {
      const { qualified, local, alias, module } = item;
      // `import a.b.c` binds `a` (to the package `a`); `import a.b as m` binds `m` to `a.b`.
      const plain = !module && !alias;
      byLocal.set(local, plain ? local : qualified);
      if (plain) plainModules.add(qualified);
      names.push(lazyImportedName(stmt, item));
    }
  }
  return { names, byLocal, plainModules };
}

/** What an import item says, from the statement's text or its tree. */
interface ImportItem {
  readonly index: number;
  readonly siblings: number;
  readonly qualified: string;
  readonly local: string;
  readonly alias?: string;
  readonly module?: string;
}

const DOTTED_TEXT = /^[A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*$/;
const ITEM_TEXT = /^([A-Za-z_][A-Za-z0-9_]*(?:\s*\.\s*[A-Za-z_][A-Za-z0-9_]*)*)(?:\s+as\s+([A-Za-z_][A-Za-z0-9_]*))?$/;

/**
 * Items of an import statement read from its text (the common, plain-ASCII spelling): no nodes
 * are created for the thousands of imports no rule fires on. `null`: nothing to bind (relative or
 * star import); `undefined`: a spelling left to the tree (non-ASCII names, unusual layout).
 */
function parseImportText(raw: string): ImportItem[] | null | undefined {
  // Comments and line continuations are rare in imports: the replacements run only when present.
  const uncommented = raw.includes('#') ? raw.replace(/#[^\n]*/g, '') : raw;
  const text = (uncommented.includes('\\') ? uncommented.replace(/\\\r?\n/g, ' ') : uncommented).trim();
  let module: string | undefined;
  let list: string;
  const from = splitFromImport(text);
  if (from) {
    if (from[0].startsWith('.')) return null;
    if (!DOTTED_TEXT.test(from[0])) return undefined;
    module = from[0].replace(/\s+/g, '');
    list = from[1].trim();
    if (list === '*') return null;
    if (list.startsWith('(')) {
      if (!list.endsWith(')')) return undefined;
      list = list.slice(1, -1);
    }
  } else {
    const plain = /^import\s+([^]*)$/.exec(text);
    if (!plain) return undefined;
    list = plain[1]!;
  }
  const parts = list.split(',').map((p) => p.trim());
  if (parts[parts.length - 1] === '' && module) parts.pop();
  const items: ImportItem[] = [];
  for (const part of parts) {
    const m = ITEM_TEXT.exec(part);
    if (!m) return undefined;
    const name = m[1]!.replace(/\s+/g, '');
    const alias = m[2];
    const qualified = module ? `${module}.${name}` : name;
    const local = alias ?? (module ? name : name.split('.')[0]!);
    items.push({ index: items.length, siblings: parts.length, qualified, local, ...(alias ? { alias } : {}), ...(module ? { module } : {}) });
  }
  return items;
}

const FROM_START = /^from\s+(?=\S)/;
const IMPORT_WORD = /\simport\s/g;

/**
 * `from M import L` as [M, L] (what `^from\s+(\S[^]*?)\s+import\s+([^]*)$` matches), found
 * without that regex: its lazy module part retried `\s+import` at every space of a long run of
 * spaces, each time across the rest of the run.
 */
function splitFromImport(text: string): [string, string] | undefined {
  const start = FROM_START.exec(text);
  if (!start) return undefined;
  IMPORT_WORD.lastIndex = start[0].length + 1;
  const at = IMPORT_WORD.exec(text);
  if (!at) return undefined;
  return [text.slice(start[0].length, at.index + 1).trimEnd(), text.slice(at.index + 7)];
}

/** The same items read from the tree (for spellings the text reader leaves alone). */
function itemsFromTree(stmt: Node): ImportItem[] {
  const out: ImportItem[] = [];
  const items = stmt.childrenForFieldName('name').filter((n): n is Node => n !== null);
  let module: string | undefined;
  if (stmt.type === 'import_from_statement') {
    const moduleNode = stmt.childForFieldName('module_name');
    // Relative imports (`from . import x`) name the project's own modules, never Airflow's.
    if (!moduleNode || moduleNode.type !== 'dotted_name') return out;
    module = dotted(moduleNode);
  }
  items.forEach((item, index) => {
    const nameNode = item.type === 'aliased_import' ? item.childForFieldName('name') : item;
    const alias = item.type === 'aliased_import' ? item.childForFieldName('alias')?.text : undefined;
    if (!nameNode || (!module && nameNode.type !== 'dotted_name')) return;
    const name = dotted(nameNode);
    const qualified = module ? `${module}.${name}` : name;
    const local = alias ?? (module ? name : name.split('.')[0]!);
    out.push({ index, siblings: items.length, qualified, local, ...(alias ? { alias } : {}), ...(module ? { module } : {}) });
  });
  return out;
}

/** An ImportedName whose nodes are looked up only when a rule reports on it. */
function lazyImportedName(statement: Node, item: ImportItem): ImportedName {
  let itemNode: Node | undefined;
  const itemAt = () => (itemNode ??= statement.childrenForFieldName('name').filter((n): n is Node => n !== null)[item.index]!);
  return {
    statement,
    form: item.module ? 'from' : 'import',
    qualified: item.qualified,
    local: item.local,
    ...(item.alias ? { alias: item.alias } : {}),
    ...(item.module ? { module: item.module } : {}),
    siblings: item.siblings,
    get itemNode() {
      return itemAt();
    },
    get nameNode() {
      const node = itemAt();
      return node.type === 'aliased_import' ? node.childForFieldName('name')! : node;
    },
    get moduleNode() {
      return item.module ? (statement.childForFieldName('module_name') ?? undefined) : undefined;
    },
  };
}

/** The text of a dotted_name without whitespace or comments that Python allows inside it. */
export function dotted(node: Node): string {
  if (node.type !== 'dotted_name') return node.text;
  return node.namedChildren
    .filter((c): c is Node => c !== null && c.type === 'identifier')
    .map((c) => c.text)
    .join('.');
}

/**
 * The attribute nodes of a chain from the outermost inwards (`a.b.c`: `a.b.c`, `a.b`) and the
 * expression at its base (`a`), walked without recursion. Undefined past MAX_CHAIN_LINKS links:
 * such a chain is not resolved (no table row is that long, and an input can be millions long).
 */
export function attributeLinks(node: Node): { links: Node[]; base: Node } | undefined {
  const links: Node[] = [];
  let current: Node = node;
  while (current.type === 'attribute') {
    if (links.length >= MAX_CHAIN_LINKS) return undefined;
    links.push(current);
    const obj = current.childForFieldName('object');
    if (!obj) return undefined;
    current = obj;
  }
  return { links, base: current };
}

/**
 * The dotted path of every link of a chain, outermost first (`a.b.c` -> [`m.b.c`, `m.b`] when
 * `a` is bound to `m`), or undefined when its base is not an imported name. Built once from the
 * base outwards; a path past MAX_DOTTED_CHARS is left undefined (it names nothing in the tables).
 */
export function resolveLinks(links: readonly Node[], base: Node, bindings: ImportBindings): (string | undefined)[] | undefined {
  if (base.type !== 'identifier') return undefined;
  const root = bindings.byLocal.get(base.text);
  if (root === undefined) return undefined;
  const out: (string | undefined)[] = new Array<string | undefined>(links.length).fill(undefined);
  let path = root;
  for (let i = links.length - 1; i >= 0; i--) {
    const attr = links[i]!.childForFieldName('attribute');
    if (!attr) return undefined;
    // This link and the ones around it are too long to be a path of the tables.
    if (path.length + attr.endIndex - attr.startIndex >= MAX_DOTTED_CHARS) break;
    path = `${path}.${attr.text}`;
    out[i] = path;
  }
  return out;
}

/** The dotted path an expression (`m.C`, `C`) refers to through the imports, if any. */
export function resolveExpression(node: Node, bindings: ImportBindings): string | undefined {
  if (node.type === 'identifier') return bindings.byLocal.get(node.text);
  if (node.type !== 'attribute') return undefined;
  const chain = attributeLinks(node);
  return chain ? resolveLinks(chain.links, chain.base, bindings)?.[0] : undefined;
}
