/**
 * One run on a time axis: for each task that was queued or ran, when it waited in the queue and
 * when it ran; and the critical path, the chain of tasks that decided when the run ended.
 */
import { cellSeconds } from './cellText';
import { topologicalOrder } from './taskTree';
import type { ViewCell, ViewTask } from './viewTypes';

export interface TaskTiming {
  readonly start: number;
  readonly end: number;
}

/**
 * The critical path from the timings: start at the task that ended last, step to its upstream task
 * that ended last (the one it waited for), until a task with no timed upstream. In run order.
 */
export function criticalPath(tasks: readonly Pick<ViewTask, 'id' | 'downstream'>[], timing: ReadonlyMap<string, TaskTiming>): string[] {
  const upstream = new Map<string, string[]>();
  for (const t of tasks) for (const d of t.downstream) upstream.set(d, [...(upstream.get(d) ?? []), t.id]);
  let current: string | undefined;
  for (const [id, t] of timing) if (current === undefined || t.end > timing.get(current)!.end) current = id;
  const path: string[] = [];
  const seen = new Set<string>();
  while (current !== undefined && !seen.has(current)) {
    seen.add(current);
    path.push(current);
    let next: string | undefined;
    for (const u of upstream.get(current) ?? []) {
      const tu = timing.get(u);
      if (tu && (next === undefined || tu.end > timing.get(next)!.end)) next = u;
    }
    current = next;
  }
  return path.reverse();
}

export interface GanttBar {
  readonly taskId: string;
  readonly label: string;
  readonly state?: string;
  readonly tryNumber: number;
  /** Epoch ms; absent when the task was never queued (or Airflow did not say). */
  readonly queued?: number;
  /** Epoch ms; absent while it waits in the queue. */
  readonly start?: number;
  /** Epoch ms; `now` for what still runs or waits. */
  readonly end: number;
  readonly open: boolean;
  readonly critical: boolean;
}

export interface GanttChart {
  readonly from: number;
  readonly to: number;
  readonly bars: readonly GanttBar[];
  readonly critical: readonly string[];
}

const time = (iso: string | undefined): number | undefined => {
  const t = iso ? Date.parse(iso) : NaN;
  return Number.isFinite(t) ? t : undefined;
};

/** The chart of one run from its cells; tasks never queued nor started are left out. */
export function ganttChart(tasks: readonly ViewTask[], cells: readonly ViewCell[], now: number): GanttChart {
  const byTask = new Map(cells.map((c) => [c.taskId, c]));
  const order = new Map(topologicalOrder(tasks).map((id, i) => [id, i]));
  const timing = new Map<string, TaskTiming>();
  const raw: Omit<GanttBar, 'critical'>[] = [];
  for (const t of tasks) {
    const c = byTask.get(t.id);
    if (!c) continue;
    const queued = time(c.queued);
    const start = time(c.start);
    if (queued === undefined && start === undefined) continue;
    const ended = time(c.end);
    const secs = cellSeconds(c, now);
    const end = ended ?? (start !== undefined && secs !== undefined && c.state !== 'running' ? start + secs * 1000 : now);
    const first = queued !== undefined && (start === undefined || queued <= start) ? queued : undefined;
    raw.push({ taskId: t.id, label: t.label, ...(c.state ? { state: c.state } : {}), tryNumber: c.tryNumber, ...(first !== undefined ? { queued: first } : {}), ...(start !== undefined ? { start } : {}), end: Math.max(end, start ?? first ?? end), open: ended === undefined });
    if (start !== undefined) timing.set(t.id, { start, end: Math.max(end, start) });
  }
  const critical = criticalPath(tasks, timing);
  const onPath = new Set(critical);
  const begin = (b: Omit<GanttBar, 'critical'>) => b.queued ?? b.start ?? b.end;
  const bars = raw
    .sort((a, b) => begin(a) - begin(b) || (order.get(a.taskId) ?? 0) - (order.get(b.taskId) ?? 0))
    .map((b) => ({ ...b, critical: onPath.has(b.taskId) }));
  const from = bars.length ? Math.min(...bars.map(begin)) : now;
  const to = bars.length ? Math.max(...bars.map((b) => b.end)) : now;
  return { from, to: Math.max(to, from + 1000), bars, critical };
}

/** Tick marks for an axis of `spanMs`: a round step giving about `count` ticks. */
export function axisTicks(from: number, to: number, count = 6): number[] {
  const span = Math.max(1, to - from);
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14_400, 21_600, 43_200, 86_400].map((s) => s * 1000);
  const step = steps.find((s) => span / s <= count) ?? Math.ceil(span / count / 86_400_000) * 86_400_000;
  const out: number[] = [];
  for (let t = Math.ceil(from / step) * step; t <= to && out.length < 50; t += step) out.push(t);
  return out;
}
