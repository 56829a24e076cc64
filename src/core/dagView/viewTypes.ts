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

export const cellKey = (runId: string, taskId: string): string => `${runId}\u0000${taskId}`;
