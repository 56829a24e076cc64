/**
 * What to ask Airflow on a poll of the runs tree, as a pure decision: nothing when the view is
 * hidden (except runs the user follows) or nothing shown can change; else at most one batch call
 * for the task instances of every open unfinished run, plus one runs listing only for unfinished
 * runs whose task instances are not being read (or whose tasks all ended, to learn the run's end).
 */
import { isFinished, type DagRun, type TaskInstance } from './models';

export interface ShownRun {
  readonly run: DagRun;
  /** Its task instances are shown (the run node is expanded) or followed for a notification. */
  readonly open: boolean;
  /** Triggered here: its end is notified, even while the view is hidden. */
  readonly followed: boolean;
  /** Task instances last read, if open. */
  readonly tasks?: readonly TaskInstance[];
}

export interface PollPlan {
  /** Runs whose task instances to read, in ONE batch call. */
  readonly taskRuns: { dagId: string; runId: string }[];
  /** DAGs whose runs to list again, in ONE batch call. */
  readonly runDags: string[];
}

export function planPoll(shown: readonly ShownRun[], visible: boolean): PollPlan | undefined {
  const live = shown.filter((s) => !isFinished(s.run.state) && (visible || s.followed));
  if (!live.length) return undefined;
  const taskRuns: { dagId: string; runId: string }[] = [];
  const runDags = new Set<string>();
  for (const s of live) {
    const tasksKnown = s.open && s.tasks !== undefined;
    if (s.open) taskRuns.push({ dagId: s.run.dagId, runId: s.run.runId });
    // The run's own state: only from a listing. Needed when its tasks are not read, or when every
    // task ended (the run is about to end, or has).
    if (!tasksKnown || (s.tasks!.length > 0 && s.tasks!.every((t) => isFinished(t.state)))) runDags.add(s.run.dagId);
  }
  return { taskRuns, runDags: [...runDags] };
}

export function planCalls(plan: PollPlan | undefined): number {
  return plan ? (plan.taskRuns.length ? 1 : 0) + (plan.runDags.length ? 1 : 0) : 0;
}

/** Runs that were unfinished and now have ended: what to notify. */
export function endedRuns(before: readonly DagRun[], after: readonly DagRun[]): DagRun[] {
  const was = new Map(before.map((r) => [`${r.dagId}\u0000${r.runId}`, r]));
  return after.filter((r) => {
    const prev = was.get(`${r.dagId}\u0000${r.runId}`);
    return prev !== undefined && !isFinished(prev.state) && isFinished(r.state);
  });
}

/** Delay before the next poll: quick while something runs, slower while only followed in the background. */
export function pollDelayMs(visible: boolean, baseMs: number): number {
  return visible ? baseMs : Math.max(baseMs, 15_000);
}

/**
 * A run's state as far as its task instances tell: a "queued" run with a task that has a state is
 * running (the scheduler starts the run before any task). Saves a runs listing on every poll; the
 * final state still comes from Airflow (see planPoll).
 */
export function runStateFromTasks(run: DagRun, tasks: readonly TaskInstance[]): DagRun {
  if (run.state !== 'queued' || !tasks.some((t) => t.state && t.state !== 'none')) return run;
  return { ...run, state: 'running', startDate: run.startDate ?? tasks.map((t) => t.startDate).filter(Boolean).sort()[0] };
}
