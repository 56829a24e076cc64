/**
 * What "show this task's log" and "tail this run" are given, from a caller (the runs view puts
 * the object on its tree elements as `taskLog` / `runLog`) or a command link, checked once here.
 */
import { cloudWatchSafe, runStreamPrefix, taskStreamPrefix, type TaskLogTemplate } from './streamNames';

export interface TaskLogRef {
  readonly envKey: string;
  readonly dagId: string;
  readonly runId: string;
  readonly taskId: string;
  /** Absent: the task's current try (asked from Airflow). */
  readonly tryNumber?: number;
  /** -1 or absent for an unmapped task. */
  readonly mapIndex?: number;
  /** The run's logical date; only Airflow 2.0-2.2 stream names need it. */
  readonly logicalDate?: string;
}

/**
 * What the runs tree puts on a task instance node (`taskLog`) and on run-end notices: there the
 * try and the map index (-1: unmapped) are always known.
 */
export interface TreeTaskLogRef extends TaskLogRef {
  readonly tryNumber: number;
  readonly mapIndex: number;
}

/** What `mwaa.tailRun` takes; the runs tree puts one on each run node (`runLog`). */
export interface RunLogRef {
  readonly envKey: string;
  readonly dagId: string;
  readonly runId: string;
  /** Narrows the tail to one task of the run. */
  readonly taskId?: string;
  /** CloudWatch filter pattern; absent or empty: every line. */
  readonly filterPattern?: string;
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const int = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

/** The object itself, or a tree element carrying it under `property`. */
function unwrap(arg: unknown, property: string): Record<string, unknown> | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const inner = (arg as Record<string, unknown>)[property];
  return inner && typeof inner === 'object' ? (inner as Record<string, unknown>) : (arg as Record<string, unknown>);
}

/** A task log reference from a command argument; undefined when it is not one. */
export function parseTaskLogRef(arg: unknown): TaskLogRef | undefined {
  const o = unwrap(arg, 'taskLog');
  if (!o || !str(o.envKey) || !str(o.dagId) || !str(o.runId) || !str(o.taskId)) return undefined;
  if (o.tryNumber !== undefined && !(int(o.tryNumber) && o.tryNumber >= 1)) return undefined;
  if (o.mapIndex !== undefined && o.mapIndex !== null && !(int(o.mapIndex) && o.mapIndex >= -1)) return undefined;
  return {
    envKey: o.envKey, dagId: o.dagId, runId: o.runId, taskId: o.taskId,
    ...(int(o.tryNumber) ? { tryNumber: o.tryNumber } : {}),
    ...(int(o.mapIndex) && o.mapIndex >= 0 ? { mapIndex: o.mapIndex } : {}),
    ...(str(o.logicalDate) ? { logicalDate: o.logicalDate } : {}),
  };
}

/** A run log reference from a command argument; undefined when it is not one. */
export function parseRunLogRef(arg: unknown): RunLogRef | undefined {
  const o = unwrap(arg, 'runLog');
  if (!o || !str(o.envKey) || !str(o.dagId) || !str(o.runId)) return undefined;
  return {
    envKey: o.envKey, dagId: o.dagId, runId: o.runId,
    ...(str(o.taskId) ? { taskId: o.taskId } : {}),
    ...(typeof o.filterPattern === 'string' ? { filterPattern: o.filterPattern } : {}),
  };
}

/** True for a tree element (a person clicked it) rather than a plain object from code. */
export function isTreeElement(arg: unknown, property: 'taskLog' | 'runLog'): boolean {
  return !!arg && typeof arg === 'object' && property in arg;
}

/** The stream names a run's tail covers: the run's prefix, or one task's. */
export function runTailPrefix(ref: RunLogRef, template: TaskLogTemplate): string {
  if (ref.taskId && template === 'current') return taskStreamPrefix(ref.dagId, ref.runId, ref.taskId);
  return runStreamPrefix(ref.dagId, ref.runId, template);
}

/** `etl.load [3] attempt 2` — a short title for tabs and terminals. */
export function taskLogTitle(ref: Pick<TaskLogRef, 'dagId' | 'taskId' | 'mapIndex'> & { tryNumber?: number }): string {
  const mapped = ref.mapIndex !== undefined && ref.mapIndex >= 0 ? ` [${ref.mapIndex}]` : '';
  return `${ref.dagId}.${ref.taskId}${mapped}${ref.tryNumber ? ` attempt ${ref.tryNumber}` : ''}`;
}

/** Attempt numbers that have a stream, from stream names under a task's prefix. */
export function attemptsFromStreams(streams: readonly string[], ref: Pick<TaskLogRef, 'dagId' | 'runId' | 'taskId' | 'mapIndex'>): number[] {
  const mapped = ref.mapIndex !== undefined && ref.mapIndex >= 0 ? `map_index=${ref.mapIndex}/` : '';
  const prefix = taskStreamPrefix(ref.dagId, ref.runId, ref.taskId) + cloudWatchSafe(mapped);
  const out = new Set<number>();
  for (const s of streams) {
    if (!s.startsWith(prefix)) continue;
    const m = /^attempt=(\d+)\.log$/.exec(s.slice(prefix.length));
    if (m) out.add(Number(m[1]));
  }
  return [...out].sort((a, b) => a - b);
}

// Task instance states before a task runs, and those in which it never runs at all.
const NOT_STARTED = new Set(['', 'none', 'null', 'scheduled', 'queued', 'removed']);
const NEVER_RUNS = new Set(['skipped', 'upstream_failed']);
/** States in which the task's current attempt may still write lines. */
export const RUNNING_STATES: ReadonlySet<string> = new Set(['running', 'deferred', 'restarting', 'up_for_reschedule', 'up_for_retry', 'queued', 'scheduled']);

export interface MissingStreamFacts {
  readonly title: string;
  readonly stream: string;
  readonly group: string;
  readonly tryNumber: number;
  /** The task instance's state, when Airflow could be asked. */
  readonly state?: string;
  /** Attempts of this task that do have a stream. */
  readonly attemptsWithLogs: readonly number[];
}

export type MissingStreamKind = 'not-started' | 'never-runs' | 'other-attempts' | 'no-logs';

/** Why a task's stream is missing, and what to tell the user about it. */
export function explainMissingStream(f: MissingStreamFacts): { kind: MissingStreamKind; message: string } {
  const state = (f.state ?? '').toLowerCase();
  if (f.attemptsWithLogs.length && !f.attemptsWithLogs.includes(f.tryNumber)) {
    return {
      kind: 'other-attempts',
      message: `${f.title} has no log: attempt ${f.tryNumber} ${NOT_STARTED.has(state) || RUNNING_STATES.has(state) ? 'has not written one yet' : 'did not run'}. Logs exist for attempt${f.attemptsWithLogs.length > 1 ? 's' : ''} ${f.attemptsWithLogs.join(', ')}.`,
    };
  }
  if (f.state !== undefined && NOT_STARTED.has(state)) {
    return { kind: 'not-started', message: `${f.title} has not started yet (state: ${state || 'none'}), so it has no log yet. Follow it live to see its lines when it starts.` };
  }
  if (NEVER_RUNS.has(state)) {
    return { kind: 'never-runs', message: `${f.title} did not run (state: ${state}), so it has no log.` };
  }
  return {
    kind: 'no-logs',
    message: `${f.title} has no log stream in ${f.group} (expected ${f.stream}). Task logs may have been disabled when it ran, the log may have expired under the group's retention, or the task has only just started: try again in a few seconds.`,
  };
}
