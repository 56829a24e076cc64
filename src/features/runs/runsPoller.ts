/**
 * Keeps what the runs tree shows current: a timer that runs only while something shown is
 * unfinished and the view is visible (runs the user triggered are also followed in the background,
 * slower, for their end notification). Each poll is one batch call for the task instances of every
 * open run of an environment, plus one runs listing only when a run's own state is needed.
 */
import type * as vscode from 'vscode';
import type { DagRun, TaskInstance } from '../../core/airflow/models';
import { endedRuns, planCalls, planPoll, pollDelayMs } from '../../core/airflow/runsPolling';
import { describeError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { RunsTree } from './runsTree';

export interface PollerDeps {
  readonly tree: RunsTree;
  readonly logger: Logger;
  readonly visible: () => boolean;
  readonly intervalMs: () => number;
  /** A followed run ended; `tasks` are its task instances as last read. */
  readonly onRunEnded: (envKey: string, run: DagRun, tasks: readonly TaskInstance[]) => void;
}

export interface PollStats {
  polls: number;
  /** API calls the polls made (from each client's own counter). */
  calls: number;
  /** Calls of the last poll. */
  lastPollCalls: number;
  polling: boolean;
}

export class RunsPoller implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private disposed = false;
  readonly stats: PollStats = { polls: 0, calls: 0, lastPollCalls: 0, polling: false };

  constructor(private readonly deps: PollerDeps) {}

  /** Something changed (expanded, triggered, view shown): poll soon if there is a reason to. */
  kick(delayMs?: number): void {
    if (this.disposed || this.running) return;
    const visible = this.deps.visible();
    const needed = [...this.deps.tree.shownRuns().values()].some((shown) => planPoll(shown, visible));
    clearTimeout(this.timer);
    this.timer = undefined;
    this.stats.polling = needed;
    if (!needed) return;
    this.timer = setTimeout(() => void this.poll(), delayMs ?? pollDelayMs(visible, this.deps.intervalMs()));
  }

  /** One poll of every environment with something live; returns the calls made. */
  async poll(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let calls = 0;
    try {
      const visible = this.deps.visible();
      for (const [envKey, shown] of this.deps.tree.shownRuns()) {
        const plan = planPoll(shown, visible);
        if (!plan) continue;
        try {
          calls += await this.pollEnvironment(envKey, plan, shown.map((s) => s.run));
        } catch (err) {
          calls += planCalls(plan);
          this.deps.logger.warn(`runs poll of ${envKey}: ${describeError(err)}`);
        }
      }
      this.stats.polls++;
      this.stats.calls += calls;
      this.stats.lastPollCalls = calls;
    } finally {
      this.running = false;
    }
    this.kick();
    return calls;
  }

  private async pollEnvironment(envKey: string, plan: NonNullable<ReturnType<typeof planPoll>>, before: readonly DagRun[]): Promise<number> {
    const { client } = await this.deps.tree.client(envKey);
    const start = client.calls;
    if (plan.taskRuns.length) {
      const tis = await client.listTaskInstancesOfRuns(plan.taskRuns);
      for (const r of plan.taskRuns) this.deps.tree.applyTasks(envKey, r, tis.filter((t) => t.dagId === r.dagId && t.runId === r.runId));
    }
    if (plan.runDags.length) {
      const runs = (await client.listRuns(plan.runDags, { limit: Math.max(25, before.length) })).items;
      this.deps.tree.applyRuns(envKey, runs);
      for (const run of endedRuns(before, runs)) {
        const state = this.deps.tree.runState(envKey, run.dagId, run.runId);
        if (!state?.followed) continue;
        this.deps.tree.unfollow(envKey, run.dagId, run.runId);
        let tasks = state.tasks ?? [];
        // The end notification names failed tasks: read them once more if the last read predates the end.
        if (run.state === 'failed' && !tasks.some((t) => t.state === 'failed')) {
          tasks = await client.listTaskInstances(run.dagId, run.runId);
          this.deps.tree.applyTasks(envKey, run, tasks);
        }
        this.deps.onRunEnded(envKey, run, tasks);
      }
    }
    return client.calls - start;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
  }
}

