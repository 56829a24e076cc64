/**
 * What the DAG view's webview is given: plain JSON, the same for a deployed DAG (the Airflow API)
 * and a local parse. The webview script imports these types, so both sides agree on the shapes.
 */
import type { DagGroup, DagTask } from '../airflow/dagStructure';

export type ViewTask = DagTask;
export type ViewGroup = DagGroup;

export interface ViewRun {
  readonly runId: string;
  readonly state: string;
  /** When it ran, for the run picker and the grid's column head. */
  readonly label: string;
  readonly runType?: string;
  readonly start?: string;
  readonly end?: string;
  /** When it was due (Airflow 3's run_after, else the logical date): orders the runs. */
  readonly due?: string;
}

/** One task in one run: a task instance, or the summary of a mapped task's instances. */
export interface ViewCell {
  readonly runId: string;
  readonly taskId: string;
  readonly state?: string;
  readonly tryNumber: number;
  /** The instance a click opens (-1: unmapped). */
  readonly mapIndex: number;
  /** Instances summarised, for a mapped task. */
  readonly mapped?: number;
  readonly queued?: string;
  readonly start?: string;
  readonly end?: string;
  readonly duration?: number;
}

export interface ViewData {
  readonly dagId: string;
  /** Changes when the tasks, their edges or groups change: a layout is valid for one key. */
  readonly structureKey: string;
  /** `dag_id · environment` or `dag_id · local parse`. */
  readonly title: string;
  readonly source: 'airflow' | 'local';
  readonly tasks: readonly ViewTask[];
  readonly groups: readonly ViewGroup[];
  /** Newest first. */
  readonly runs: readonly ViewRun[];
  /** Runs Airflow has of the DAG (more than `runs` when Load more can fetch older ones). */
  readonly runsTotal: number;
  readonly cells: readonly ViewCell[];
  /** Tasks whose definition was found in a local file (a click opens it). */
  readonly linked: readonly string[];
  /** Clear / mark / logs are offered (a deployed DAG in a trusted workspace). */
  readonly canAct: boolean;
  /** Said above the tabs: why there are no runs, what was left out. */
  readonly notices: readonly string[];
}

/** A poll's changes, applied in place by the webview. */
export interface ViewUpdate {
  /** Runs added or changed (newest first among themselves). */
  readonly runs: readonly ViewRun[];
  readonly cells: readonly ViewCell[];
  readonly runsTotal: number;
}

/** A hash of what the graph's layout depends on (FNV-1a over ids, labels, groups and edges). */
export function structureKey(tasks: readonly ViewTask[], groups: readonly ViewGroup[]): string {
  let h = 0x811c9dc5;
  const add = (s: string) => {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
    h = Math.imul(h ^ 0x1f, 0x01000193);
  };
  for (const t of tasks) {
    add(t.id);
    add(t.label);
    add(t.group ?? '');
    for (const d of t.downstream) add(d);
  }
  for (const g of groups) {
    add(g.id);
    add(g.label);
    add(g.parent ?? '');
  }
  return `${tasks.length}.${groups.length}.${(h >>> 0).toString(36)}`;
}

/** The key of a set of collapsed groups: sorted ids. */
export const collapsedKey = (collapsed: Iterable<string>): string => JSON.stringify([...collapsed].sort());

export const cellKey = (runId: string, taskId: string): string => `${runId}\u0000${taskId}`;
