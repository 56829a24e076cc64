/**
 * The notification when a followed run (one the user triggered) ends: its state and, when it
 * failed, the failed tasks with a "Show Logs" action each (up to three).
 */
import type { DagRun, TaskInstance } from '../../core/airflow/models';
import { failedTaskNames, taskLabel } from '../../core/airflow/runsView';
import type { Logger } from '../../core/logger';
import type { TreeTaskLogRef } from '../../core/logs/taskLogRef';
import { parseEnvironmentKey } from '../../core/mwaa/environmentKey';
import { COMMANDS } from '../../host/commandIds';
import type { Notifier } from '../../host/notify';
import type { RunsTree } from './runsTree';

/** A run-end notification as it was shown, with its actions' arguments (test seams). */
export interface RunEndNotice {
  readonly envKey: string;
  readonly dagId: string;
  readonly runId: string;
  readonly state: string;
  readonly failedTasks: readonly string[];
  readonly message: string;
  readonly actions: readonly { label: string; command: string; args: unknown[] }[];
}

export class RunEndNotices {
  /** What was shown, oldest first. */
  readonly shown: RunEndNotice[] = [];

  constructor(private readonly tree: RunsTree, private readonly notify: Notifier, private readonly logger: Logger) {}

  /** The notification names failed tasks: read them once more if the last read predates the end. */
  async runEnded(envKey: string, run: DagRun, tasks: readonly TaskInstance[]): Promise<void> {
    if (run.state !== 'success' && !tasks.some((t) => t.state === 'failed')) {
      try {
        const { client } = await this.tree.client(envKey);
        tasks = await client.listTaskInstances(run.dagId, run.runId);
        this.tree.applyTasks(envKey, run, [...tasks]);
      } catch (err) {
        this.logger.warn(`tasks of ended run ${run.runId}: ${(err as Error).message}`);
      }
    }
    this.shown.push(this.show(envKey, run, tasks));
  }

  private show(envKey: string, run: DagRun, tasks: readonly TaskInstance[]): RunEndNotice {
    const envName = parseEnvironmentKey(envKey)?.name ?? envKey;
    const failed = tasks.filter((t) => t.state === 'failed');
    const names = failedTaskNames(tasks);
    const ok = run.state === 'success';
    const message = ok
      ? `${run.dagId} succeeded on ${envName} (${run.runId}).`
      : `${run.dagId} ${run.state} on ${envName} (${run.runId})${names.length ? `: failed task${names.length > 1 ? 's' : ''} ${names.join(', ')}` : ''}.`;
    const logAction = (t: TaskInstance, label: string) => ({
      label, command: COMMANDS.logs.showTaskLogs,
      args: [{ envKey, dagId: t.dagId, runId: t.runId, taskId: t.taskId, tryNumber: t.tryNumber, mapIndex: t.mapIndex } satisfies TreeTaskLogRef],
    });
    const actions = failed.length === 1 ? [logAction(failed[0]!, 'Show Logs')] : failed.slice(0, 3).map((t) => logAction(t, `Show Logs: ${taskLabel(t)}`));
    if (ok) this.notify.info(message, actions, 'runs');
    else this.notify.error(message, actions, 'runs');
    return { envKey, dagId: run.dagId, runId: run.runId, state: run.state, failedTasks: names, message, actions };
  }
}
