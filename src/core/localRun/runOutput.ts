/**
 * What a local run's output says, line by line: which task starts, succeeds or fails, and where a
 * traceback points (file:line, so the terminal can link the user's files). The lines are Airflow's
 * own log lines, which differ by major and by command:
 * - Airflow 2: `Exporting env vars: ... AIRFLOW_CTX_TASK_ID='t'` / `Executing <Task(Op): t>` when a
 *   task executes, `Marking task as SUCCESS|FAILED|UP_FOR_RETRY|SKIPPED. dag_id=d, task_id=t, ...`.
 * - Airflow 3: `[DAG TEST] starting task_id=t`, then the in-process API's `Task started` and
 *   `Task instance state updated ... new_state=success|failed|...` (no task id: the current task's).
 * - Both `dags test`: `[DAG TEST] starting task_id=t` also for a task only marked successful on
 *   Airflow 2 (a conf run of one task), so a task counts as run only once it really executes.
 */
import { colorizeLine } from '../logs/ansiColor';
import { findTracebackFrames } from '../logs/tracebackPaths';

export type RunLineKind =
  | 'task-current' | 'task-started' | 'task-succeeded' | 'task-failed' | 'task-retry' | 'task-skipped' | 'task-marked'
  | 'traceback-start' | 'traceback-frame' | 'exception' | 'other';

export interface RunFrame {
  readonly file: string;
  /** 1-based. */
  readonly line: number;
  /** Where `File "…", line N` is in the line (for a terminal link). */
  readonly linkStart: number;
  readonly linkLength: number;
}

export interface RunLine {
  readonly kind: RunLineKind;
  /** The task the line names; absent when Airflow's line does not (then it is the current task's). */
  readonly taskId?: string;
  /** For 'traceback-frame': every `File "…", line N` of the line. */
  readonly frames?: readonly RunFrame[];
  /** For 'traceback-frame': the first frame's file and 1-based line. */
  readonly file?: string;
  readonly line?: number;
}

export interface RunSummary {
  /** Tasks whose last outcome was a failure (or a failed try waiting for a retry). */
  readonly failedTasks: string[];
  readonly succeededTasks: string[];
  /** Tasks in the order they started executing (each once). */
  readonly order: string[];
  readonly skippedTasks: string[];
  /** Traceback frames in files outside the runtime (the user's code), each once, in order. */
  readonly userFrames: Array<{ file: string; line: number }>;
}

const ID = '[A-Za-z0-9_.-]{1,250}';
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]/g;
const DAG_TEST_START = new RegExp(`\\[DAG TEST\\] starting task_id=(${ID})`);
const DAG_TEST_MARKED = new RegExp(`\\[DAG TEST\\] Marking success for <Task\\([\\w.]+\\): (${ID})>`);
const AF2_EXPORT = new RegExp(`Exporting env vars: .*AIRFLOW_CTX_TASK_ID='(${ID})'`);
const AF2_EXECUTING = new RegExp(`\\bExecuting <Task\\([\\w.]+\\): (${ID})> on `);
const AF2_MARKING = new RegExp(`Marking task as (SUCCESS|FAILED|UP_FOR_RETRY|SKIPPED)\\. dag_id=${ID}, task_id=(${ID}),`);
const AF3_STARTED = /\bTask started\b.*\bexecution_api\b/;
const AF3_STATE = /\bTask instance state updated\b.*\bnew_state=(\w+)/;
const TASK_FAILED = /\bTask failed with exception\b/;
const TRACEBACK = /^\s*Traceback \(most recent call last\):/;
const EXCEPTION = /^[A-Za-z_][\w.]*(Error|Exception|Interrupt|Exit|Failure|Timeout)(:.*)?$/;
// Not the user's code: the runtime's packages, the standard library, frozen modules.
const LIBRARY = /[\\/](site-packages|dist-packages|lib[\\/]python\d[\d.]*)[\\/]|^<|[\\/]Lib[\\/]/;

const OUTCOME: Record<string, RunLineKind> = {
  SUCCESS: 'task-succeeded', FAILED: 'task-failed', UP_FOR_RETRY: 'task-retry', SKIPPED: 'task-skipped',
  success: 'task-succeeded', failed: 'task-failed', up_for_retry: 'task-retry', skipped: 'task-skipped',
};

/** One line of the run's output (ANSI colours ignored). */
export function classifyLine(raw: string): RunLine {
  const line = raw.replace(ANSI, '');
  let m: RegExpExecArray | null;
  if ((m = DAG_TEST_START.exec(line))) return { kind: 'task-current', taskId: m[1]! };
  if ((m = DAG_TEST_MARKED.exec(line))) return { kind: 'task-marked', taskId: m[1]! };
  if ((m = AF2_EXPORT.exec(line)) || (m = AF2_EXECUTING.exec(line))) return { kind: 'task-started', taskId: m[1]! };
  if ((m = AF2_MARKING.exec(line))) return { kind: OUTCOME[m[1]!]!, taskId: m[2]! };
  if (AF3_STARTED.test(line)) return { kind: 'task-started' };
  if ((m = AF3_STATE.exec(line))) {
    const kind = OUTCOME[m[1]!];
    return kind ? { kind } : { kind: 'other' };
  }
  if (TASK_FAILED.test(line)) return { kind: 'task-failed' };
  if (TRACEBACK.test(line)) return { kind: 'traceback-start' };
  const frames = findTracebackFrames(line);
  if (frames.length) {
    return { kind: 'traceback-frame', file: frames[0]!.path, line: frames[0]!.line, frames: frames.map((f) => ({ file: f.path, line: f.line, linkStart: f.linkStart, linkLength: f.linkLength })) };
  }
  if (EXCEPTION.test(line.trim())) return { kind: 'exception' };
  return { kind: 'other' };
}

/** Whether a traceback path is the user's code rather than the runtime's or Python's. */
export function isUserFrame(file: string): boolean {
  return file.endsWith('.py') && !LIBRARY.test(file);
}

const MAX_TASKS = 10_000;
const MAX_FRAMES = 200;

type Outcome = 'running' | 'success' | 'failed' | 'skipped';

/** Follows a run's output as it comes, for the terminal's last line and for tests. */
export class RunTracker {
  private current: string | undefined;
  private readonly started: string[] = [];
  private readonly outcome = new Map<string, Outcome>();
  private readonly frames = new Map<string, { file: string; line: number }>();

  /** Takes one line; returns what it is (with the current task's id filled in where Airflow omits it). */
  push(raw: string): RunLine {
    const c = classifyLine(raw);
    const task = c.taskId ?? this.current;
    switch (c.kind) {
      case 'task-current':
        this.current = c.taskId;
        break;
      case 'task-started':
        if (task) this.start(task);
        break;
      case 'task-succeeded':
        // Airflow 2 marks the tasks a conf run skips as SUCCESS without executing them.
        if (task && this.outcome.has(task)) this.outcome.set(task, 'success');
        break;
      case 'task-failed':
      case 'task-retry':
        if (task) {
          this.start(task);
          this.outcome.set(task, 'failed');
        }
        break;
      case 'task-marked':
        this.current = undefined;
        break;
      case 'task-skipped':
        if (task) this.outcome.set(task, 'skipped');
        break;
      case 'traceback-frame':
        for (const f of c.frames ?? []) this.frame(f);
        break;
      default:
        break;
    }
    return task && c.taskId === undefined && c.kind.startsWith('task-') ? { ...c, taskId: task } : c;
  }

  private start(task: string): void {
    this.current = task;
    if (this.outcome.has(task) || this.started.length >= MAX_TASKS) return;
    this.started.push(task);
    this.outcome.set(task, 'running');
  }

  private frame(f: RunFrame): void {
    const key = `${f.file}:${f.line}`;
    if (isUserFrame(f.file) && !this.frames.has(key) && this.frames.size < MAX_FRAMES) this.frames.set(key, { file: f.file, line: f.line });
  }

  summary(): RunSummary {
    const by = (o: Outcome) => this.started.filter((t) => this.outcome.get(t) === o);
    const skipped = [...this.outcome].filter(([, o]) => o === 'skipped').map(([t]) => t);
    return { failedTasks: by('failed'), succeededTasks: by('success'), order: [...this.started], skippedTasks: skipped, userFrames: [...this.frames.values()] };
  }
}

export function summarize(lines: Iterable<string>): RunSummary {
  const t = new RunTracker();
  for (const l of lines) t.push(l);
  return t.summary();
}

/** One output line for the run's terminal, coloured like task logs (controls neutralised). */
export function terminalLine(raw: string): string {
  return colorizeLine(raw.replace(ANSI, ''));
}

/** The run's last line: what failed, or that every task succeeded. */
export function summaryText(summary: RunSummary, code: number | undefined): string {
  const counts = `${summary.succeededTasks.length} succeeded, ${summary.failedTasks.length} failed`;
  if (summary.failedTasks.length) return `── Local run failed: ${summary.failedTasks.join(', ')} (${counts}) ──`;
  if (code !== 0) return `── Local run failed (exit code ${code === undefined ? 'none: stopped' : code}) ──`;
  return `── Local run succeeded: ${summary.order.length ? summary.order.join(' → ') : 'no task ran'} (${counts}) ──`;
}
