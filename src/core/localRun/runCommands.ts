/**
 * The `python -m airflow` arguments of a local run, and the launch request debugpy's adapter takes
 * to run them under a debugger. Ids, dates and conf come from files and from the MWAA view: they
 * are checked here, before they become arguments.
 *
 * Checked against the CLIs of 2.11.2 and 3.3.1 (`--help`): `tasks test DAG TASK [DATE_OR_RUN_ID]`
 * has no conf option on either major (`--task-params` sets params, not `dag_run.conf`), while
 * `dags test DAG [DATE] --conf JSON --mark-success-pattern RE` has both. So a task run with a conf
 * is a `dags test` run (dag.test() semantics, the conf in `dag_run.conf`) where every other task is
 * marked successful without running: the pattern matches every task id but the one to run.
 */

/** Airflow's KEY_REGEX and ID_LEN: what a dag_id or task_id may be. */
const AIRFLOW_ID = /^[A-Za-z0-9_.-]{1,250}$/;
/** ISO 8601 date, or date and time with optional seconds, fraction and offset (what Airflow's CLI parses). */
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
/** A conf is a small JSON object: it becomes one command-line argument. */
export const MAX_CONF_CHARS = 64 * 1024;

export class LocalRunArgumentError extends Error {
  override readonly name = 'LocalRunArgumentError';
}

export interface TaskRunRequest {
  readonly dagId: string;
  readonly taskId: string;
  /** ISO 8601; absent: now (Airflow's default). */
  readonly logicalDate?: string;
  /** The run's conf (`dag_run.conf`); absent: `tasks test`. */
  readonly conf?: Readonly<Record<string, unknown>>;
  readonly airflowMajor: 2 | 3;
}

export interface DagRunRequest {
  readonly dagId: string;
  readonly logicalDate?: string;
  readonly conf?: Readonly<Record<string, unknown>>;
  readonly airflowMajor: 2 | 3;
}

function checkId(what: 'DAG id' | 'task id', id: unknown): string {
  const shown = typeof id === 'string' ? JSON.stringify(id.slice(0, 80)) : String(typeof id);
  if (typeof id !== 'string' || !AIRFLOW_ID.test(id)) {
    throw new LocalRunArgumentError(`The ${what} ${shown} is not an Airflow id (letters, digits, '_', '.', '-'; at most 250).`);
  }
  // Airflow allows it, but the CLI would read it as an option.
  if (id.startsWith('-')) throw new LocalRunArgumentError(`The ${what} ${shown} starts with '-': Airflow's command line cannot take it.`);
  return id;
}

function checkMajor(major: unknown): void {
  if (major !== 2 && major !== 3) throw new LocalRunArgumentError(`Airflow major must be 2 or 3, got ${JSON.stringify(major)}.`);
}

/** The date as given when it is a real ISO 8601 date (no 13th month, no 25th hour), else an error. */
export function checkLogicalDate(date: unknown): string {
  const m = typeof date === 'string' ? ISO_DATE.exec(date) : null;
  if (!m) {
    const shown = typeof date === 'string' ? JSON.stringify(date.slice(0, 60)) : String(typeof date);
    throw new LocalRunArgumentError(`The logical date ${shown} is not an ISO 8601 date (e.g. 2024-05-01 or 2024-05-01T06:00:00+00:00).`);
  }
  const [y, mo, d, h, mi, s] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i] ?? 0)) as [number, number, number, number, number, number];
  const day = new Date(Date.UTC(y, mo - 1, d));
  const valid = day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d && h < 24 && mi < 60 && s < 60;
  if (!valid) throw new LocalRunArgumentError(`The logical date ${JSON.stringify(date)} is not a calendar date.`);
  return date as string;
}

/** The conf as one JSON argument: an object, bounded. */
export function confArgument(conf: unknown): string {
  if (typeof conf !== 'object' || conf === null || Array.isArray(conf)) {
    throw new LocalRunArgumentError('The run conf must be a JSON object (Airflow keeps it in dag_run.conf).');
  }
  let text: string;
  try {
    text = JSON.stringify(conf);
  } catch (e) {
    throw new LocalRunArgumentError(`The run conf cannot be written as JSON: ${(e as Error).message}`);
  }
  if (text.length > MAX_CONF_CHARS) throw new LocalRunArgumentError(`The run conf is ${text.length} characters as JSON; at most ${MAX_CONF_CHARS}.`);
  return text;
}

/** Escapes a character of an Airflow id for a regular expression (RE2 and Python's re alike). */
function reChar(c: string): string {
  return c === '.' || c === '-' ? `\\${c}` : c;
}

/**
 * A regular expression that fully matches every string except `id`. Airflow 2 compiles the pattern
 * with RE2, which has no lookahead, so the complement is spelled out: for each position i, the id's
 * first i characters then anything but its (i+1)th (or nothing), or the whole id then more.
 * Its length grows with the square of the id's: at most about 32 K characters for 250.
 */
export function allButPattern(id: string): string {
  checkId('task id', id);
  const alts: string[] = [];
  let prefix = '';
  for (const c of id) {
    alts.push(`${prefix}(?:[^${reChar(c)}].*)?`);
    prefix += reChar(c);
  }
  alts.push(`${prefix}.+`);
  return `(?:${alts.join('|')})`;
}

function dagTestArgs(dagId: string, logicalDate: string | undefined, conf: Readonly<Record<string, unknown>> | undefined): string[] {
  const args = ['dags', 'test', dagId];
  if (logicalDate !== undefined) args.push(checkLogicalDate(logicalDate));
  if (conf !== undefined) args.push('--conf', confArgument(conf));
  return args;
}

/**
 * One task: `tasks test DAG TASK [DATE]` (no dependencies checked, nothing recorded), or with a
 * conf `dags test DAG [DATE] --conf JSON --mark-success-pattern <all but TASK>`.
 */
export function taskRunArgs(req: TaskRunRequest): string[] {
  checkMajor(req.airflowMajor);
  const dagId = checkId('DAG id', req.dagId);
  const taskId = checkId('task id', req.taskId);
  if (req.conf !== undefined) return [...dagTestArgs(dagId, req.logicalDate, req.conf), '--mark-success-pattern', allButPattern(taskId)];
  const args = ['tasks', 'test', dagId, taskId];
  if (req.logicalDate !== undefined) args.push(checkLogicalDate(req.logicalDate));
  return args;
}

/** A whole DAG run in this process: `dags test DAG [DATE] [--conf JSON]` (dag.test(), no executor). */
export function dagRunArgs(req: DagRunRequest): string[] {
  checkMajor(req.airflowMajor);
  return dagTestArgs(checkId('DAG id', req.dagId), req.logicalDate, req.conf);
}

export interface DebugLaunchOptions {
  /** The runtime's python (debugpy is installed there). */
  readonly python: string;
  /** What follows `python -m airflow`. */
  readonly args: readonly string[];
  /** The run's complete environment (localRunEnv). */
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly justMyCode: boolean;
}

/**
 * The arguments of the DAP `launch` request for debugpy's adapter (`python -m debugpy.adapter`),
 * as its launch handler reads them (debugpy/adapter/clients.py, launcher/handlers.py):
 * - `module: 'airflow'` + `args`: the same `python -m airflow ...` as a plain run.
 * - `env`: merged by debugpy's launcher over the ADAPTER's own environment (a key set to null is
 *   removed), so the adapter should be started with this same environment.
 * - `console: 'internalConsole'` with `redirectOutput`: the output comes back as DAP `output`
 *   events, which the extension can feed to the same classifier and coloured terminal as a plain
 *   run. `integratedTerminal` would run the process in a terminal VS Code creates through the
 *   `runInTerminal` reverse request: its output never reaches us (no colours, no task summary),
 *   and a client that is not VS Code (tests, the bench) would have to implement that request.
 * - `subProcess: true`: a task that starts Python children is still debugged (the default, explicit).
 */
export function debugLaunchArguments(opts: DebugLaunchOptions): Record<string, unknown> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.env)) if (typeof v === 'string') env[k] = v;
  return {
    python: opts.python,
    module: 'airflow',
    args: [...opts.args],
    cwd: opts.cwd,
    env,
    justMyCode: opts.justMyCode,
    subProcess: true,
    console: 'internalConsole',
    redirectOutput: true,
    stopOnEntry: false,
    showReturnValue: true,
  };
}
