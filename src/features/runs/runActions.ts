/**
 * Actions on a run or a task instance that change it in Airflow: clear a task (it runs again),
 * mark a run as success or failed. Each asks first, then reads the run again.
 */
import { UserFacingError } from '../../core/errors';
import type { RunLogRef, TaskLogRef } from '../../core/logs/taskLogRef';
import type { RunsContext } from './runsContext';

/** Clears a task instance after the user confirms; true when cleared. */
export async function clearTask(ctx: RunsContext, arg: unknown): Promise<boolean> {
  ctx.services.trust.require();
  const ref = refOf<TaskLogRef>(arg, 'taskLog', ['envKey', 'dagId', 'runId', 'taskId']);
  const { env, client } = await ctx.tree.client(ref.envKey);
  const answer = await ctx.services.prompts.confirm('runs.clearTask', `Clear task ${ref.taskId} of run ${ref.runId} (${ref.dagId}) on ${env.name}?`, {
    modal: true, warning: true, detail: 'Airflow runs the task again: its state is reset and the run goes back to queued.',
  }, 'Clear Task', 'Clear with Downstream');
  if (!answer) return false;
  await client.clearTask(ref.dagId, ref.runId, [ref.taskId], { downstream: answer === 'Clear with Downstream' });
  await refreshRun(ctx, ref);
  return true;
}

/** Sets a run's state after the user confirms; the run's new state, or undefined when not confirmed. */
export async function markRun(ctx: RunsContext, arg: unknown, state: 'success' | 'failed'): Promise<string | undefined> {
  ctx.services.trust.require();
  const ref = refOf<RunLogRef>(arg, 'runLog', ['envKey', 'dagId', 'runId']);
  const { env, client } = await ctx.tree.client(ref.envKey);
  const label = state === 'success' ? 'Mark Success' : 'Mark Failed';
  const answer = await ctx.services.prompts.confirm('runs.markRun', `Mark run ${ref.runId} of ${ref.dagId} on ${env.name} as ${state}?`, {
    modal: true, warning: true, detail: state === 'failed' ? 'Running tasks are stopped and unfinished ones will not run.' : 'Unfinished tasks are set to success without running.',
  }, label);
  if (answer !== label) return undefined;
  const run = await client.setRunState(ref.dagId, ref.runId, state);
  ctx.tree.applyRuns(ref.envKey, [run]);
  await refreshRun(ctx, ref);
  return run.state;
}

/** After an action: the run's tasks and state read again, and polling resumed. */
async function refreshRun(ctx: RunsContext, ref: RunLogRef): Promise<void> {
  const { tree } = ctx;
  const { client } = await tree.client(ref.envKey);
  const run = (await client.listRuns([ref.dagId], { limit: 50 })).items.find((r) => r.runId === ref.runId);
  if (run) tree.applyRuns(ref.envKey, [run]);
  if (tree.runState(ref.envKey, ref.dagId, ref.runId)) tree.applyTasks(ref.envKey, ref, await client.listTaskInstances(ref.dagId, ref.runId));
  ctx.poller.kick(1000);
}

/** A log reference from a tree node (its `taskLog` / `runLog`) or given directly. */
function refOf<T>(arg: unknown, prop: 'taskLog' | 'runLog', keys: readonly string[]): T {
  const a = arg as Record<string, unknown> | undefined;
  const ref = (a && typeof a === 'object' && a[prop] && typeof a[prop] === 'object' ? a[prop] : a) as Record<string, unknown> | undefined;
  if (!ref || keys.some((k) => typeof ref[k] !== 'string')) {
    throw new UserFacingError(prop === 'taskLog' ? 'Pick a task instance in the MWAA tree (under a DAG run) first.' : 'Pick a DAG run in the MWAA tree first.');
  }
  return ref as T;
}
