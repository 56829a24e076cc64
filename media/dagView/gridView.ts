/**
 * The Grid tab: the shown runs as columns (oldest left, newest right, as Airflow draws them) and
 * the tasks as rows, nested in their groups; each cell the task's state colour with its try number,
 * a hover with its times. A click (or Enter) opens that try's log; arrow keys move between cells.
 */
import { cellHover, stateColor, stateLabel, summaryState } from '../../src/core/dagView/cellText';
import { treeRows, type TreeRow } from '../../src/core/dagView/taskTree';
import type { ViewCell } from '../../src/core/dagView/viewTypes';
import { css, h, IdIndex } from './dom';
import type { ViewStore } from './viewStore';

export interface GridEvents {
  openLog(runId: string, taskId: string): void;
  menu(runId: string, taskId: string, x: number, y: number): void;
  toggle(groupId: string): void;
  loadMore(): void;
  selectRun(runId: string): void;
}

export class GridView {
  readonly root = h('div', { class: 'grid-wrap' });
  private readonly runIds = new IdIndex();
  private readonly taskIds = new IdIndex();
  private rows: TreeRow[] = [];
  private cellsById = new Map<string, HTMLButtonElement>();
  private focusAt: [number, number] = [0, 0];

  constructor(private readonly store: ViewStore, private readonly events: GridEvents) {
    this.root.addEventListener('keydown', (e) => this.onKey(e));
  }

  render(): void {
    const data = this.store.data;
    if (!data) return;
    this.rows = treeRows(data.tasks, data.groups, this.store.collapsed);
    const runs = [...this.store.runs].reverse();
    const table = h('table', { class: 'grid', role: 'grid', 'aria-label': `${data.dagId}: tasks by run`, 'aria-rowcount': this.rows.length + 1 });
    const head = h('tr', { role: 'row' }, h('th', { class: 'task-head', role: 'columnheader' }, this.loadMoreButton(data.runsTotal)));
    for (const r of runs) {
      const th = h('th', { role: 'columnheader', class: r.runId === this.store.run ? 'run selected' : 'run', title: `${r.label} · ${stateLabel(r.state)}\n${r.runId}` });
      const chip = h('button', { class: 'run-chip', 'aria-label': `run ${r.label}: ${stateLabel(r.state)}`, tabindex: -1 });
      css(chip, '--state', stateColor(r.state));
      chip.addEventListener('click', () => this.events.selectRun(r.runId));
      th.append(chip);
      head.append(th);
    }
    table.append(head);
    this.cellsById = new Map();
    this.rows.forEach((row, y) => table.append(this.row(row, y, runs.map((r) => r.runId))));
    this.root.replaceChildren(table);
    if (!runs.length) this.root.append(h('p', { class: 'empty' }, 'No runs of this DAG yet.'));
    this.setFocusable(...this.focusAt);
  }

  private loadMoreButton(total: number): HTMLElement {
    const more = total > this.store.runs.length;
    const b = h('button', { class: 'load-more', disabled: !more, title: more ? `Load older runs (${this.store.runs.length} of ${total} shown)` : `All ${total} runs shown` }, more ? `← Load more (${this.store.runs.length}/${total})` : `${total} run${total === 1 ? '' : 's'}`);
    b.addEventListener('click', () => this.events.loadMore());
    return b;
  }

  private row(row: TreeRow, y: number, runIds: readonly string[]): HTMLTableRowElement {
    const tr = h('tr', { role: 'row', class: row.kind === 'group' ? 'group-row' : 'task-row' });
    const label = h('th', { role: 'rowheader', class: 'task-label', title: row.id });
    css(label, '--depth', String(row.depth));
    if (row.kind === 'group') {
      const t = h('button', { class: 'toggle', 'aria-expanded': String(!row.collapsed), tabindex: -1 }, `${row.collapsed ? '▸' : '▾'} ${row.label}`);
      t.addEventListener('click', () => this.events.toggle(row.id));
      label.append(t);
    } else label.append(row.label);
    tr.append(label);
    runIds.forEach((runId, x) => {
      const td = h('td', { role: 'gridcell' });
      const b = h('button', { class: 'cell', tabindex: -1, 'data-x': x, 'data-y': y });
      this.paint(b, row, runId);
      if (row.kind === 'task') {
        b.addEventListener('click', () => this.events.openLog(runId, row.id));
        b.addEventListener('contextmenu', (e) => (e.preventDefault(), this.events.menu(runId, row.id, e.clientX, e.clientY)));
      } else b.addEventListener('click', () => this.events.toggle(row.id));
      b.addEventListener('focus', () => (this.focusAt = [x, y]));
      this.cellsById.set(`${this.runIds.of(runId)}:${this.taskIds.of(row.id)}`, b);
      td.append(b);
      tr.append(td);
    });
    return tr;
  }

  private paint(b: HTMLButtonElement, row: TreeRow, runId: string): void {
    const run = this.store.runs.find((r) => r.runId === runId);
    let state: string | undefined;
    let cell: ViewCell | undefined;
    if (row.kind === 'task') {
      cell = this.store.cell(runId, row.id);
      state = cell?.state;
      b.title = cellHover(this.store.tasks.get(row.id)?.label ?? row.id, cell, run);
      b.textContent = cell && cell.tryNumber > 1 ? String(cell.tryNumber) : '';
    } else {
      state = summaryState((row.members ?? []).map((t) => this.store.cell(runId, t)?.state));
      b.title = `${row.label} (${row.members?.length ?? 0} tasks) · ${run?.label ?? runId}\n${stateLabel(state)}`;
    }
    css(b, '--state', stateColor(state));
    b.classList.toggle('has-state', !!state);
    b.setAttribute('aria-label', `${row.label}, ${run?.label ?? runId}: ${stateLabel(state)}${cell && cell.tryNumber > 1 ? `, try ${cell.tryNumber}` : ''}`);
  }

  /** Repaints the cells of the given run and tasks (and the group rows holding them). */
  update(runId: string, taskIds: readonly string[]): void {
    const wanted = new Set(taskIds);
    for (const row of this.rows) {
      if (row.kind === 'task' ? !wanted.has(row.id) : !(row.members ?? []).some((t) => wanted.has(t))) continue;
      const b = this.cellsById.get(`${this.runIds.of(runId)}:${this.taskIds.of(row.id)}`);
      if (b) this.paint(b, row, runId);
    }
  }

  private setFocusable(x: number, y: number): HTMLButtonElement | undefined {
    const b = this.root.querySelector<HTMLButtonElement>(`button.cell[data-x="${x}"][data-y="${y}"]`) ?? this.root.querySelector<HTMLButtonElement>('button.cell');
    this.root.querySelectorAll('button.cell[tabindex="0"]').forEach((c) => c.setAttribute('tabindex', '-1'));
    b?.setAttribute('tabindex', '0');
    return b ?? undefined;
  }

  private onKey(e: KeyboardEvent): void {
    const target = e.target as HTMLElement;
    if (!target.classList.contains('cell')) return;
    const x = Number(target.dataset.x);
    const y = Number(target.dataset.y);
    const moves: Record<string, [number, number]> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1], Home: [-x, 0], End: [1000, 0] };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      const nx = Math.max(0, Math.min(this.store.runs.length - 1, x + move[0]));
      const ny = Math.max(0, Math.min(this.rows.length - 1, y + move[1]));
      this.setFocusable(nx, ny)?.focus();
    } else if ((e.key === 'F10' && e.shiftKey) || e.key === 'ContextMenu') {
      e.preventDefault();
      const r = target.getBoundingClientRect();
      const row = this.rows[y];
      const runId = [...this.store.runs].reverse()[x]?.runId;
      if (row?.kind === 'task' && runId) this.events.menu(runId, row.id, r.left + 8, r.bottom);
    }
  }
}
