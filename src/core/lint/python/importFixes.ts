import type { Node } from 'web-tree-sitter';
import type { TextEdit } from '../types';
import type { ImportedName } from './importBindings';
import { nodeRange, type LintContext } from './lintContext';
import { MAX_CHAIN_LINKS, MAX_RENAME_USES } from './lintLimits';
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
    const uses = renameEdits(ctx, imp.local, newName);
    if (!uses) return undefined;
    for (const e of uses) edits.push(e);
  }
  return edits;
}

const renames = new WeakMap<LintContext, Map<string, readonly TextEdit[] | null>>();

/**
 * Edits renaming every use of `local` to `newName`, found once per lint and shared by every fix
 * that needs them (a file may import the same name many times). Null past MAX_RENAME_USES uses.
 */
function renameEdits(ctx: LintContext, local: string, newName: string): readonly TextEdit[] | null {
  return remembered(ctx, `name\n${local}\n${newName}`, () => {
    const uses = findNameUses(ctx.tree, ctx.index.text, local, ctx.syntax.deep, MAX_RENAME_USES);
    return uses ? uses.map((use) => ({ range: nodeRange(ctx, use), newText: newName })) : null;
  });
}

/** Edits of this lint by key: computed on first use. */
function remembered(ctx: LintContext, key: string, compute: () => readonly TextEdit[] | null): readonly TextEdit[] | null {
  let known = renames.get(ctx);
  if (!known) renames.set(ctx, (known = new Map()));
  let edits = known.get(key);
  if (edits === undefined) known.set(key, (edits = compute()));
  return edits;
}

/** `import M [as A]` -> `import NEW [as A]`; without an alias, `M.x` uses become `NEW.x`. */
export function rewritePlainImport(ctx: LintContext, imp: ImportedName, newModule: string): TextEdit[] | undefined {
  if (!IDENT_PATH.test(newModule)) return undefined;
  const edits: TextEdit[] = [{ range: nodeRange(ctx, imp.nameNode), newText: newModule }];
  if (!imp.alias) {
    // Shared by every import of the same module (each would otherwise walk every chain again).
    const uses = remembered(ctx, `module\n${imp.qualified}\n${newModule}`, () => {
      const found: TextEdit[] = [];
      for (const chain of ctx.syntax.attributeChains) {
        const prefix = prefixSpelling(chain, imp.qualified);
        if (!prefix) continue;
        if (found.length >= MAX_RENAME_USES) return null;
        found.push({ range: nodeRange(ctx, prefix), newText: newModule });
      }
      return found;
    });
    if (!uses) return undefined;
    for (const e of uses) edits.push(e);
  }
  return edits;
}

/** The sub-node of an attribute chain spelled exactly `dottedPath` (`a.b` inside `a.b.C.x`). */
function prefixSpelling(chain: Node, dottedPath: string): Node | undefined {
  let node: Node | null = chain;
  for (let links = 0; node && node.type === 'attribute' && links < MAX_CHAIN_LINKS; links++) {
    if (node.text.replace(/\s+/g, '') === dottedPath) return node;
    node = node.childForFieldName('object');
  }
  return undefined;
}

/**
 * Edits deleting `from M import N [as A]`: the item among others, else the whole statement (its
 * lines when nothing else is on them; `pass` when it is the only statement of a block).
 */
export function removeFromImport(ctx: LintContext, imp: ImportedName): TextEdit[] {
  if (imp.siblings > 1) return [{ range: itemDeletionRange(ctx, imp.itemNode), newText: '' }];
  const stmt = imp.statement;
  const block = stmt.parent;
  if (block?.type === 'block' && block.namedChildren.filter((c) => c?.type !== 'comment').length === 1) {
    return [{ range: nodeRange(ctx, stmt), newText: 'pass' }];
  }
  return [wholeLinesEdit(ctx, stmt) ?? { range: nodeRange(ctx, stmt), newText: '' }];
}

/** An edit deleting the lines `node` spans when nothing but blanks and a comment shares them. */
export function wholeLinesEdit(ctx: LintContext, node: Node): TextEdit | undefined {
  const text = ctx.index.text;
  const start = ctx.index.positionAt(node.startIndex);
  const end = ctx.index.positionAt(node.endIndex);
  const before = ctx.index.lineText(start.line).slice(0, start.character);
  const after = ctx.index.lineText(end.line).slice(end.character);
  if (!/^[ \t]*$/.test(before) || !/^[ \t]*(#.*)?$/.test(after)) return undefined;
  const from = ctx.index.offsetAt({ line: start.line, character: 0 });
  const next = end.line + 1 < ctx.index.lineCount ? ctx.index.offsetAt({ line: end.line + 1, character: 0 }) : text.length;
  return { range: ctx.index.range(from, next), newText: '' };
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
