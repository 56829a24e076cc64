/**
 * Tasks in the order a person reads a DAG (upstream before downstream, ties in the order Airflow
 * listed them) and nested in their task groups: the rows of the grid and the nesting of the graph.
 * A collapsed group hides what is inside it; edges to hidden tasks go to the group instead.
 */
import type { ViewGroup, ViewTask } from './viewTypes';

/** Task ids upstream-first (Kahn's algorithm, stable); tasks on a cycle follow in list order. */
export function topologicalOrder(tasks: readonly ViewTask[]): string[] {
  const index = new Map(tasks.map((t, i) => [t.id, i]));
  const indegree = new Map(tasks.map((t) => [t.id, 0]));
  for (const t of tasks) for (const d of t.downstream) if (indegree.has(d)) indegree.set(d, indegree.get(d)! + 1);
  const ready = tasks.filter((t) => indegree.get(t.id) === 0).map((t) => t.id);
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const out: string[] = [];
  const done = new Set<string>();
  while (ready.length) {
    // The earliest listed of the ready tasks: a small heap is not worth it at 2,000 tasks.
    let best = 0;
    for (let i = 1; i < ready.length; i++) if (index.get(ready[i]!)! < index.get(ready[best]!)!) best = i;
    const id = ready.splice(best, 1)[0]!;
    out.push(id);
    done.add(id);
    for (const d of byId.get(id)!.downstream) {
      if (!indegree.has(d)) continue;
      const n = indegree.get(d)! - 1;
      indegree.set(d, n);
      if (n === 0) ready.push(d);
    }
  }
  for (const t of tasks) if (!done.has(t.id)) out.push(t.id);
  return out;
}

/** The chain of groups holding a task or group, outermost first. */
export function ancestors(groupId: string | undefined, parents: ReadonlyMap<string, string | undefined>): string[] {
  const chain: string[] = [];
  const seen = new Set<string>();
  for (let g = groupId; g !== undefined && !seen.has(g) && chain.length < 100; g = parents.get(g)) {
    seen.add(g);
    chain.unshift(g);
  }
  return chain;
}

export function groupParents(groups: readonly ViewGroup[]): Map<string, string | undefined> {
  return new Map(groups.map((g) => [g.id, g.parent]));
}

/** The node a task is drawn as: itself, or the outermost collapsed group around it. */
export function visibleNodeOf(task: ViewTask, parents: ReadonlyMap<string, string | undefined>, collapsed: ReadonlySet<string>): { kind: 'task' | 'group'; id: string } {
  const hidden = ancestors(task.group, parents).find((g) => collapsed.has(g));
  return hidden !== undefined ? { kind: 'group', id: hidden } : { kind: 'task', id: task.id };
}

export interface TreeRow {
  readonly kind: 'group' | 'task';
  readonly id: string;
  readonly label: string;
  /** Nesting depth (0: top level). */
  readonly depth: number;
  readonly collapsed?: boolean;
  /** For a group: every task inside it, nested groups included. */
  readonly members?: readonly string[];
}

interface Node {
  readonly kind: 'group' | 'task';
  readonly id: string;
  readonly label: string;
  readonly children: Node[];
  first: number;
}

/** The grid's rows: groups and tasks nested, in reading order; a collapsed group's inside left out. */
export function treeRows(tasks: readonly ViewTask[], groups: readonly ViewGroup[], collapsed: ReadonlySet<string>): TreeRow[] {
  const order = new Map(topologicalOrder(tasks).map((id, i) => [id, i]));
  const root: Node = { kind: 'group', id: '', label: '', children: [], first: Infinity };
  const groupNodes = new Map<string, Node>(groups.map((g) => [g.id, { kind: 'group', id: g.id, label: g.label, children: [], first: Infinity }]));
  const parents = groupParents(groups);
  for (const g of groups) (groupNodes.get(g.parent ?? '') ?? root).children.push(groupNodes.get(g.id)!);
  for (const t of tasks) {
    const node: Node = { kind: 'task', id: t.id, label: t.label, children: [], first: order.get(t.id) ?? Infinity };
    const chain = ancestors(t.group, parents);
    for (const g of chain) groupNodes.get(g)!.first = Math.min(groupNodes.get(g)!.first, node.first);
    (t.group !== undefined ? groupNodes.get(t.group) ?? root : root).children.push(node);
  }
  const members = membersOf(root);
  const rows: TreeRow[] = [];
  const walk = (node: Node, depth: number) => {
    const kids = [...node.children].sort((a, b) => a.first - b.first);
    for (const k of kids) {
      if (k.kind === 'task') {
        rows.push({ kind: 'task', id: k.id, label: k.label, depth });
        continue;
      }
      if (!members.get(k.id)?.length) continue; // a group with no task shows nothing
      const isCollapsed = collapsed.has(k.id);
      rows.push({ kind: 'group', id: k.id, label: k.label, depth, collapsed: isCollapsed, members: members.get(k.id) });
      if (!isCollapsed) walk(k, depth + 1);
    }
  };
  walk(root, 0);
  return rows;
}

function membersOf(root: Node): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (node: Node): string[] => {
    const ids: string[] = [];
    for (const k of node.children) {
      if (k.kind === 'task') ids.push(k.id);
      else ids.push(...walk(k));
    }
    if (node.kind === 'group') out.set(node.id, ids);
    return ids;
  };
  walk(root);
  return out;
}
