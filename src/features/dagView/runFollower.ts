/**
 * Keeps an open DAG view's runs current. What the runs poller reads (services.runUpdates) is
 * applied as it comes, at no cost; only an unfinished run the poller did not cover within an
 * interval and a half is read here, all such runs in one batch call (plus one runs listing when a
 * run's own state is needed, as the poller decides it), and only while the panel is visible.
 */
import type * as vscode from 'vscode';
import type { AirflowClient } from '../../core/airflow/airflowClient';
import type { DagRun } from '../../core/airflow/models';
import { readRunInstances, type TimedTaskInstance } from '../../core/airflow/runInstances';
import { planPoll } from '../../core/airflow/runsPolling';
import { describeError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { mergeUpdates, type DagViewModel } from '../../core/dagView/viewModel';
import type { ViewUpdate } from '../../core/dagView/viewTypes';
import type { RunUpdate, RunUpdates } from '../../services/runUpdates';

export interface FollowerDeps {
  readonly envKey: string;
  readonly model: DagViewModel;
  readonly client: AirflowClient;
  readonly hub: RunUpdates;
  readonly visible: () => boolean;
  readonly intervalMs: () => number;
  readonly onUpdate: (update: ViewUpdate) => void;
  readonly logger: Logger;
}

/** Airflow 2's batch read returns 100 instances unless asked for more: a fuller poll covered only part. */
const POLLER_PAGE = 100;

export interface FollowStats {
  /** Polls of the runs poller that reached this view. */
  hubUpdates: number;
  /** Reads this view made itself, and the API calls they cost. */
  ownReads: number;
  ownCalls: number;
}

export class RunFollower implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private disposed = false;
  private readonly coveredAt = new Map<string, number>();
  private readonly subscription: vscode.Disposable;
  readonly stats: FollowStats = { hubUpdates: 0, ownReads: 0, ownCalls: 0 };

  constructor(private readonly deps: FollowerDeps) {
    this.subscription = deps.hub.onDidUpdate((u) => this.fromPoller(u));
  }

  private fromPoller(u: RunUpdate): void {
    if (u.envKey !== this.deps.envKey || this.disposed) return;
    const { model } = this.deps;
    const mine = u.taskRuns.filter((r) => r.dagId === model.dagId);
    const runs = u.runs.filter((r) => r.dagId === model.dagId);
    if (!mine.length && !runs.length) return;
    this.stats.hubUpdates++;
    const complete = u.taskRuns.reduce((n, r) => n + r.tasks.length, 0) < POLLER_PAGE;
    const updates = [model.applyRuns(runs), ...mine.map((r) => model.applyInstances(r.runId, r.tasks, false))];
    if (complete) for (const r of mine) this.coveredAt.set(r.runId, u.at);
    const merged = mergeUpdates(updates);
    if (merged) this.deps.onUpdate(merged);
    this.kick();
  }

  /** Schedules the next own read while something shown can still change and the panel is visible. */
  kick(delayMs?: number): void {
    if (this.disposed || this.running) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!this.deps.visible() || !this.deps.model.unfinishedRuns().length) return;
    this.timer = setTimeout(() => void this.tick(), delayMs ?? this.deps.intervalMs());
  }

  /** Reads the unfinished runs the poller has not covered lately; returns the calls made. */
  async tick(force = false): Promise<number> {
    if (this.running || this.disposed) return 0;
    this.running = true;
    const { model, client } = this.deps;
    let calls = 0;
    const slack = this.deps.intervalMs() * 1.5;
    const now = Date.now();
    const due = model.unfinishedRuns().filter((r) => force || now - (this.coveredAt.get(r.runId) ?? 0) > slack);
    try {
      if (!due.length) return 0;
      const read = await readRunInstances(client, due.map((r) => ({ dagId: model.dagId, runId: r.runId })));
      calls += read.calls;
      const updates: (ViewUpdate | undefined)[] = [model.applyRunsInstances(due.map((r) => r.runId), read.items, !read.truncated)];
      const plan = planPoll(due.map((r) => ({ run: asRun(model.dagId, r.runId, r.state), open: true, followed: false, tasks: tasksOf(read.items, r.runId) })), true);
      if (plan?.runDags.length) {
        calls++;
        updates.push(model.applyRuns((await client.listRuns([model.dagId], { limit: Math.max(25, model.runCount) })).items));
      }
      this.stats.ownReads++;
      const merged = mergeUpdates(updates);
      if (merged) this.deps.onUpdate(merged);
    } catch (err) {
      this.deps.logger.warn(`DAG view ${model.dagId}: ${describeError(err)}`);
    } finally {
      this.stats.ownCalls += calls;
      this.running = false;
      this.kick();
    }
    return calls;
  }

  /** After an action on a run (clear, mark): its state and instances read again, then followed. */
  async refreshRun(runId: string): Promise<void> {
    const { model, client } = this.deps;
    const runs = await client.listRuns([model.dagId], { limit: Math.max(25, model.runCount) });
    const read = await readRunInstances(client, [{ dagId: model.dagId, runId }]);
    this.stats.ownCalls += 1 + read.calls;
    const merged = mergeUpdates([model.applyRuns(runs.items), model.applyInstances(runId, read.items, !read.truncated)]);
    if (merged) this.deps.onUpdate(merged);
    this.kick();
  }

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    this.subscription.dispose();
  }
}

function asRun(dagId: string, runId: string, state: string): DagRun {
  return { dagId, runId, state, logicalDate: null, conf: {} };
}

function tasksOf(tis: readonly TimedTaskInstance[], runId: string): TimedTaskInstance[] {
  return tis.filter((t) => t.runId === runId);
}
