import type { Node, Tree } from 'web-tree-sitter';

/**
 * A node's parent, remembered per tree. tree-sitter finds a parent by descending from the root,
 * so each `node.parent` costs the node's depth; rules that climb from many nodes to an enclosing
 * function or statement would pay depth² per node. Remembered, each ancestor is looked up once.
 */
const parents = new WeakMap<Tree, Map<number, Node | null>>();

export function parentOf(node: Node): Node | null {
  let known = parents.get(node.tree);
  if (!known) {
    known = new Map();
    parents.set(node.tree, known);
  }
  const hit = known.get(node.id);
  if (hit !== undefined) return hit;
  const parent = node.parent;
  known.set(node.id, parent);
  return parent;
}

/** The nearest ancestor of `node` (not itself) whose type is in `types`, climbing at most `maxUp` levels. */
export function ancestorOfType(node: Node, types: ReadonlySet<string>, maxUp = Infinity): Node | null {
  let p = parentOf(node);
  for (let i = 1; p && i <= maxUp; i++, p = parentOf(p)) if (types.has(p.type)) return p;
  return null;
}
