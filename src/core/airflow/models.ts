/** Airflow objects as the extension uses them, the same for Airflow 2 (API v1) and 3 (API v2). */

export type AirflowMajor = 2 | 3;

export interface Dag {
  readonly dagId: string;
  readonly displayName: string;
  readonly isPaused: boolean;
  /** Human form of the schedule: a cron expression, a preset, an interval, or undefined. */
  readonly schedule?: string;
  readonly tags: readonly string[];
  readonly fileloc?: string;
  /** When the DAG processor last parsed its file (ISO); tells an updated DAG from a stale one. */
  readonly lastParsedTime?: string;
  /** Airflow 2's signed token of the DAG file, what its dagSources endpoint takes. */
  readonly fileToken?: string;
  readonly owners: readonly string[];
  readonly description?: string;
  readonly nextRun?: string;
}

export type RunState = 'queued' | 'running' | 'success' | 'failed' | (string & {});

export interface DagRun {
  readonly dagId: string;
  readonly runId: string;
  readonly state: RunState;
  /** Null on Airflow 3 for runs triggered without a logical date. */
  readonly logicalDate: string | null;
  /** When the run was due (Airflow 3); the logical date on Airflow 2. */
  readonly runAfter?: string;
  readonly startDate?: string;
  readonly endDate?: string;
  readonly runType?: string;
  readonly conf: Record<string, unknown>;
  readonly note?: string;
}

export interface TaskInstance {
  readonly dagId: string;
  readonly runId: string;
  readonly taskId: string;
  /** -1 for an unmapped task. */
  readonly mapIndex: number;
  readonly state?: string;
  readonly tryNumber: number;
  readonly maxTries?: number;
  readonly startDate?: string;
  readonly endDate?: string;
  readonly durationSeconds?: number;
  readonly operator?: string;
  /** Airflow 2 only: the stream name of the legacy log template needs it. */
  readonly logicalDate?: string | null;
}

export interface ImportError {
  readonly id: number;
  readonly filename: string;
  readonly stackTrace: string;
  readonly timestamp?: string;
  readonly bundleName?: string;
}

export interface Page<T> {
  readonly items: T[];
  readonly total: number;
}

/** States in which a run or task may still change: poll while any is in one of these. */
export const UNFINISHED = new Set(['queued', 'running', 'scheduled', 'up_for_retry', 'up_for_reschedule', 'deferred', 'restarting', 'none', 'null', '']);

export function isFinished(state: string | undefined | null): boolean {
  return state !== undefined && state !== null && !UNFINISHED.has(state);
}
