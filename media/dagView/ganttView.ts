/**
 * The Gantt tab: the selected run's tasks on a time axis, the time each waited in the queue (light)
 * and ran (its state colour), the critical path outlined and listed. A click or Enter on a row
 * opens that task's log.
 */
import { clock, stateColor, stateLabel } from '../../src/core/dagView/cellText';
import { axisTicks, ganttChart } from '../../src/core/dagView/ganttModel';
import { formatDuration } from '../../src/core/airflow/runsView';
import { css, h } from './dom';
import type { ViewStore } from './viewStore';

export interface GanttEvents {
  openLog(runId: string, taskId: string): void;
  menu(runId: string, taskId: string, x: number, y: number): void;
}

export class GanttView {
  readonly root = h('div', { class: 'gantt-wrap' });

  constructor(private readonly store: ViewStore, private readonly events: GanttEvents) {
    this.root.addEventListener('keydown', (e) => this.onKey(e));
  }

  render(now = Date.now()): void {
    const data = this.store.data;
    const run = this.store.selectedRun();
    if (!data || !run) {
      this.root.replaceChildren(h('p', { class: 'empty' }, 'No run to show: trigger the DAG, or pick a run above.'));
      return;
    }
    const cells = data.tasks.map((t) => this.store.cell(run.runId, t.id)).filter((c) => c !== undefined);
    const chart = ganttChart(data.tasks, cells, now);
    if (!chart.bars.length) {
      this.root.replaceChildren(h('p', { class: 'empty' }, `No task of run ${run.label} has been queued yet.`));
      return;
    }
    const span = chart.to - chart.from;
    const pct = (t: number) => `${(((t - chart.from) / span) * 100).toFixed(3)}%`;
    const axis = h('div', { class: 'gantt-axis', 'aria-hidden': 'true' });
    for (const t of axisTicks(chart.from, chart.to)) {
      const tick = h('span', { class: 'tick' }, clock(new Date(t).toISOString())!.slice(11));
      css(tick, 'left', pct(t));
      axis.append(tick);
    }
    const list = h('div', { class: 'gantt', role: 'list', 'aria-label': `run ${run.label}: tasks on a time axis` });
    chart.bars.forEach((b, i) => {
      const took = b.start !== undefined ? formatDuration((b.end - b.start) / 1000) : undefined;
      const waited = b.queued !== undefined && b.start !== undefined ? formatDuration((b.start - b.queued) / 1000) : undefined;
      const label = `${b.label}: ${stateLabel(b.state)}${waited ? `, queued ${waited}` : ''}${took ? `, ran ${took}` : ''}${b.critical ? ', on the critical path' : ''}`;
      const row = h('div', { class: b.critical ? 'gantt-row critical' : 'gantt-row', role: 'listitem', tabindex: i === 0 ? 0 : -1, 'aria-label': label, title: label, 'data-task': b.taskId });
      const track = h('div', { class: 'track' });
      if (b.queued !== undefined) {
        const q = h('span', { class: 'queued' });
        css(q, 'left', pct(b.queued));
        css(q, 'width', `calc(${pct(b.start ?? b.end)} - ${pct(b.queued)})`);
        track.append(q);
      }
      if (b.start !== undefined) {
        const r = h('span', { class: b.open ? 'ran open' : 'ran' });
        css(r, 'left', pct(b.start));
        css(r, 'width', `max(2px, calc(${pct(b.end)} - ${pct(b.start)}))`);
        css(r, '--state', stateColor(b.state));
        track.append(r);
      }
      row.append(h('span', { class: 'name' }, b.label), track);
      row.addEventListener('click', () => this.events.openLog(run.runId, b.taskId));
      row.addEventListener('contextmenu', (e) => (e.preventDefault(), this.events.menu(run.runId, b.taskId, e.clientX, e.clientY)));
      list.append(row);
    });
    const path = chart.critical.map((id) => this.store.tasks.get(id)?.label ?? id);
    const legend = h('p', { class: 'legend' },
      h('span', { class: 'key queued' }), ' queued ', h('span', { class: 'key ran' }), ' running or ran ', h('span', { class: 'key critical' }), ` critical path: ${path.join(' → ') || 'none yet'}`);
    this.root.replaceChildren(legend, h('div', { class: 'gantt-body' }, h('div', { class: 'gantt-head' }, h('span', { class: 'name' }, run.label), axis), list));
  }

  private onKey(e: KeyboardEvent): void {
    const row = (e.target as HTMLElement).closest<HTMLElement>('.gantt-row');
    const run = this.store.selectedRun();
    if (!row || !run) return;
    const taskId = row.dataset.task!;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = (e.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling) as HTMLElement | null;
      if (next) {
        row.tabIndex = -1;
        next.tabIndex = 0;
        next.focus();
      }
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.events.openLog(run.runId, taskId);
    } else if ((e.key === 'F10' && e.shiftKey) || e.key === 'ContextMenu') {
      e.preventDefault();
      const r = row.getBoundingClientRect();
      this.events.menu(run.runId, taskId, r.left + 8, r.bottom);
    }
  }
}
