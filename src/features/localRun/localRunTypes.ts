/** Shapes and ids of the local run feature, apart so activation and the test seams need none of its code. */

/** The debugger type this extension contributes (package.json `debuggers`); not the Python extension's `debugpy`. */
export const DEBUG_TYPE = 'mwaa-airflow';

/** Quick picks of the palette commands. */
export const TASK_PROMPT = 'localRun.task';
export const DAG_PROMPT = 'localRun.dag';
/** The quick pick of a bound folder, when several are bound to a task instance's environment. */
export const FOLDER_PROMPT = 'localRun.folder';

/** Where the feature's notifications are recorded (services.notify). */
export const NOTICE_SOURCE = 'localRun';

/** Terminals of local runs are named `MWAA local: <dag>[.<task>]`. */
export const TERMINAL_PREFIX = 'MWAA local: ';

/** What a local run is asked to run, from a lens, a tree node, the palette or launch.json. */
export interface LocalRunRequest {
  /** A DAG file (lens, palette, launch.json) or a bound folder (task instance of the MWAA view). */
  readonly anchor: string;
  readonly dagId: string;
  /** Absent: the whole DAG (`dags test`). */
  readonly taskId?: string;
  /** ISO 8601, a run's logical date. */
  readonly logicalDate?: string;
  /** A run's conf. */
  readonly conf?: Readonly<Record<string, unknown>>;
}

/** A debug configuration of our type as launch.json (or the commands) give it. */
export interface LocalDebugConfiguration {
  readonly type: typeof DEBUG_TYPE;
  readonly request: 'launch';
  readonly name: string;
  readonly dagId?: string;
  readonly taskId?: string;
  /** The DAG file (absolute path, `${file}` works); else the active editor's file. */
  readonly file?: string;
  readonly logicalDate?: string;
  readonly conf?: Record<string, unknown>;
}

/** How one local run or debug session went (what the state seam reports, newest last). */
export interface LocalRunRecord {
  readonly id: number;
  readonly mode: 'run' | 'debug';
  readonly dagId: string;
  readonly taskId?: string;
  readonly airflowVersion: string;
  readonly args: readonly string[];
  readonly startedAt: number;
  /** Time from the command to the process (or debug session) started. */
  readonly prepareMs: number;
  /** Undefined while it runs. */
  readonly code?: number | null;
  readonly ms?: number;
  readonly failedTasks?: readonly string[];
  readonly succeededTasks?: readonly string[];
  readonly order?: readonly string[];
  /** The terminal's (or the debug console's) last line. */
  readonly lastLine?: string;
  readonly cancelled?: boolean;
}
