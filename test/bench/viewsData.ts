import type { RawTask } from '../../src/core/airflow/dagStructure';
import type { DagRun, TaskInstance } from '../../src/core/airflow/models';

/**
 * A synthetic DAG for bench:views, shaped like a large real one: `tasks` tasks in groups of ten
 * (every third group inside the one before it), a chain inside each group, fan-out and fan-in
 * between groups; `runs` runs, the newest still running, one failed task in every fifth run.
 */
export interface SyntheticDag {
  readonly dagId: string;
  readonly tasks: RawTask[];
  readonly runs: DagRun[];
  readonly instances: TaskInstance[];
}

export function syntheticDag(tasksCount: number, runsCount: number): SyntheticDag {
  const dagId = `bench_views_${tasksCount}`;
  const groups = Math.ceil(tasksCount / 10);
  const groupId = (g: number) => (g % 3 === 2 ? `g${g - 1}.sub${g}` : `g${g}`);
  const tasks: RawTask[] = [];
  for (let i = 0; i < tasksCount; i++) {
    const g = Math.floor(i / 10);
    const k = i % 10;
    const downstream: string[] = [];
    if (k < 9 && i + 1 < tasksCount) downstream.push(`${groupId(g)}.t${i + 1}`);
    // The last of a group feeds the first of the next two groups; every third task a side edge.
    if (k === 9) for (const n of [g + 1, g + 2]) if (n < groups) downstream.push(`${groupId(n)}.t${n * 10}`);
    if (k === 3 && g + 1 < groups) downstream.push(`${groupId(g + 1)}.t${(g + 1) * 10 + 5}`);
    tasks.push({ id: `${groupId(g)}.t${i}`, downstream, operator: k % 2 ? 'PythonOperator' : 'EmptyOperator', mapped: false });
  }
  const day = Date.UTC(2026, 0, 1);
  const runs: DagRun[] = [];
  const instances: TaskInstance[] = [];
  for (let r = 0; r < runsCount; r++) {
    const start = day + (runsCount - r) * 3_600_000;
    const runId = `scheduled__${new Date(start).toISOString()}`;
    const running = r === 0;
    const failedAt = r % 5 === 4 ? Math.floor(tasksCount / 2) : -1;
    runs.push({ dagId, runId, state: running ? 'running' : failedAt >= 0 ? 'failed' : 'success', logicalDate: new Date(start).toISOString(), runAfter: new Date(start).toISOString(), startDate: new Date(start).toISOString(), ...(running ? {} : { endDate: new Date(start + tasksCount * 2000).toISOString() }), conf: {} });
    tasks.forEach((t, i) => {
      const s = start + i * 2000;
      const state = running ? (i < tasksCount / 2 ? 'success' : i < tasksCount / 2 + 20 ? 'running' : undefined) : failedAt < 0 ? 'success' : i === failedAt ? 'failed' : i > failedAt ? 'upstream_failed' : 'success';
      instances.push({
        dagId, runId, taskId: t.id, mapIndex: -1, state, tryNumber: state === 'failed' ? 2 : state ? 1 : 0,
        ...(state && state !== 'upstream_failed' ? { startDate: new Date(s).toISOString() } : {}),
        ...(state && state !== 'running' && state !== 'upstream_failed' ? { endDate: new Date(s + 1500).toISOString(), durationSeconds: 1.5 } : {}),
      });
    });
  }
  return { dagId, tasks, runs, instances };
}

/** One poll's read of the running run: the running tasks finish, the next ones start. */
export function nextPoll(dag: SyntheticDag, step: number): TaskInstance[] {
  const runId = dag.runs[0]!.runId;
  const n = dag.tasks.length;
  const from = Math.floor(n / 2) + step * 5;
  return dag.instances.filter((t) => t.runId === runId).map((t, i) => {
    if (i < from) return { ...t, state: 'success', endDate: t.endDate ?? new Date(Date.UTC(2026, 0, 2) + step * 1000).toISOString() };
    if (i < from + 20) return { ...t, state: 'running', tryNumber: 1, startDate: t.startDate ?? new Date(Date.UTC(2026, 0, 2) + step * 1000).toISOString() };
    return t;
  });
}
