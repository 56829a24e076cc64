/**
 * The graph tab's input to the layout library (elkjs, layered, left to right) and its output read
 * back as absolute boxes and polylines. Expanded groups are compound nodes around their tasks; a
 * collapsed group is one node, and edges to what it hides end at it (once, however many).
 */
import { ancestors, groupParents, visibleNodeOf } from './taskTree';
import type { ViewGroup, ViewTask } from './viewTypes';

/** The part of elkjs's graph format used here (structurally compatible with ElkNode). */
export interface LayoutNode {
  id: string;
  width?: number;
  height?: number;
  x?: number;
  y?: number;
  layoutOptions?: Record<string, string>;
  children?: LayoutNode[];
  edges?: LayoutEdge[];
}

export interface LayoutEdge {
  id: string;
  sources: string[];
  targets: string[];
  container?: string;
  sections?: { startPoint: Point; endPoint: Point; bendPoints?: Point[] }[];
}

export interface Point {
  x: number;
  y: number;
}

export const NODE_HEIGHT = 34;
const GROUP_HEADER = 26;

export const ROOT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
  'elk.layered.spacing.nodeNodeBetweenLayers': '48',
  'elk.spacing.nodeNode': '14',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.edgeRouting': 'ORTHOGONAL',
};

/** Node ids in the layout: tasks and groups may share an id in Airflow's eyes, not here. */
export const nodeId = {
  task: (id: string) => `t:${id}`,
  group: (id: string) => `g:${id}`,
};

/** Width of a node for its label (the webview measures text; the default estimates). */
export type Measure = (label: string, kind: 'task' | 'group') => number;
export const estimateWidth: Measure = (label, kind) => Math.min(280, Math.max(90, label.length * 7.2 + (kind === 'group' ? 64 : 44)));

/** elkjs's input for the tasks and groups, with the given groups collapsed. */
export function layoutInput(tasks: readonly ViewTask[], groups: readonly ViewGroup[], collapsed: ReadonlySet<string>, measure: Measure = estimateWidth): LayoutNode {
  const parents = groupParents(groups);
  const root: LayoutNode = { id: 'root', layoutOptions: ROOT_OPTIONS, children: [], edges: [] };
  const groupNodes = new Map<string, LayoutNode>();
  const label = new Map(groups.map((g) => [g.id, g.label]));
  /** The layout node a task or group is placed in (creating expanded groups on the way). */
  const containerOf = (groupId: string | undefined): LayoutNode => {
    let into = root;
    for (const g of ancestors(groupId, parents)) {
      let node = groupNodes.get(g);
      if (!node) {
        node = { id: nodeId.group(g), layoutOptions: { 'elk.padding': `[top=${GROUP_HEADER + 8},left=12,bottom=12,right=12]` }, children: [] };
        groupNodes.set(g, node);
        into.children!.push(node);
      }
      into = node;
    }
    return into;
  };
  const placed = new Set<string>();
  for (const t of tasks) {
    const v = visibleNodeOf(t, parents, collapsed);
    if (placed.has(`${v.kind}:${v.id}`)) continue;
    placed.add(`${v.kind}:${v.id}`);
    if (v.kind === 'task') {
      containerOf(t.group).children!.push({ id: nodeId.task(t.id), width: measure(t.label, 'task'), height: NODE_HEIGHT });
    } else {
      containerOf(parents.get(v.id)).children!.push({ id: nodeId.group(v.id), width: measure(label.get(v.id) ?? v.id, 'group'), height: NODE_HEIGHT });
    }
  }
  root.edges = visibleEdges(tasks, parents, collapsed).map(([from, to], i) => ({ id: `e${i}`, sources: [from], targets: [to] }));
  return root;
}

/** Edges between drawn nodes: each task edge moved to the collapsed groups hiding its ends, deduplicated. */
export function visibleEdges(tasks: readonly ViewTask[], parents: ReadonlyMap<string, string | undefined>, collapsed: ReadonlySet<string>): Array<[string, string]> {
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const drawn = (t: ViewTask) => {
    const v = visibleNodeOf(t, parents, collapsed);
    return v.kind === 'task' ? nodeId.task(v.id) : nodeId.group(v.id);
  };
  const out: Array<[string, string]> = [];
  const seen = new Set<string>();
  for (const t of tasks) {
    const from = drawn(t);
    for (const d of t.downstream) {
      const target = byId.get(d);
      if (!target) continue;
      const to = drawn(target);
      const key = `${from}\u0000${to}`;
      if (from === to || seen.has(key)) continue;
      seen.add(key);
      out.push([from, to]);
    }
  }
  return out;
}

export interface Box {
  readonly id: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
  /** Compound (an expanded group) or leaf. */
  readonly compound: boolean;
}

export interface PlacedEdge {
  readonly from: string;
  readonly to: string;
  readonly points: readonly Point[];
}

export interface Placed {
  readonly width: number;
  readonly height: number;
  /** Outer boxes before the boxes inside them. */
  readonly boxes: readonly Box[];
  readonly edges: readonly PlacedEdge[];
}

/** elkjs's result as absolute coordinates (its edges are relative to their container node). */
export function placeLayout(result: LayoutNode): Placed {
  const boxes: Box[] = [];
  const origin = new Map<string, Point>([[result.id, { x: 0, y: 0 }]]);
  const walk = (node: LayoutNode, ox: number, oy: number) => {
    for (const c of node.children ?? []) {
      const x = ox + (c.x ?? 0);
      const y = oy + (c.y ?? 0);
      origin.set(c.id, { x, y });
      boxes.push({ id: c.id, x, y, width: c.width ?? 0, height: c.height ?? 0, compound: !!c.children?.length });
      walk(c, x, y);
    }
  };
  walk(result, 0, 0);
  const edges: PlacedEdge[] = [];
  const collect = (node: LayoutNode) => {
    for (const e of node.edges ?? []) {
      const o = origin.get(e.container ?? node.id) ?? { x: 0, y: 0 };
      const s = e.sections?.[0];
      if (!s) continue;
      const points = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => ({ x: p.x + o.x, y: p.y + o.y }));
      edges.push({ from: e.sources[0]!, to: e.targets[0]!, points });
    }
    for (const c of node.children ?? []) collect(c);
  };
  collect(result);
  return { width: result.width ?? 0, height: result.height ?? 0, boxes, edges };
}
