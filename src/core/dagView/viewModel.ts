/**
 * The DAG view's data on the extension side: the structure, the runs shown (newest first) and a
 * cell per task and run. Every change goes through here and comes back as the smallest update
 * (runs and cells that changed), which the webview applies in place: a poll of a running run
 * repaints a few nodes, not the view.
 */
import type { DagRun, TaskInstance } from '../airflow/models';
import { isFinished } from '../airflow/models';
import type { TimedTaskInstance } from '../airflow/runInstances';
import { cellsOfRun, keepQueued, sameCell, sameRun, toViewRun } from './viewCells';
import { cellKey, structureKey, type ViewCell, type ViewData, type ViewRun, type ViewUpdate } from './viewTypes';

/** Runs the view holds at most (Load more stops there). */
export const MAX_RUNS = 200;

/** What a view shows besides its runs and cells (and the key derived from its structure). */
export type ViewHead = Omit<ViewData, 'structureKey' | 'runs' | 'runsTotal' | 'cells'>;

export class DagViewModel {
  private runs: ViewRun[] = [];
  private total = 0;
  private readonly cells = new Map<string, ViewCell>();
  private readonly taskIds: ReadonlySet<string>;

  /** What a layout of this view depends on (see structureKey). */
  readonly key: string;

  constructor(private head: ViewHead) {
    this.taskIds = new Set(head.tasks.map((t) => t.id));
    this.key = structureKey(head.tasks, head.groups);
  }

  get tasks(): ViewHead['tasks'] {
    return this.head.tasks;
  }

  get groups(): ViewHead['groups'] {
    return this.head.groups;
  }

  get dagId(): string {
    return this.head.dagId;
  }

  hasTask(id: string): boolean {
    return this.taskIds.has(id);
  }

  /**
   * The task an id from the source text means: itself, or the one task whose id ends in it after a
   * group prefix (a `@task_group` function's tasks are named without it in the text).
   */
  findTask(id: string): string | undefined {
    if (this.taskIds.has(id)) return id;
    const matches = [...this.taskIds].filter((t) => t.endsWith(`.${id}`));
    return matches.length === 1 ? matches[0] : undefined;
  }

  run(runId: string): ViewRun | undefined {
    return this.runs.find((r) => r.runId === runId);
  }

  cell(runId: string, taskId: string): ViewCell | undefined {
    return this.cells.get(cellKey(runId, taskId));
  }

  get runCount(): number {
    return this.runs.length;
  }

  get runsTotal(): number {
    return this.total;
  }

  /** Runs still changing (their task instances are what a poll reads). */
  unfinishedRuns(): ViewRun[] {
    return this.runs.filter((r) => !isFinished(r.state));
  }

  setNotices(notices: readonly string[]): void {
    this.head = { ...this.head, notices };
  }

  /** The first page of runs (replaces what was shown). */
  setRuns(runs: readonly DagRun[], total: number): void {
    this.runs = dedupe(runs.filter((r) => r.dagId === this.head.dagId).map(toViewRun)).slice(0, MAX_RUNS);
    this.total = Math.max(total, this.runs.length);
    const kept = new Set(this.runs.map((r) => r.runId));
    for (const [k, c] of this.cells) if (!kept.has(c.runId)) this.cells.delete(k);
  }

  /** Older runs (Load more): appended after the shown ones. */
  appendRuns(runs: readonly DagRun[], total: number): ViewUpdate {
    const known = new Set(this.runs.map((r) => r.runId));
    const added = dedupe(runs.filter((r) => r.dagId === this.head.dagId && !known.has(r.runId)).map(toViewRun)).slice(0, MAX_RUNS - this.runs.length);
    this.runs.push(...added);
    this.total = Math.max(total, this.runs.length);
    return { runs: added, cells: [], runsTotal: this.total };
  }

  /**
   * Fresh states of runs: known ones change in place; a run of this DAG newer than every shown
   * one (a trigger) is added at the front. Undefined when nothing changed.
   */
  applyRuns(runs: readonly DagRun[]): ViewUpdate | undefined {
    const changed: ViewRun[] = [];
    const newest = this.runs[0];
    for (const run of runs) {
      if (run.dagId !== this.head.dagId) continue;
      const fresh = toViewRun(run);
      const i = this.runs.findIndex((r) => r.runId === run.runId);
      if (i >= 0) {
        if (!sameRun(this.runs[i], fresh)) {
          this.runs[i] = fresh;
          changed.push(fresh);
        }
      } else if (!newest || isNewer(fresh, newest)) {
        this.runs.unshift(fresh);
        this.total++;
        if (this.runs.length > MAX_RUNS) this.dropRun(this.runs.pop()!.runId);
        changed.push(fresh);
      }
    }
    return changed.length ? { runs: changed, cells: [], runsTotal: this.total } : undefined;
  }

  /**
   * A read of a run's task instances. `complete`: the read holds every instance of the run, so a
   * task missing from it has no instance (cleared); a partial read only updates what it holds.
   */
  applyInstances(runId: string, tis: readonly (TaskInstance | TimedTaskInstance)[], complete: boolean): ViewUpdate | undefined {
    if (!this.run(runId)) return undefined;
    const fresh = cellsOfRun(tis.filter((t) => t.runId === runId && t.dagId === this.head.dagId && this.taskIds.has(t.taskId)));
    const changed: ViewCell[] = [];
    const seen = new Set<string>();
    for (const c of fresh) {
      const key = cellKey(runId, c.taskId);
      seen.add(key);
      const prev = this.cells.get(key);
      const next = keepQueued(c, prev);
      if (!sameCell(prev, next)) {
        this.cells.set(key, next);
        changed.push(next);
      }
    }
    if (complete) {
      for (const [key, c] of this.cells) {
        if (c.runId !== runId || seen.has(key)) continue;
        this.cells.delete(key);
        changed.push({ runId, taskId: c.taskId, tryNumber: 0, mapIndex: -1 });
      }
    }
    return changed.length ? { runs: [], cells: changed, runsTotal: this.total } : undefined;
  }

  /**
   * A read of several runs' instances at once (each run's complete when `complete`): grouped by
   * run first, so 25 runs of 200 tasks cost one pass, not 25.
   */
  applyRunsInstances(runIds: readonly string[], tis: readonly (TaskInstance | TimedTaskInstance)[], complete: boolean): ViewUpdate | undefined {
    const byRun = new Map<string, (TaskInstance | TimedTaskInstance)[]>(runIds.map((r) => [r, []]));
    for (const t of tis) byRun.get(t.runId)?.push(t);
    return mergeUpdates([...byRun].map(([runId, list]) => this.applyInstances(runId, list, complete)));
  }

  snapshot(): ViewData {
    return {
      ...this.head,
      structureKey: this.key,
      runs: [...this.runs],
      runsTotal: this.total,
      cells: [...this.cells.values()],
    };
  }

  private dropRun(runId: string): void {
    for (const [k, c] of this.cells) if (c.runId === runId) this.cells.delete(k);
  }
}

function dedupe(runs: ViewRun[]): ViewRun[] {
  const seen = new Set<string>();
  return runs.filter((r) => !seen.has(r.runId) && seen.add(r.runId));
}

function isNewer(a: ViewRun, b: ViewRun): boolean {
  const when = (r: ViewRun) => r.due ?? r.start ?? '';
  return when(a) >= when(b);
}

/** Merges updates (several reads of one poll) into one message. */
export function mergeUpdates(updates: readonly (ViewUpdate | undefined)[]): ViewUpdate | undefined {
  const present = updates.filter((u): u is ViewUpdate => u !== undefined);
  if (!present.length) return undefined;
  const runs = new Map<string, ViewRun>();
  const cells = new Map<string, ViewCell>();
  for (const u of present) {
    for (const r of u.runs) runs.set(r.runId, r);
    for (const c of u.cells) cells.set(cellKey(c.runId, c.taskId), c);
  }
  return { runs: [...runs.values()], cells: [...cells.values()], runsTotal: present[present.length - 1]!.runsTotal };
}
