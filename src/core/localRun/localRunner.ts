/**
 * Runs `python -m airflow <args>` of a local run to its end: each output line to the caller as it
 * comes (for the terminal), followed by a RunTracker for the summary; cancel kills the whole
 * process group (a task's own children too).
 */
import { runProcess } from '../runtime/processRun';
import { RunTracker, type RunSummary } from './runOutput';

export interface LocalRunOptions {
  readonly python: string;
  /** What follows `python -m airflow` (runCommands). */
  readonly args: readonly string[];
  /** The complete environment (localRunEnv). */
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly signal?: AbortSignal;
  readonly onLine: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Killed after this long (default 6 hours: a task may legitimately run long). */
  readonly timeoutMs?: number;
}

export interface LocalRunResult {
  /**
   * 0 when the run succeeded. Airflow 3's `tasks test` exits 0 even when the task failed, so a
   * failed task in the output makes it 1 whatever the process said.
   */
  readonly code: number | undefined;
  /** The process's own exit code (undefined: ended by a signal). */
  readonly processCode: number | undefined;
  readonly summary: RunSummary;
  readonly ms: number;
  readonly stopped?: 'aborted' | 'timeout';
}

export async function runLocally(opts: LocalRunOptions): Promise<LocalRunResult> {
  const tracker = new RunTracker();
  const r = await runProcess(opts.python, ['-m', 'airflow', ...opts.args], {
    cwd: opts.cwd,
    env: opts.env,
    timeoutMs: opts.timeoutMs ?? 6 * 3600_000,
    // The caller has every line; only a short tail is kept here.
    maxCaptureBytes: 16 * 1024,
    ...(opts.signal ? { signal: opts.signal } : {}),
    onLine: (line, stream) => {
      tracker.push(line);
      opts.onLine(line, stream);
    },
  });
  const summary = tracker.summary();
  const code = r.code === 0 && summary.failedTasks.length > 0 ? 1 : r.code;
  return { code, processCode: r.code, summary, ms: r.ms, ...(r.stopped ? { stopped: r.stopped } : {}) };
}
