import type { Node } from 'web-tree-sitter';
import type { TextEdit } from '../types';
import type { ImportedName } from './importBindings';
import { nodeRange, type LintContext } from './lintContext';
import { findNameUses } from './syntaxWalk';

const IDENT_PATH = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/**
 * Edits that make `from M import N [as A]` import `newPath` instead. A lone item rewrites the
 * statement; an item among others is removed and a new statement is added below. When the class
 * is renamed (DummyOperator -> EmptyOperator) and not aliased, its uses are renamed too.
 */
export function rewriteFromImport(ctx: LintContext, imp: ImportedName, newPath: string): TextEdit[] | undefined {
  if (!IDENT_PATH.test(newPath) || !newPath.includes('.')) return undefined;
  const cut = newPath.lastIndexOf('.');
  const newModule = newPath.slice(0, cut);
  const newName = newPath.slice(cut + 1);
  const oldName = imp.nameNode.text;
  const aliasText = imp.alias ? ` as ${imp.alias}` : '';
  const statementText = `from ${newModule} import ${newName}${aliasText}`;
  const edits: TextEdit[] = [];
  if (imp.siblings === 1) {
    edits.push({ range: nodeRange(ctx, imp.statement), newText: statementText });
  } else {
    edits.push({ range: itemDeletionRange(ctx, imp.itemNode), newText: '' });
    const end = ctx.index.positionAt(imp.statement.endIndex);
    const indent = /^\s*/.exec(ctx.index.lineText(ctx.index.positionAt(imp.statement.startIndex).line))![0];
    edits.push({ range: { start: end, end }, newText: `\n${indent}${statementText}` });
  }
  if (!imp.alias && newName !== oldName) {
    for (const use of findNameUses(ctx.tree, ctx.index.text, imp.local)) edits.push({ range: nodeRange(ctx, use), newText: newName });
  }
  return edits;
}

/** `import M [as A]` -> `import NEW [as A]`; without an alias, `M.x` uses become `NEW.x`. */
export function rewritePlainImport(ctx: LintContext, imp: ImportedName, newModule: string): TextEdit[] | undefined {
  if (!IDENT_PATH.test(newModule)) return undefined;
  const edits: TextEdit[] = [{ range: nodeRange(ctx, imp.nameNode), newText: newModule }];
  if (!imp.alias) {
    for (const chain of ctx.syntax.attributeChains) {
      const prefix = prefixSpelling(chain, imp.qualified);
      if (prefix) edits.push({ range: nodeRange(ctx, prefix), newText: newModule });
    }
  }
  return edits;
}

/** The sub-node of an attribute chain spelled exactly `dottedPath` (`a.b` inside `a.b.C.x`). */
function prefixSpelling(chain: Node, dottedPath: string): Node | undefined {
  let node: Node | null = chain;
  while (node && node.type === 'attribute') {
    if (node.text.replace(/\s+/g, '') === dottedPath) return node;
    node = node.childForFieldName('object');
  }
  return undefined;
}

/** The item plus the comma joining it to its neighbour, so the list stays well-formed. */
function itemDeletionRange(ctx: LintContext, item: Node) {
  const next = item.nextNamedSibling;
  if (next && next.type !== 'comment') return ctx.index.range(item.startIndex, next.startIndex);
  const prev = item.previousNamedSibling;
  const moduleEnd = item.parent?.childForFieldName('module_name')?.endIndex ?? -1;
  if (prev && prev.type !== 'comment' && prev.startIndex > moduleEnd) return ctx.index.range(prev.endIndex, item.endIndex);
  return ctx.index.range(item.startIndex, item.endIndex);
}
