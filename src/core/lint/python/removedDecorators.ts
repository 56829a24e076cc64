import type { Node } from 'web-tree-sitter';
import type { Fix, TextEdit } from '../types';
import type { ImportedName } from './importBindings';
import { removeFromImport, wholeLinesEdit } from './importFixes';
import type { LintContext } from './lintContext';
import { MAX_RENAME_USES } from './lintLimits';
import { findNameUses } from './syntaxWalk';
import { parentOf } from './treeParents';

/**
 * Quick fixes for a decorator Airflow removed with nothing in its place (`@apply_defaults`:
 * BaseOperator applies defaults itself since Airflow 2.1): delete every `@name` line and the import.
 * Offered only when the name is used, every use is such a decorator line (anything else would
 * break) and the import has no alias: the incremental linter recomputes a fix that edits several
 * places when a statement mentions the imported name, which must then be the name used.
 */
export function removeDecoratorAndImport(ctx: LintContext, imp: ImportedName, label: string): Fix | undefined {
  if (imp.alias) return undefined;
  const uses = findNameUses(ctx.tree, ctx.index.text, imp.local, ctx.syntax.deep, MAX_RENAME_USES);
  if (!uses || uses.length === 0) return undefined;
  const edits: TextEdit[] = [];
  for (const use of uses) {
    const edit = decoratorLineEdit(ctx, use);
    if (!edit) return undefined;
    edits.push(edit);
  }
  for (const e of removeFromImport(ctx, imp)) edits.push(e);
  return { kind: 'replaceName', title: `Remove @${imp.local} and its import (${label})`, edits };
}

/** The same for one use spelled through a module (`@decorators.apply_defaults`): that line only. */
export function removeDecoratorUse(ctx: LintContext, chain: Node, label: string): Fix | undefined {
  const edit = decoratorLineEdit(ctx, chain);
  return edit ? { kind: 'replaceName', title: `Remove @${chain.text} (${label})`, edits: [edit] } : undefined;
}

/** Is `node` the whole expression of a decorator (`@node`, not `@node(...)` or `@x(node)`)? */
export function isDecoratorExpression(node: Node): boolean {
  return parentOf(node)?.type === 'decorator';
}

function decoratorLineEdit(ctx: LintContext, node: Node): TextEdit | undefined {
  const decorator = parentOf(node);
  if (decorator?.type !== 'decorator') return undefined;
  return wholeLinesEdit(ctx, decorator);
}
