/**
 * Keeps what the runs tree shows current: a timer that runs only while something shown is
 * unfinished and the view is visible (runs the user triggered are also followed in the background,
 * slower, for their end notification). Each poll is one batch call for the task instances of every
 * open run of an environment, plus one runs listing only when a run's own state is needed.
 */
import type * as vscode from 'vscode';
import type { DagRun, TaskInstance } from '../../core/airflow/models';
import { planCalls, planPoll, pollDelayMs } from '../../core/airflow/runsPolling';
import { describeError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { RunUpdate } from '../../services/runUpdates';
import type { RunsTree } from './runsTree';

export interface PollerDeps {
  readonly tree: RunsTree;
  readonly logger: Logger;
  readonly visible: () => boolean;
  readonly intervalMs: () => number;
  /** Told what each poll of an environment read (services.runUpdates: the DAG view follows it). */
  readonly publish?: (update: RunUpdate) => void;
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
          calls += await this.pollEnvironment(envKey, plan);
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

  private async pollEnvironment(envKey: string, plan: NonNullable<ReturnType<typeof planPoll>>): Promise<number> {
    const { client } = await this.deps.tree.client(envKey);
    const start = client.calls;
    const taskRuns: { dagId: string; runId: string; tasks: TaskInstance[] }[] = [];
    let runs: readonly DagRun[] = [];
    if (plan.taskRuns.length) {
      const tis = await client.listTaskInstancesOfRuns(plan.taskRuns);
      for (const r of plan.taskRuns) {
        const tasks = tis.filter((t) => t.dagId === r.dagId && t.runId === r.runId);
        taskRuns.push({ ...r, tasks });
        this.deps.tree.applyTasks(envKey, r, tasks);
      }
    }
    if (plan.runDags.length) {
      // Ends of followed runs are noticed by the tree (onDidEndFollowedRun).
      runs = (await client.listRuns(plan.runDags, { limit: 50 })).items;
      this.deps.tree.applyRuns(envKey, runs);
    }
    this.deps.publish?.({ envKey, taskRuns, runs, at: Date.now() });
    return client.calls - start;
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
  }
}

