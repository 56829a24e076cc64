/** Shapes and ids of the local runtime feature, apart so activation and the test seams need none of its code. */

/** The notification of a save whose upload the parse gate stopped; its one button. */
export const UPLOAD_ANYWAY_PROMPT = 'runtime.uploadAnyway';
export const UPLOAD_ANYWAY = 'Upload Anyway';
/** The quick pick of the upgrade test's target version. */
export const UPGRADE_TARGET_PROMPT = 'runtime.upgradeTarget';
/** The quick pick of a folder to parse. */
export const PARSE_FOLDER_PROMPT = 'runtime.parseFolder';

/** Where the feature's notifications are recorded (services.notify). */
export const NOTICE_SOURCE = 'localRuntime';

/** One answer of the parse gate (the state seam's). */
export interface GateRecord {
  readonly file: string;
  readonly mode: string;
  readonly upload: boolean;
  /** Why, in a few words. */
  readonly note: string;
  readonly ms: number;
}

/** One local parse of a file (the state seam's). */
export interface ParseRecord {
  readonly file: string;
  readonly airflowVersion: string;
  /** What Airflow measured for the file. */
  readonly parseMs: number;
  /** Wall time of the request to the warm worker. */
  readonly wallMs: number;
  readonly dags: readonly string[];
  readonly errors: ReadonlyArray<{ readonly file: string; readonly line: number | undefined; readonly kind: string; readonly message: string }>;
}

/** What MWAA: Parse DAGs Locally returns (to code and tests). */
export interface FolderParseSummary {
  readonly folder: string;
  readonly airflowVersion: string;
  readonly files: number;
  readonly dags: ReadonlyArray<{ readonly dagId: string; readonly file: string; readonly parseMs: number }>;
  readonly errors: ReadonlyArray<{ readonly file: string; readonly line: number | undefined; readonly kind: string; readonly message: string }>;
  readonly notParsed: number;
  /** The summary document's text. */
  readonly summary: string;
}

/** What MWAA: Check requirements.txt with the Resolver returns. */
export interface ResolverCheckResult {
  readonly file: string;
  readonly airflowVersion: string;
  readonly status: 'ok' | 'conflict' | 'unknown';
  readonly packages?: number;
  readonly problems?: ReadonlyArray<{ readonly file: string; readonly line: number | undefined; readonly message: string }>;
  readonly reason?: string;
  readonly ms: number;
}

/** What MWAA: Test an Airflow Upgrade… returns. */
export interface UpgradeTestResult {
  readonly from: string;
  readonly to: string;
  readonly reportFile: string;
  readonly newImportErrors: number;
}
