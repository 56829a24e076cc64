/**
 * The shapes shared by the local MWAA runtime's parts (provisioning, the DAG parse worker, the
 * resolver) and their callers (the extension, mwaa-lint, the sandbox). No vscode here.
 */

/** What a runtime is built from: everything that changes its key is in here. */
export interface RuntimeInputs {
  /** Airflow version, one of constraints-index.json's (e.g. `2.11.2`). */
  readonly airflowVersion: string;
  /** The Python MWAA runs for it, from the constraints file's name (`3.12`). */
  readonly pythonVersion: string;
  /** The packages MWAA's image has installed (its bill of materials), `name==version` each. */
  readonly basePackages: readonly string[];
  /** Text of MWAA's essential constraints for the version (always applied). */
  readonly essentialConstraints: string;
  /**
   * Text of Airflow's constraints for the version, or undefined when the requirements file has a
   * constraint line of its own (MWAA's installer rule: any line matching `-c ` or `--constraint `).
   */
  readonly airflowConstraints: string | undefined;
  /**
   * Text of Airflow's constraints for the version, always: MWAA's image was built with them whatever
   * the requirements file says (the base step). Absent: `airflowConstraints` is used.
   */
  readonly imageConstraints?: string;
  /** The requirements file (absolute path) and its text; undefined: no requirements file. */
  readonly requirements: { readonly path: string; readonly text: string } | undefined;
  /** The plugins folder put on sys.path and given to the installer as `--find-links` (its wheels). */
  readonly pluginsFolder: string | undefined;
  /**
   * Airflow's published constraints URLs (raw.githubusercontent.com) -> the bundled copy of the same
   * file: a requirements file's `--constraint <url>` reads the copy, so no GitHub access is needed.
   */
  readonly bundledConstraints?: Readonly<Record<string, string>>;
  /** Extra packages installed after the rest, e.g. debugpy for local debugging (not part of MWAA). */
  readonly extraPackages: readonly string[];
}

/** A built runtime: a venv whose marker records the key of its inputs. */
export interface Runtime {
  /** sha256 of the inputs (hex, first 16 chars used as the folder name). */
  readonly key: string;
  readonly dir: string;
  /** The venv's python executable. */
  readonly python: string;
  readonly airflowVersion: string;
  readonly pythonVersion: string;
  /** The plugins folder to put on sys.path, when the inputs named one. */
  readonly pluginsFolder: string | undefined;
  /** True when this call built it (cold), false when the cache had it. */
  readonly built: boolean;
  /** Wall time of the build (0 when cached). */
  readonly buildMs: number;
}

/** Progress of a build, for a progress notification ("Resolving", "Downloading 12/240"...). */
export interface BuildProgress {
  readonly step: 'python' | 'uv' | 'venv' | 'base' | 'requirements' | 'extras' | 'done';
  readonly message: string;
}

/** One requirements line a resolver or installer failure points at (1-based line). */
export interface RequirementProblem {
  /** The file the line is in (the requirements file, or a file it includes). */
  readonly file: string;
  /** 1-based; undefined when no line of the file could be named (then it is about the file). */
  readonly line: number | undefined;
  /** The package named on that line, lower-case, normalised (PEP 503). */
  readonly project: string | undefined;
  /** Plain words: what clashes with what, and what to change. */
  readonly message: string;
}

/** The verdict of one resolution of a requirements file under MWAA's installer model. */
export type ResolveVerdict =
  | { readonly status: 'ok'; readonly packages: ReadonlyMap<string, string>; readonly ms: number }
  | { readonly status: 'conflict'; readonly problems: readonly RequirementProblem[]; readonly ms: number }
  /** The resolver could not decide (an index unreachable, uv missing...): never an error, never a verdict. */
  | { readonly status: 'unknown'; readonly reason: string; readonly ms: number };

/** One DAG the parse found in a file. */
export interface ParsedDag {
  readonly dagId: string;
  readonly file: string;
  /** 1-based line of the DAG's definition when Airflow can tell (else undefined). */
  readonly line: number | undefined;
  readonly taskCount: number;
}

/** The kinds of import error the parse gate tells apart (for the message and tests). */
export type ParseErrorKind = 'syntax' | 'import' | 'cycle' | 'duplicate-task' | 'timeout' | 'other';

export interface ParseError {
  /** The file Airflow credits the error to (absolute). */
  readonly file: string;
  /** 1-based line in `file` of the innermost frame in that file, or the syntax error's line. */
  readonly line: number | undefined;
  readonly kind: ParseErrorKind;
  /** The exception line (e.g. `ModuleNotFoundError: No module named 'foo'`), bounded. */
  readonly message: string;
  /** Airflow's full text for the error (traceback), bounded to 16 KiB. */
  readonly detail: string;
}

/** What Airflow's DagBag made of one file (or of each file of a folder). */
export interface ParseResult {
  readonly file: string;
  readonly dags: readonly ParsedDag[];
  readonly errors: readonly ParseError[];
  /** Time Airflow took for the file (DagBag's own stat when it has one, else wall time). */
  readonly parseMs: number;
  /** The `core.dagbag_import_timeout` in effect, in seconds. */
  readonly timeoutSeconds: number;
}
