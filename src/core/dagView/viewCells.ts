/**
 * Runs and task instances as the DAG view shows them: a run with a readable label, and one cell
 * per task and run (a mapped task's instances summarised in one cell, showing the state that most
 * needs a look).
 */
import type { DagRun, TaskInstance } from '../airflow/models';
import type { TimedTaskInstance } from '../airflow/runInstances';
import { runLabel } from '../airflow/runsView';
import type { ViewCell, ViewRun } from './viewTypes';

export function toViewRun(run: DagRun): ViewRun {
  const due = run.runAfter ?? run.logicalDate ?? undefined;
  return {
    runId: run.runId,
    state: run.state || 'none',
    label: runLabel(run),
    ...(run.runType ? { runType: run.runType } : {}),
    ...(run.startDate ? { start: run.startDate } : {}),
    ...(run.endDate ? { end: run.endDate } : {}),
    ...(due ? { due } : {}),
  };
}

/** Which state a summary of mapped instances shows: the first in this list any instance is in. */
const ATTENTION = ['failed', 'upstream_failed', 'running', 'up_for_retry', 'up_for_reschedule', 'restarting', 'deferred', 'queued', 'scheduled', 'success', 'skipped', 'removed'];

function rank(state: string | undefined): number {
  const i = state ? ATTENTION.indexOf(state) : -1;
  return i < 0 ? ATTENTION.length : i;
}

function cellOf(ti: TimedTaskInstance): ViewCell {
  return {
    runId: ti.runId,
    taskId: ti.taskId,
    ...(ti.state ? { state: ti.state } : {}),
    tryNumber: ti.tryNumber,
    mapIndex: ti.mapIndex,
    ...(ti.queuedWhen ? { queued: ti.queuedWhen } : {}),
    ...(ti.startDate ? { start: ti.startDate } : {}),
    ...(ti.endDate ? { end: ti.endDate } : {}),
    ...(ti.durationSeconds !== undefined ? { duration: ti.durationSeconds } : {}),
  };
}

/** One cell per task of a run, from its instances (mapped ones summarised). */
export function cellsOfRun(tis: readonly (TaskInstance | TimedTaskInstance)[]): ViewCell[] {
  const byTask = new Map<string, TimedTaskInstance[]>();
  for (const ti of tis) {
    const list = byTask.get(ti.taskId);
    if (list) list.push(ti);
    else byTask.set(ti.taskId, [ti]);
  }
  const out: ViewCell[] = [];
  for (const list of byTask.values()) {
    const plain = list.find((t) => t.mapIndex < 0);
    if (plain || list.length === 1) {
      out.push(cellOf(plain ?? list[0]!));
      continue;
    }
    out.push(summary(list));
  }
  return out;
}

function summary(list: readonly TimedTaskInstance[]): ViewCell {
  const shown = [...list].sort((a, b) => rank(a.state) - rank(b.state) || a.mapIndex - b.mapIndex)[0]!;
  const starts = list.map((t) => t.startDate).filter((s): s is string => !!s).sort();
  const queued = list.map((t) => t.queuedWhen).filter((s): s is string => !!s).sort();
  const ends = list.map((t) => t.endDate).filter((s): s is string => !!s).sort();
  const allEnded = ends.length === list.length;
  const first = starts[0];
  const last = allEnded ? ends[ends.length - 1] : undefined;
  return {
    runId: shown.runId,
    taskId: shown.taskId,
    ...(shown.state ? { state: shown.state } : {}),
    tryNumber: Math.max(...list.map((t) => t.tryNumber)),
    mapIndex: shown.mapIndex,
    mapped: list.length,
    ...(queued[0] ? { queued: queued[0] } : {}),
    ...(first ? { start: first } : {}),
    ...(last ? { end: last } : {}),
    ...(first && last ? { duration: Math.max(0, (Date.parse(last) - Date.parse(first)) / 1000) } : {}),
  };
}

/**
 * A fresh cell keeps the queued time its predecessor had for the same try: the runs poller's reads
 * do not carry it, the view's own reads do.
 */
export function keepQueued(fresh: ViewCell, prev: ViewCell | undefined): ViewCell {
  if (fresh.queued || !prev?.queued || prev.tryNumber !== fresh.tryNumber || prev.mapIndex !== fresh.mapIndex) return fresh;
  return { ...fresh, queued: prev.queued };
}

export function sameCell(a: ViewCell | undefined, b: ViewCell | undefined): boolean {
  if (!a || !b) return a === b;
  return a.state === b.state && a.tryNumber === b.tryNumber && a.mapIndex === b.mapIndex && a.mapped === b.mapped && a.queued === b.queued
    && a.start === b.start && a.end === b.end && a.duration === b.duration;
}

export function sameRun(a: ViewRun | undefined, b: ViewRun | undefined): boolean {
  if (!a || !b) return a === b;
  return a.state === b.state && a.label === b.label && a.start === b.start && a.end === b.end && a.runType === b.runType && a.due === b.due;
}
