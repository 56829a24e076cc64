/**
 * The webview's copy of the view's data and of what the person chose (tab, run, collapsed groups,
 * selected task), kept with the webview's setState so a hidden and shown panel comes back at once.
 */
import { cellKey, type ViewCell, type ViewData, type ViewRun, type ViewTask, type ViewUpdate } from '../../src/core/dagView/viewTypes';

export type Tab = 'graph' | 'grid' | 'gantt';

export interface SavedState {
  readonly data?: ViewData;
  readonly tab?: Tab;
  readonly run?: string;
  readonly pickedRun?: boolean;
  readonly collapsed?: string[];
  readonly task?: string;
}

export interface Applied {
  /** Runs added (a trigger, Load more): the run picker and the grid's columns change. */
  readonly newRuns: boolean;
  /** Runs whose own state changed. */
  readonly runs: ReadonlySet<string>;
  /** Changed cells by run. */
  readonly cells: ReadonlyMap<string, ViewCell[]>;
}

export class ViewStore {
  data: ViewData | undefined;
  tasks = new Map<string, ViewTask>();
  runs: ViewRun[] = [];
  cells = new Map<string, ViewCell>();
  tab: Tab = 'graph';
  run: string | undefined;
  /** The person picked the run: a newer run does not take the selection away. */
  pickedRun = false;
  collapsed = new Set<string>();
  task: string | undefined;

  load(data: ViewData): void {
    this.data = data;
    this.tasks = new Map(data.tasks.map((t) => [t.id, t]));
    this.runs = [...data.runs];
    this.cells = new Map(data.cells.map((c) => [cellKey(c.runId, c.taskId), c]));
    const groups = new Set(data.groups.map((g) => g.id));
    this.collapsed = new Set([...this.collapsed].filter((g) => groups.has(g)));
    if (!this.run || !this.runs.some((r) => r.runId === this.run) || !this.pickedRun) this.run = this.runs[0]?.runId;
    if (this.task && !this.tasks.has(this.task)) this.task = undefined;
  }

  restore(saved: SavedState): void {
    this.tab = saved.tab ?? 'graph';
    this.run = saved.run;
    this.pickedRun = saved.pickedRun === true;
    this.collapsed = new Set(saved.collapsed ?? []);
    this.task = saved.task;
    if (saved.data) this.load(saved.data);
  }

  saved(): SavedState {
    const data = this.data ? { ...this.data, runs: this.runs, cells: [...this.cells.values()] } : undefined;
    return { data, tab: this.tab, run: this.run, pickedRun: this.pickedRun, collapsed: [...this.collapsed], task: this.task };
  }

  cell(runId: string | undefined, taskId: string): ViewCell | undefined {
    return runId === undefined ? undefined : this.cells.get(cellKey(runId, taskId));
  }

  selectedRun(): ViewRun | undefined {
    return this.runs.find((r) => r.runId === this.run);
  }

  apply(update: ViewUpdate): Applied {
    let newRuns = false;
    const runs = new Set<string>();
    const fresh: ViewRun[] = [];
    for (const r of update.runs) {
      const i = this.runs.findIndex((x) => x.runId === r.runId);
      if (i >= 0) this.runs[i] = r;
      else fresh.push(r);
      runs.add(r.runId);
    }
    if (fresh.length) {
      newRuns = true;
      const newest = this.runs[0];
      // Newer than what is shown (a trigger) go first; older (Load more) after.
      const front = fresh.filter((r) => !newest || (r.due ?? r.start ?? '') >= (newest.due ?? newest.start ?? ''));
      const back = fresh.filter((r) => !front.includes(r));
      this.runs = [...front, ...this.runs, ...back];
      if (!this.pickedRun && front.length) this.run = this.runs[0]!.runId;
    }
    const cells = new Map<string, ViewCell[]>();
    for (const c of update.cells) {
      const key = cellKey(c.runId, c.taskId);
      if (c.state === undefined && c.tryNumber === 0 && !c.start) this.cells.delete(key);
      else this.cells.set(key, c);
      const list = cells.get(c.runId);
      if (list) list.push(c);
      else cells.set(c.runId, [c]);
    }
    if (this.data) this.data = { ...this.data, runsTotal: update.runsTotal };
    return { newRuns, runs, cells };
  }
}
