import type * as vscode from 'vscode';
import type { ConstraintsIndex, EnvironmentConstraints, LintWorkerClient } from '../../core/lint';
import type { Logger } from '../../core/logger';
import type { Notifier } from '../../host/notify';
import { resolveAirflowVersion, type AirflowTargetResolver } from './airflowTarget';
import { loadLintCore, type LintCore } from '../../services/lintCore';

/**
 * What the diagnostics need once loaded: the Python linter (in a worker thread: the client here
 * sends it texts and gets findings back), the constraints and the lint core's other functions.
 */
export class LintEngine {
  private readonly constraints = new Map<string, EnvironmentConstraints | undefined>();
  private readonly reportedProblems = new Set<string>();

  constructor(
    readonly core: LintCore,
    /** Python files are parsed and linted only there: no input can hold up the extension host. */
    readonly python: LintWorkerClient,
    readonly dataDir: string,
    readonly index: ConstraintsIndex,
    private readonly resolver: AirflowTargetResolver,
    private readonly logger: Logger,
    private readonly notify: Notifier,
  ) {}

  /** The Airflow version `uri` is linted against (binding, setting, else the newest MWAA one). */
  airflowVersionFor(uri: vscode.Uri): string {
    const { version, problem } = resolveAirflowVersion(this.resolver.airflowVersionFor(uri), this.index, this.core);
    if (problem && !this.reportedProblems.has(problem)) {
      this.reportedProblems.add(problem);
      this.logger.warn(`mwaa.diagnostics.airflowVersion: ${problem}`);
      this.notify.warn(`MWAA: setting mwaa.diagnostics.airflowVersion: ${problem}.`, [], 'diagnostics');
    }
    return version;
  }

  dagFolderFor(uri: vscode.Uri): string | undefined {
    return this.resolver.dagFolderFor?.(uri);
  }

  /** The bundled constraints of an MWAA version; undefined (once logged) when MWAA never offered it. */
  constraintsFor(airflowVersion: string): EnvironmentConstraints | undefined {
    if (!this.constraints.has(airflowVersion)) {
      const c = this.core.loadConstraints(this.dataDir, airflowVersion, this.index);
      if (!c) this.logger.info(`no bundled constraints for Airflow ${airflowVersion}; requirements files are not checked against it`);
      this.constraints.set(airflowVersion, c);
    }
    return this.constraints.get(airflowVersion);
  }

  dispose(): void {
    this.python.dispose();
  }
}

/**
 * Loads the engine on first use only: the constraints index is read from beside the bundle
 * (`dist/`), never during activation; the lint worker (rule table, the two .wasm files) starts
 * with the first Python file it is asked to lint.
 *
 * The feature's one lazy loader, and not a `lazyFeature`: that pattern dispatches a part's
 * commands to a part loaded synchronously, while this part has no commands (both diagnostics
 * commands are cheap and only await `get()`), loads asynchronously (the parser's .wasm), and must
 * let a failed load be tried again on the next document. The `lint` bundle it requires (via
 * loadLintCore) is the lint core itself, not a module of this feature.
 */
export class LazyLintEngine implements vscode.Disposable {
  private loading: Promise<LintEngine> | undefined;
  private loaded: LintEngine | undefined;

  constructor(
    private readonly bundleDir: vscode.Uri,
    private readonly resolver: AirflowTargetResolver,
    private readonly logger: Logger,
    private readonly notify: Notifier,
  ) {}

  /** The engine when already loaded (for synchronous callers such as code actions). */
  get current(): LintEngine | undefined {
    return this.loaded;
  }

  get(): Promise<LintEngine> {
    this.loading ??= this.load().then(
      (engine) => (this.loaded = engine),
      (err: unknown) => {
        this.loading = undefined; // let a later document try again
        throw err;
      },
    );
    return this.loading;
  }

  private async load(): Promise<LintEngine> {
    const started = performance.now();
    const core = loadLintCore();
    const dir = this.bundleDir.fsPath;
    const dataDir = core.findDataDir(dir);
    if (!dataDir) throw new Error(`MWAA diagnostics: lint data (lint-rules.json) not found beside ${dir}; reinstall the extension`);
    const index = core.loadConstraintsIndex(dataDir);
    const python = new core.LintWorkerClient({ dataDir, wasmDir: dir, log: (line) => this.logger.warn(`diagnostics: ${line}`) });
    this.logger.info(`diagnostics: lint core and constraints index loaded in ${(performance.now() - started).toFixed(0)} ms`);
    return new LintEngine(core, python, dataDir, index, this.resolver, this.logger, this.notify);
  }

  dispose(): void {
    this.loaded?.dispose();
  }
}
