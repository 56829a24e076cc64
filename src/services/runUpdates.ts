/**
 * What the runs poller read, for whoever else shows the same runs (the DAG view): one event per
 * poll of an environment, carrying the task instances of each run it read and the runs it listed.
 * Features never import each other, so the poller publishes here and the DAG view listens; a
 * listener that sees its runs covered makes no call of its own.
 */
import * as vscode from 'vscode';
import type { DagRun, TaskInstance } from '../core/airflow/models';

export interface RunTasksRead {
  readonly dagId: string;
  readonly runId: string;
  /** Every task instance of the run, as one read returned them. */
  readonly tasks: readonly TaskInstance[];
}

export interface RunUpdate {
  readonly envKey: string;
  readonly taskRuns: readonly RunTasksRead[];
  readonly runs: readonly DagRun[];
  /** Date.now() when the read ended. */
  readonly at: number;
}

export class RunUpdates implements vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<RunUpdate>();
  readonly onDidUpdate = this.emitter.event;

  publish(update: RunUpdate): void {
    this.emitter.fire(update);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
