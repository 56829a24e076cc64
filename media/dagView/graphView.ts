/**
 * The Graph tab: tasks and dependencies in an SVG, as elkjs laid them out (layered, left to right;
 * on the extension's worker thread, which sends the boxes and edges), task groups as boxes that
 * collapse to one node, each node coloured by its state in the selected run. Arrow keys move
 * between nodes, Enter opens the task's definition, the context menu key its menu.
 */
import { stateColor, stateLabel, summaryState } from '../../src/core/dagView/cellText';
import { nodeId, type Box, type Placed } from '../../src/core/dagView/graphModel';
import type { LayoutReply } from '../../src/core/dagView/messages';
import { neighbour, type Direction } from '../../src/core/dagView/graphNavigation';
import { ancestors, groupParents, treeRows } from '../../src/core/dagView/taskTree';
import { collapsedKey } from '../../src/core/dagView/viewTypes';
import { css, h, s } from './dom';
import type { ViewStore } from './viewStore';

export interface GraphEvents {
  open(taskId: string): void;
  menu(taskId: string, x: number, y: number): void;
  toggle(groupId: string): void;
  focus(taskId: string): void;
  /** Asks the extension for the layout of these collapsed groups. */
  requestLayout(collapsed: string[]): void;
}

const MAX_LABEL = 34;

/** The layout drawn last, kept with the webview's state. */
export interface SavedLayout {
  readonly structureKey: string;
  readonly collapsed: string;
  readonly placed: Placed;
}

export class GraphView {
  readonly root = h('div', { class: 'graph', role: 'application', 'aria-label': 'DAG graph: arrow keys move between tasks, Enter opens the definition' });
  private placed: Placed | undefined;
  /** Layouts of the current structure, by collapsed groups. */
  private readonly layouts = new Map<string, Placed>();
  private structure = '';
  private asked = new Set<string>();
  private nodes = new Map<string, SVGGElement>();
  private zoom = 1;
  private fittedFor = '';
  private svg: SVGSVGElement | undefined;

  constructor(private readonly store: ViewStore, private readonly events: GraphEvents) {
    this.root.addEventListener('keydown', (e) => this.onKey(e));
  }

  /** The layout drawn, for the saved state: a shown-again panel draws at once from it. */
  get saved(): SavedLayout | undefined {
    const key = collapsedKey(this.store.collapsed);
    const placed = this.layouts.get(key);
    return placed ? { structureKey: this.structure, collapsed: key, placed } : undefined;
  }

  set saved(s: SavedLayout | undefined) {
    if (!s) return;
    this.structure = s.structureKey;
    this.layouts.set(s.collapsed, s.placed);
  }

  /** A layout from the extension (asked for, or sent with the view). */
  receive(reply: LayoutReply): void {
    if (reply.structureKey !== this.store.data?.structureKey) return;
    const key = collapsedKey(reply.collapsed);
    this.asked.delete(key);
    if (reply.placed) this.layouts.set(key, reply.placed);
    else this.root.replaceChildren(h('p', { class: 'empty' }, `The graph could not be laid out: ${reply.error ?? 'no layout'}`));
  }

  /** Draws with the layout of the current groups, or asks for it (and draws when it comes). */
  render(): boolean {
    const data = this.store.data;
    if (!data) return false;
    if (data.structureKey !== this.structure) {
      this.layouts.clear();
      this.asked.clear();
      this.structure = data.structureKey;
    }
    if (!data.tasks.length) {
      this.root.replaceChildren(h('p', { class: 'empty' }, 'No tasks to show.'));
      return true;
    }
    const key = collapsedKey(this.store.collapsed);
    const placed = this.layouts.get(key);
    if (!placed) {
      if (!this.asked.has(key)) {
        this.asked.add(key);
        this.events.requestLayout([...this.store.collapsed].sort());
      }
      if (!this.placed) this.root.replaceChildren(h('p', { class: 'empty' }, 'Laying out the graph…'));
      return false;
    }
    this.placed = placed;
    this.draw(placed);
    return true;
  }

  private draw(placed: Placed): void {
    const data = this.store.data!;
    const labels = new Map<string, string>([...data.tasks.map((t) => [nodeId.task(t.id), t.label] as const), ...data.groups.map((g) => [nodeId.group(g.id), g.label] as const)]);
    const ops = new Map(data.tasks.map((t) => [nodeId.task(t.id), t.operator ?? '']));
    const svg = s('svg', { class: 'graph-svg', role: 'group', 'aria-label': `${data.dagId}: ${data.tasks.length} tasks` });
    svg.append(s('defs', {}, s('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, s('path', { d: 'M 0 0 L 10 5 L 0 10 z', class: 'arrow' }))));
    const edges = s('g', { class: 'edges' });
    for (const e of placed.edges) edges.append(s('polyline', { points: e.points.map((p) => `${p.x},${p.y}`).join(' '), 'marker-end': 'url(#arrow)', 'data-from': e.from, 'data-to': e.to }));
    this.nodes = new Map();
    const groupsLayer = s('g', { class: 'groups' });
    const nodesLayer = s('g', { class: 'nodes' });
    for (const b of placed.boxes) {
      if (b.compound) groupsLayer.append(this.groupBox(b, labels.get(b.id) ?? b.id));
      else nodesLayer.append(this.node(b, labels.get(b.id) ?? b.id, ops.get(b.id) ?? ''));
    }
    svg.append(groupsLayer, edges, nodesLayer);
    this.svg = svg;
    // A new graph starts fitted to the width (never below half size: labels stay readable).
    if (this.fittedFor !== this.structure) {
      this.fittedFor = this.structure;
      this.zoom = Math.max(0.5, Math.min(1, (this.root.clientWidth || 800) / Math.max(1, placed.width + 16)));
    }
    this.applyZoom(placed);
    this.root.replaceChildren(svg);
    this.recolour();
    const focus = this.store.task ? this.nodes.get(this.visibleOf(this.store.task)) : undefined;
    focus?.setAttribute('tabindex', '0');
    if (!focus) this.nodes.values().next().value?.setAttribute('tabindex', '0');
  }

  private groupBox(b: Box, label: string): SVGGElement {
    const id = b.id.slice(2);
    const g = s('g', { class: 'group', transform: `translate(${b.x},${b.y})` });
    const head = s('g', { class: 'group-head', role: 'button', tabindex: -1, 'aria-expanded': 'true', 'aria-label': `task group ${label}, expanded` });
    head.append(s('rect', { width: b.width, height: 24, rx: 4 }), s('text', { x: 10, y: 16 }, `▾ ${clip(label)}`));
    head.addEventListener('click', () => this.events.toggle(id));
    head.addEventListener('keydown', (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), this.events.toggle(id)));
    g.append(s('rect', { class: 'group-box', width: b.width, height: b.height, rx: 6 }), head);
    return g;
  }

  private node(b: Box, label: string, op: string): SVGGElement {
    const isGroup = b.id.startsWith('g:');
    const g = s('g', { class: isGroup ? 'node collapsed' : 'node', transform: `translate(${b.x},${b.y})`, tabindex: -1, role: 'button', 'data-node': b.id });
    const text = isGroup ? `▸ ${clip(label)}` : clip(label);
    g.append(
      s('title', {}, b.id.slice(2)),
      s('rect', { class: 'box', width: b.width, height: b.height, rx: 5 }),
      s('rect', { class: 'bar', width: 5, height: b.height, rx: 2 }),
      s('text', { class: 'label', x: 14, y: 15 }, text),
      s('text', { class: 'sub', x: 14, y: 28 }, ''),
    );
    if (!isGroup && op) g.dataset.op = op;
    g.addEventListener('click', () => this.activate(b.id));
    g.addEventListener('contextmenu', (e) => {
      e.preventDefault();
      if (!isGroup) this.events.menu(b.id.slice(2), e.clientX, e.clientY);
    });
    g.addEventListener('focus', () => !isGroup && this.events.focus(b.id.slice(2)));
    this.nodes.set(b.id, g);
    return g;
  }

  private activate(id: string): void {
    if (id.startsWith('g:')) this.events.toggle(id.slice(2));
    else this.events.open(id.slice(2));
  }

  /** Colours every node for the selected run (or only the given tasks' nodes). */
  recolour(taskIds?: readonly string[]): void {
    const data = this.store.data;
    if (!data) return;
    const members = new Map<string, string[]>();
    for (const r of treeRows(data.tasks, data.groups, this.store.collapsed)) if (r.kind === 'group' && r.collapsed) members.set(nodeId.group(r.id), [...(r.members ?? [])]);
    const targets = taskIds ? new Set(taskIds.map((t) => this.visibleOf(t))) : new Set(this.nodes.keys());
    for (const id of targets) {
      const g = this.nodes.get(id);
      if (!g) continue;
      const tasks = id.startsWith('g:') ? members.get(id) ?? [] : [id.slice(2)];
      const state = id.startsWith('g:') ? summaryState(tasks.map((t) => this.store.cell(this.store.run, t)?.state)) : this.store.cell(this.store.run, tasks[0]!)?.state;
      const cell = id.startsWith('t:') ? this.store.cell(this.store.run, tasks[0]!) : undefined;
      css(g, '--state', stateColor(state));
      g.classList.toggle('has-state', !!state);
      const sub = g.querySelector('text.sub');
      const tries = cell && cell.tryNumber > 1 ? ` · try ${cell.tryNumber}` : '';
      const mapped = cell?.mapped ? ` · ${cell.mapped}×` : '';
      const what = id.startsWith('g:') ? `${tasks.length} tasks` : g.dataset.op ?? '';
      if (sub) sub.textContent = clip(`${state ? stateLabel(state) : what}${tries}${mapped}`);
      g.setAttribute('aria-label', `${id.startsWith('g:') ? 'collapsed task group' : 'task'} ${id.slice(2)}: ${state ? stateLabel(state) : 'no status'}${tries}`);
    }
  }

  /** The node a task is drawn as (itself, or the collapsed group hiding it). */
  private visibleOf(taskId: string): string {
    const data = this.store.data;
    const t = this.store.tasks.get(taskId);
    if (!data || !t) return nodeId.task(taskId);
    const hidden = ancestors(t.group, groupParents(data.groups)).find((g) => this.store.collapsed.has(g));
    return hidden !== undefined ? nodeId.group(hidden) : nodeId.task(taskId);
  }

  /** Moves keyboard focus to a task's node and scrolls it into view. */
  focusTask(taskId: string): void {
    const g = this.nodes.get(this.visibleOf(taskId));
    if (!g) return;
    for (const n of this.nodes.values()) n.setAttribute('tabindex', '-1');
    g.setAttribute('tabindex', '0');
    g.classList.add('selected');
    g.focus();
    g.scrollIntoView?.({ block: 'center', inline: 'center' });
  }

  setZoom(z: number | 'fit'): void {
    if (!this.placed) return;
    this.zoom = z === 'fit' ? Math.min(1, (this.root.clientWidth - 8) / Math.max(1, this.placed.width), (this.root.clientHeight - 8) / Math.max(1, this.placed.height)) : Math.min(2, Math.max(0.2, z));
    this.applyZoom(this.placed);
  }

  get zoomLevel(): number {
    return this.zoom;
  }

  private applyZoom(placed: Placed): void {
    this.svg?.setAttribute('width', String(Math.ceil(placed.width * this.zoom)));
    this.svg?.setAttribute('height', String(Math.ceil(placed.height * this.zoom)));
    this.svg?.setAttribute('viewBox', `0 0 ${Math.ceil(placed.width)} ${Math.ceil(placed.height)}`);
  }

  private onKey(e: KeyboardEvent): void {
    const current = (document.activeElement as SVGGElement | null)?.dataset?.node;
    if (!current || !this.placed) return;
    const dirs: Record<string, Direction> = { ArrowLeft: 'left', ArrowRight: 'right', ArrowUp: 'up', ArrowDown: 'down' };
    if (dirs[e.key]) {
      e.preventDefault();
      const next = neighbour(current, dirs[e.key]!, this.placed.boxes, this.placed.edges);
      const g = next ? this.nodes.get(next) : undefined;
      if (!g) return;
      this.nodes.get(current)?.setAttribute('tabindex', '-1');
      g.setAttribute('tabindex', '0');
      g.focus();
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.activate(current);
    } else if ((e.key === 'F10' && e.shiftKey) || e.key === 'ContextMenu') {
      e.preventDefault();
      const r = this.nodes.get(current)?.getBoundingClientRect();
      if (r && current.startsWith('t:')) this.events.menu(current.slice(2), r.left + 12, r.bottom);
    }
  }
}

function clip(text: string): string {
  return text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;
}
