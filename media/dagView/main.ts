/**
 * The DAG view's webview: three tabs (Graph, Grid, Gantt) over one store, a run picker, and the
 * messages to and from the extension (core/dagView/messages.ts). What was shown is kept with
 * setState, so a panel shown again draws at once from it (layout included) while fresh data comes.
 */
import type { HostMessage, WebviewMessage } from '../../src/core/dagView/messages';
import { stateLabel } from '../../src/core/dagView/cellText';
import { ancestors, groupParents } from '../../src/core/dagView/taskTree';
import { ContextMenu } from './contextMenu';
import { h } from './dom';
import { GanttView } from './ganttView';
import { GraphView, type SavedLayout } from './graphView';
import { GridView } from './gridView';
import { ViewStore, type SavedState, type Tab } from './viewStore';

declare function acquireVsCodeApi(): { postMessage(m: WebviewMessage): void; getState(): unknown; setState(s: unknown): void };

const vscode = acquireVsCodeApi();
const post = (m: WebviewMessage) => vscode.postMessage(m);
const store = new ViewStore();
const menu = new ContextMenu();
const dirty = new Set<Tab>(['graph', 'grid', 'gantt']);

const graph = new GraphView(store, {
  open: (taskId) => post({ type: 'openTask', taskId }),
  menu: (taskId, x, y) => openMenu(store.run, taskId, x, y),
  toggle: (g) => toggleGroup(g),
  focus: (taskId) => (store.task = taskId),
  requestLayout: (collapsed) => post({ type: 'layout', collapsed }),
});
const grid = new GridView(store, {
  openLog: (runId, taskId) => post({ type: 'openLog', runId, taskId }),
  menu: (runId, taskId, x, y) => openMenu(runId, taskId, x, y),
  toggle: (g) => toggleGroup(g),
  loadMore: () => post({ type: 'loadMore' }),
  selectRun: (runId) => selectRun(runId),
});
const gantt = new GanttView(store, {
  openLog: (runId, taskId) => post({ type: 'openLog', runId, taskId }),
  menu: (runId, taskId, x, y) => openMenu(runId, taskId, x, y),
});

// ---- the page ------------------------------------------------------------------------------
const title = h('h1', { class: 'title' });
const notices = h('div', { class: 'notices', role: 'status' });
const status = h('span', { class: 'status', role: 'status', 'aria-live': 'polite' });
const runPicker = h('select', { class: 'run-picker', 'aria-label': 'Run shown in the graph and the Gantt chart' });
const tabs = h('div', { class: 'tabs', role: 'tablist', 'aria-label': 'DAG view' });
const panels: Record<Tab, HTMLElement> = {
  graph: h('div', { class: 'panel', role: 'tabpanel', id: 'panel-graph' }, graph.root),
  grid: h('div', { class: 'panel', role: 'tabpanel', id: 'panel-grid' }, grid.root),
  gantt: h('div', { class: 'panel', role: 'tabpanel', id: 'panel-gantt' }, gantt.root),
};
const tabButtons = (['graph', 'grid', 'gantt'] as const).map((t) => {
  const b = h('button', { role: 'tab', id: `tab-${t}`, 'aria-controls': `panel-${t}` }, t[0]!.toUpperCase() + t.slice(1));
  b.addEventListener('click', () => showTab(t));
  b.addEventListener('keydown', (e) => {
    const order: Tab[] = ['graph', 'grid', 'gantt'];
    const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? 2 : 0;
    if (!step) return;
    const next = order[(order.indexOf(t) + step) % 3]!;
    showTab(next);
    document.getElementById(`tab-${next}`)?.focus();
  });
  return b;
});
tabs.append(...tabButtons);
const zoom = h('span', { class: 'zoom' }, ...(['−', 'Fit', '+'] as const).map((z) => {
  const b = h('button', { title: z === 'Fit' ? 'Fit the graph in the view' : z === '+' ? 'Zoom in' : 'Zoom out' }, z);
  b.addEventListener('click', () => graph.setZoom(z === 'Fit' ? 'fit' : graph.zoomLevel * (z === '+' ? 1.25 : 0.8)));
  return b;
}));
const refresh = h('button', { class: 'refresh', title: 'Read the DAG and its runs again' }, '↻ Refresh');
refresh.addEventListener('click', () => post({ type: 'refresh' }));
runPicker.addEventListener('change', () => selectRun(runPicker.value));
document.body.append(h('header', {}, title, notices, h('div', { class: 'toolbar' }, tabs, h('label', { class: 'run-label' }, 'Run ', runPicker), zoom, refresh, status)), ...Object.values(panels));

// ---- behaviour -----------------------------------------------------------------------------
function showTab(tab: Tab): void {
  store.tab = tab;
  for (const [t, panel] of Object.entries(panels)) panel.hidden = t !== tab;
  tabButtons.forEach((b, i) => b.setAttribute('aria-selected', String(['graph', 'grid', 'gantt'][i] === tab)));
  tabButtons.forEach((b, i) => b.setAttribute('tabindex', ['graph', 'grid', 'gantt'][i] === tab ? '0' : '-1'));
  zoom.hidden = tab !== 'graph';
  renderTab(tab);
  save(true);
}

/** Draws a tab if it changed since it was drawn; false while the graph waits for its layout. */
function renderTab(tab: Tab): boolean {
  if (!dirty.has(tab) || !store.data) return true;
  if (tab === 'graph') {
    if (!graph.render()) return false;
  } else if (tab === 'grid') grid.render();
  else gantt.render();
  dirty.delete(tab);
  return true;
}

function renderHead(): void {
  const data = store.data;
  if (!data) return;
  title.textContent = data.title;
  notices.replaceChildren(...data.notices.map((n) => h('p', {}, n)));
  runPicker.replaceChildren(...store.runs.map((r) => h('option', { value: r.runId, selected: r.runId === store.run }, `${r.label} · ${stateLabel(r.state)}`)));
  runPicker.disabled = !store.runs.length;
  if (!store.runs.length) runPicker.append(h('option', {}, 'no runs'));
}

function selectRun(runId: string): void {
  if (!store.runs.some((r) => r.runId === runId)) return;
  store.run = runId;
  store.pickedRun = true;
  renderHead();
  graph.recolour();
  for (const t of ['grid', 'gantt'] as const) dirty.add(t);
  renderTab(store.tab);
  post({ type: 'selectRun', runId });
  save(true);
}

function toggleGroup(groupId: string): void {
  if (store.collapsed.has(groupId)) store.collapsed.delete(groupId);
  else store.collapsed.add(groupId);
  for (const t of ['graph', 'grid'] as const) dirty.add(t);
  if (renderTab(store.tab) && store.tab === 'graph' && store.task) graph.focusTask(store.task);
  save(true);
}

function openMenu(runId: string | undefined, taskId: string, x: number, y: number): void {
  const data = store.data;
  if (!data) return;
  const run = runId ? store.runs.find((r) => r.runId === runId) : undefined;
  const cell = store.cell(runId, taskId);
  const act = data.canAct && !!run;
  menu.open([
    { label: 'Go to Definition', enabled: true, run: () => post({ type: 'openTask', taskId }) },
    { label: run ? `Show Log (${run.label})` : 'Show Log', enabled: act && !!cell?.state, run: () => post({ type: 'openLog', runId: run!.runId, taskId }) },
    { label: 'Clear Task…', enabled: act && !!cell?.state, run: () => post({ type: 'clearTask', runId: run!.runId, taskId }) },
    { label: 'Mark Run Success…', enabled: act, separator: true, run: () => post({ type: 'markRun', runId: run!.runId, state: 'success' }) },
    { label: 'Mark Run Failed…', enabled: act, run: () => post({ type: 'markRun', runId: run!.runId, state: 'failed' }) },
  ], x, y, `task ${taskId}`);
}

let saveTimer: number | undefined;
/**
 * Keeps the view's state for when the panel is shown again. Messages' saves are debounced (a poll
 * every few seconds need not serialise the whole view each time); a person's choice (`now`: tab,
 * run, group) is kept at once, since a click that opens a log or a file hides this webview at once.
 */
function save(now = false): void {
  clearTimeout(saveTimer);
  const write = () => vscode.setState({ ...store.saved(), layout: graph.saved });
  if (now) write();
  else saveTimer = window.setTimeout(write, 400);
}

/** Tells the extension a message is on screen (after the browser painted it). */
function painted(seq: number, t0: number): void {
  let sent = false;
  const send = () => {
    if (sent) return;
    sent = true;
    post({ type: 'painted', seq, ms: Math.round((performance.now() - t0) * 10) / 10 });
  };
  requestAnimationFrame(() => requestAnimationFrame(send));
  setTimeout(send, 500);
}

/** An init painted once the graph it shows has its layout. */
let pendingPaint: { seq: number; t0: number } | undefined;

function onMessage(m: HostMessage): void {
  const t0 = performance.now();
  if (m.type === 'init') {
    store.load(m.data);
    if (m.layout) graph.receive(m.layout);
    if (m.select && store.tasks.has(m.select)) store.task = m.select;
    ['graph', 'grid', 'gantt'].forEach((t) => dirty.add(t as Tab));
    renderHead();
    const drawn = renderTab(store.tab);
    if (m.select) reveal(m.select);
    if (drawn) painted(m.seq, t0);
    else pendingPaint = { seq: m.seq, t0 };
    save();
  } else if (m.type === 'layout') {
    graph.receive(m.layout);
    if (store.tab === 'graph' && renderTab('graph')) {
      if (store.task) graph.focusTask(store.task);
      if (pendingPaint) painted(pendingPaint.seq, pendingPaint.t0);
      pendingPaint = undefined;
    }
    save();
  } else if (m.type === 'update') {
    const applied = store.apply(m.update);
    if (applied.newRuns || applied.runs.size) renderHead();
    if (applied.newRuns) dirty.add('grid');
    const selected = store.run;
    const changed = selected ? applied.cells.get(selected) ?? [] : [];
    if (changed.length || (applied.newRuns && selected)) graph.recolour(applied.newRuns ? undefined : changed.map((c) => c.taskId));
    if (!dirty.has('grid')) for (const [runId, cells] of applied.cells) grid.update(runId, cells.map((c) => c.taskId));
    if (changed.length || applied.newRuns || (selected && applied.runs.has(selected))) dirty.add('gantt');
    if (store.tab !== 'graph') renderTab(store.tab);
    painted(m.seq, t0);
    save();
  } else if (m.type === 'select') {
    reveal(m.taskId);
  } else if (m.type === 'status') {
    status.textContent = m.text;
    document.body.classList.toggle('busy', m.busy);
  }
}

/** Shows a task in the graph: its groups expanded, the node focused. */
function reveal(taskId: string): void {
  const t = store.tasks.get(taskId);
  if (!t || !store.data) return;
  store.task = taskId;
  const chain = ancestors(t.group, groupParents(store.data.groups));
  if (chain.some((g) => store.collapsed.has(g))) {
    chain.forEach((g) => store.collapsed.delete(g));
    dirty.add('graph');
    dirty.add('grid');
  }
  if (store.tab !== 'graph') showTab('graph');
  if (renderTab('graph')) graph.focusTask(taskId);
}

window.addEventListener('message', (e: MessageEvent<HostMessage>) => onMessage(e.data));
const saved = (vscode.getState() ?? {}) as SavedState & { layout?: SavedLayout };
store.restore(saved);
graph.saved = saved.layout;
showTab(store.tab);
if (store.data) renderHead();
post({ type: 'ready' });
