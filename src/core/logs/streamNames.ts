/**
 * CloudWatch log stream names MWAA writes, per Airflow version. Task logs follow Airflow's
 * `log_filename_template`, with every `:` replaced by `_` (stream names may not contain `:`).
 */

export interface TaskAttempt {
  readonly dagId: string;
  readonly runId: string;
  readonly taskId: string;
  /** -1 (or absent) for an unmapped task. */
  readonly mapIndex?: number;
  readonly tryNumber: number;
  /**
   * The run's logical (execution) date as Airflow renders `ts`, e.g. 2024-01-01T00:00:00+00:00.
   * Only the old (2.0-2.2) template uses it.
   */
  readonly logicalDate?: string;
}

/** Which filename template the environment's Airflow uses for task logs. */
export type TaskLogTemplate = 'legacy' | 'current';

/** Airflow 2.0-2.2 used `{dag_id}/{task_id}/{ts}/{try_number}.log`; 2.3 and later the `dag_id=` form. */
export function taskLogTemplateFor(airflowVersion: string): TaskLogTemplate {
  const [major, minor] = airflowVersion.split('.').map((p) => Number.parseInt(p, 10));
  if (major === undefined || Number.isNaN(major)) return 'current';
  return major < 2 || (major === 2 && (minor ?? 0) < 3) ? 'legacy' : 'current';
}

export function cloudWatchSafe(name: string): string {
  return name.replaceAll(':', '_');
}

export function taskStreamName(attempt: TaskAttempt, template: TaskLogTemplate): string {
  if (template === 'legacy') {
    if (!attempt.logicalDate) throw new Error('the Airflow 2.0-2.2 log stream name needs the run\'s logical date');
    return cloudWatchSafe(`${attempt.dagId}/${attempt.taskId}/${attempt.logicalDate}/${attempt.tryNumber}.log`);
  }
  const mapped = attempt.mapIndex !== undefined && attempt.mapIndex >= 0 ? `map_index=${attempt.mapIndex}/` : '';
  return cloudWatchSafe(`dag_id=${attempt.dagId}/run_id=${attempt.runId}/task_id=${attempt.taskId}/${mapped}attempt=${attempt.tryNumber}.log`);
}

/** Prefix of every stream of one run (all tasks, all tries), for "tail this run". */
export function runStreamPrefix(dagId: string, runId: string, template: TaskLogTemplate): string {
  // The legacy template puts the task before the date, so one run has no common prefix
  // narrower than the DAG; callers filter the rest by the date segment.
  if (template === 'legacy') return cloudWatchSafe(`${dagId}/`);
  return cloudWatchSafe(`dag_id=${dagId}/run_id=${runId}/`);
}

/** Prefix of every stream of one task across tries (and map indexes), for "tail this task". */
export function taskStreamPrefix(dagId: string, runId: string, taskId: string): string {
  return cloudWatchSafe(`dag_id=${dagId}/run_id=${runId}/task_id=${taskId}/`);
}

/**
 * Streams of environment components, `{prefix}_{hostname}_{epoch}.log`, and which of the
 * environment's log groups holds them.
 */
export const COMPONENT_STREAMS = {
  requirementsInstall: { prefix: 'requirements_install_', groups: ['Worker', 'Scheduler', 'WebServer'] },
  startupScript: { prefix: 'startup_script_execution_', groups: ['Worker', 'Scheduler', 'WebServer'] },
  scheduler: { prefix: 'scheduler_', groups: ['Scheduler'] },
  worker: { prefix: 'worker_', groups: ['Worker'] },
  webserver: { prefix: 'webserver_', groups: ['WebServer'] },
  triggerer: { prefix: 'triggerer_', groups: ['Scheduler'] },
  dagProcessorManager: { prefix: 'dag_processor_manager', groups: ['DAGProcessing'] },
} as const satisfies Record<string, { prefix: string; groups: readonly LogKind[] }>;

export type LogKind = 'DAGProcessing' | 'Scheduler' | 'Task' | 'WebServer' | 'Worker';

/** Parses a task stream name back into its parts (for "open the DAG this line came from"). */
export function parseTaskStreamName(stream: string): Partial<TaskAttempt> | undefined {
  const m = /^dag_id=([^/]+)\/run_id=([^/]+)\/task_id=([^/]+)\/(?:map_index=(\d+)\/)?attempt=(\d+)\.log$/.exec(stream);
  if (!m) return undefined;
  return {
    dagId: m[1]!,
    runId: m[2]!, // with `_` where Airflow had `:`: not reversible, shown as is
    taskId: m[3]!,
    ...(m[4] !== undefined ? { mapIndex: Number(m[4]) } : {}),
    tryNumber: Number(m[5]),
  };
}
