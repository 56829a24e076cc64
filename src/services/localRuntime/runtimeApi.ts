/**
 * What features see of the local MWAA runtime service (services.runtime): types only, so the
 * services object and the features name them without loading the runtime bundle.
 */
import type * as vscode from 'vscode';
import type { ParseResult, ResolveVerdict, Runtime } from '../../core/runtime/runtimeTypes';
import type { EnvironmentBinding } from '../bindings';

/**
 * The workspace-state key of the Airflow version picked for a workspace with nothing bound (the
 * runtime's targets write it; features read it to know a version is chosen without loading the bundle).
 */
export const PICKED_AIRFLOW_VERSION_KEY = 'mwaa.runtime.pickedAirflowVersion';

/** What a runtime is built for: an environment's (or a chosen) Airflow and a folder's files. */
export interface RuntimeTarget {
  /** The DAGs folder (the bound folder, else the folder the command was run on). */
  readonly dagsFolder: string;
  /** The workspace folder holding it: lookups for requirements.txt and plugins/ stop there. */
  readonly workspaceFolder: string | undefined;
  readonly airflowVersion: string;
  /** Where the version came from. */
  readonly versionSource: 'environment' | 'binding' | 'setting' | 'picked' | 'given';
  /** The bound environment, when the folder is bound. */
  readonly binding?: EnvironmentBinding;
  /** requirements.txt beside or above the DAGs folder (inside the workspace folder). */
  readonly requirementsFile?: string;
  /** plugins/ beside or above the DAGs folder (inside the workspace folder). */
  readonly pluginsFolder?: string;
}

export interface TargetOptions {
  /** May ask (a quick pick of versions) when nothing says which Airflow. */
  readonly interactive: boolean;
  /** Use this Airflow version instead of the folder's (the upgrade test's target). */
  readonly airflowVersion?: string;
  /** Leave the requirements file out (a runtime of Airflow and MWAA's packages only). */
  readonly withoutRequirements?: boolean;
}

export interface EnsureOptions {
  /**
   * `ask`: a first build asks first (Build / Not now / Never for this workspace); `build`: the user
   * asked for it (a command); `never`: only a runtime built already.
   */
  readonly mode: 'ask' | 'build' | 'never';
  /** A gate in the background honours "Not now" for the rest of the session and "Never". */
  readonly background?: boolean;
  readonly signal?: AbortSignal;
}

/** A parse of one file with the runtime's warm worker. */
export interface FileParse {
  readonly runtime: Runtime;
  readonly result: ParseResult;
}

/** What Show Local Runtime shows of a target's runtime. */
export interface RuntimeDescription {
  readonly target: RuntimeTarget;
  readonly key: string;
  readonly dir: string;
  readonly root: string;
  readonly pythonVersion: string;
  readonly built: boolean;
  readonly python?: string;
  readonly sizeMb?: number;
  readonly uv?: string;
  readonly worker: 'warm' | 'none';
}

export interface RuntimeService {
  /**
   * The target for a file or folder: its bound environment's Airflow (GetEnvironment, else the
   * binding's), else `mwaa.diagnostics.airflowVersion`, else a version picked once (interactive).
   * Undefined when no version could be chosen (not interactive, or the pick was dismissed).
   */
  targetFor(uri: vscode.Uri, options: TargetOptions): Promise<RuntimeTarget | undefined>;
  /** The runtime if it is built, without building; undefined when it is not. */
  existing(target: RuntimeTarget): Promise<Runtime | undefined>;
  /**
   * The runtime, built when needed (progress notification with cancel); undefined when the user
   * declined the build. Failures are shown (notification, diagnostics on the requirements line)
   * and thrown again.
   */
  ensure(target: RuntimeTarget, options: EnsureOptions): Promise<Runtime | undefined>;
  /** Parses one file with the warm worker of the runtime (started on first use, stopped idle). */
  parseFile(target: RuntimeTarget, runtime: Runtime, file: string, signal?: AbortSignal): Promise<ParseResult>;
  /** Resolves the target's requirements under MWAA's installer model (no runtime needed). */
  resolve(target: RuntimeTarget, signal?: AbortSignal): Promise<ResolveVerdict>;
  describe(target: RuntimeTarget): Promise<RuntimeDescription>;
  /**
   * The bound environment's `AirflowConfigurationOptions` (GetEnvironment, kept a few minutes), for
   * a local run's environment; none for an unbound folder or when they cannot be read. Sensitive:
   * in memory only, never logged.
   */
  configOptions(target: RuntimeTarget, signal?: AbortSignal): Promise<Readonly<Record<string, string>>>;
  /** Airflow versions a runtime can be built for, oldest first. */
  buildableVersions(): string[];
  /** Fires when a runtime was built (so waiting parses can run). */
  readonly onDidBuild: vscode.Event<Runtime>;
}
