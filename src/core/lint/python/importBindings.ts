import type { Node } from 'web-tree-sitter';

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
    if (stmt.type === 'import_statement') {
      const items = stmt.childrenForFieldName('name').filter((n): n is Node => n !== null);
      for (const item of items) {
        const nameNode = item.type === 'aliased_import' ? item.childForFieldName('name') : item;
        const aliasNode = item.type === 'aliased_import' ? item.childForFieldName('alias') : null;
        if (!nameNode || nameNode.type !== 'dotted_name') continue;
        const qualified = dotted(nameNode);
        if (aliasNode) {
          byLocal.set(aliasNode.text, qualified);
          names.push({ statement: stmt, form: 'import', qualified, local: aliasNode.text, alias: aliasNode.text, nameNode, itemNode: item, siblings: items.length });
        } else {
          const first = qualified.split('.')[0]!;
          byLocal.set(first, first);
          plainModules.add(qualified);
          names.push({ statement: stmt, form: 'import', qualified, local: first, nameNode, itemNode: item, siblings: items.length });
        }
      }
      continue;
    }
    const moduleNode = stmt.childForFieldName('module_name');
    // Relative imports (`from . import x`) name the project's own modules, never Airflow's.
    if (!moduleNode || moduleNode.type !== 'dotted_name') continue;
    const module = dotted(moduleNode);
    const items = stmt.childrenForFieldName('name').filter((n): n is Node => n !== null);
    for (const item of items) {
      const nameNode = item.type === 'aliased_import' ? item.childForFieldName('name') : item;
      const aliasNode = item.type === 'aliased_import' ? item.childForFieldName('alias') : null;
      if (!nameNode) continue;
      const name = dotted(nameNode);
      const qualified = `${module}.${name}`;
      const local = aliasNode ? aliasNode.text : name;
      byLocal.set(local, qualified);
      names.push({
        statement: stmt,
        form: 'from',
        qualified,
        local,
        ...(aliasNode ? { alias: aliasNode.text } : {}),
        nameNode,
        itemNode: item,
        moduleNode,
        module,
        siblings: items.length,
      });
    }
  }
  return { names, byLocal, plainModules };
}

/** The text of a dotted_name without whitespace or comments that Python allows inside it. */
export function dotted(node: Node): string {
  if (node.type !== 'dotted_name') return node.text;
  return node.namedChildren
    .filter((c): c is Node => c !== null && c.type === 'identifier')
    .map((c) => c.text)
    .join('.');
}

/** The dotted path an expression (`m.C`, `C`) refers to through the imports, if any. */
export function resolveExpression(node: Node, bindings: ImportBindings): string | undefined {
  if (node.type === 'identifier') return bindings.byLocal.get(node.text);
  if (node.type === 'attribute') {
    const obj = node.childForFieldName('object');
    const attr = node.childForFieldName('attribute');
    if (!obj || !attr) return undefined;
    const base = resolveExpression(obj, bindings);
    return base === undefined ? undefined : `${base}.${attr.text}`;
  }
  return undefined;
}
