/**
 * How DAGs, runs and task instances read in the tree, as pure functions: the state's icon and
 * colour, one-line descriptions, durations, and the latest run per DAG out of one batch listing.
 */
import type { Dag, DagRun, TaskInstance } from './models';
import { count } from '../text/counts';

export interface StateLook {
  /** A codicon id (`~spin` animates). */
  readonly icon: string;
  /** A theme colour id, or undefined for the default foreground. */
  readonly color?: string;
  readonly label: string;
}

const LOOKS: Record<string, StateLook> = {
  success: { icon: 'pass-filled', color: 'testing.iconPassed', label: 'success' },
  failed: { icon: 'error', color: 'testing.iconFailed', label: 'failed' },
  upstream_failed: { icon: 'circle-slash', color: 'charts.orange', label: 'upstream failed' },
  running: { icon: 'sync~spin', color: 'charts.blue', label: 'running' },
  queued: { icon: 'clock', color: 'charts.yellow', label: 'queued' },
  scheduled: { icon: 'watch', color: 'charts.yellow', label: 'scheduled' },
  up_for_retry: { icon: 'debug-restart', color: 'charts.yellow', label: 'up for retry' },
  up_for_reschedule: { icon: 'history', color: 'charts.yellow', label: 'up for reschedule' },
  deferred: { icon: 'debug-pause', color: 'charts.purple', label: 'deferred' },
  restarting: { icon: 'debug-restart', color: 'charts.blue', label: 'restarting' },
  skipped: { icon: 'debug-step-over', color: 'disabledForeground', label: 'skipped' },
  removed: { icon: 'trash', color: 'disabledForeground', label: 'removed' },
};

export function stateLook(state: string | undefined | null): StateLook {
  if (!state || state === 'none' || state === 'null') return { icon: 'circle-outline', label: 'no status' };
  return LOOKS[state] ?? { icon: 'question', label: state.replace(/_/g, ' ') };
}

/** 4 s, 2 min 05 s, 1 h 02 min. */
export function formatDuration(seconds: number | undefined): string | undefined {
  if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) return undefined;
  if (seconds < 60) return `${seconds < 10 ? seconds.toFixed(1).replace(/\.0$/, '') : Math.round(seconds)} s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

/** An Airflow timestamp for people: `2026-12-06 09:31:05 UTC` (no microseconds, no offset soup). */
export function formatTimestamp(iso: string | undefined): string | undefined {
  const t = iso ? Date.parse(iso) : NaN;
  if (!Number.isFinite(t)) return undefined;
  return `${new Date(t).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Seconds between two ISO dates (the end defaults to `now` for what is still running). */
export function elapsedSeconds(start: string | undefined, end: string | undefined, now = Date.now()): number | undefined {
  if (!start) return undefined;
  const a = Date.parse(start);
  const b = end ? Date.parse(end) : now;
  return Number.isFinite(a) && Number.isFinite(b) ? Math.max(0, (b - a) / 1000) : undefined;
}

/** "paused · 0 * * * * · etl, daily · last run failed" */
export function dagDescription(dag: Dag, lastRun: DagRun | undefined): string {
  return [
    dag.isPaused ? 'paused' : undefined,
    // Airflow describes schedule=None as "Never, external triggers only": too long for a tree line.
    !dag.schedule || /^Never\b/.test(dag.schedule) ? 'no schedule' : dag.schedule,
    dag.tags.length ? dag.tags.join(', ') : undefined,
    lastRun ? `last run ${stateLook(lastRun.state).label}` : undefined,
  ].filter(Boolean).join(' · ');
}

/** A run's label: when it ran (or was due) in UTC, minutes precision; the run id is the tooltip. */
export function runLabel(run: DagRun): string {
  const when = run.startDate ?? run.runAfter ?? run.logicalDate ?? undefined;
  return when ? `${when.replace('T', ' ').replace(/:\d\d(\.\d+)?(\+00:00|Z)$/, '')} UTC` : run.runId;
}

export function runDescription(run: DagRun, now = Date.now()): string {
  const duration = formatDuration(elapsedSeconds(run.startDate, run.endDate, now));
  return [stateLook(run.state).label, run.runType, duration].filter(Boolean).join(' · ');
}

/** A task instance's label: its id, with the map index when mapped. */
export function taskLabel(ti: TaskInstance): string {
  return ti.mapIndex >= 0 ? `${ti.taskId} [${ti.mapIndex}]` : ti.taskId;
}

export function taskDescription(ti: TaskInstance, now = Date.now()): string {
  const duration = formatDuration(ti.durationSeconds ?? (ti.state === 'running' ? elapsedSeconds(ti.startDate, undefined, now) : undefined));
  const tries = ti.tryNumber > 1 || (ti.maxTries !== undefined && ti.maxTries > 0 && ti.tryNumber > 0) ? `try ${ti.tryNumber}${ti.maxTries !== undefined ? `/${ti.maxTries + 1}` : ''}` : undefined;
  return [stateLook(ti.state).label, tries, duration].filter(Boolean).join(' · ');
}

/** The newest run of each DAG out of one listing ordered newest first. */
export function latestRunByDag(runs: readonly DagRun[]): Map<string, DagRun> {
  const out = new Map<string, DagRun>();
  for (const r of runs) if (!out.has(r.dagId)) out.set(r.dagId, r);
  return out;
}

/** Task instances in the order a person reads a run: by start, then id; not started last. */
export function sortTasks(tis: readonly TaskInstance[]): TaskInstance[] {
  return [...tis].sort((a, b) => {
    const sa = a.startDate ?? '\uffff';
    const sb = b.startDate ?? '\uffff';
    return sa < sb ? -1 : sa > sb ? 1 : a.taskId.localeCompare(b.taskId) || a.mapIndex - b.mapIndex;
  });
}

/** The failed tasks of a run, for the notification: "explode, load [3]". */
export function failedTaskNames(tis: readonly TaskInstance[]): string[] {
  return tis.filter((t) => t.state === 'failed').map(taskLabel);
}

/** "1 import error", "3 import errors". */
export function importErrorCount(n: number): string {
  return count(n, 'import error');
}

/** The Import errors node's line: how many are in the workspace (Problems) and how many outside. */
export function importErrorsDescription(inWorkspace: number, outside: number): string {
  if (!inWorkspace && !outside) return 'none';
  if (!inWorkspace) return `${outside} outside this workspace`;
  return `${inWorkspace} in this workspace (Problems), ${outside || 'none'} outside`;
}
