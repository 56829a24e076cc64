/**
 * Building a runtime in the editor: the first build of a runtime asks first (Build / Not now /
 * Never for this workspace), runs under a progress notification that can be cancelled, and a
 * failure names the requirements line and why (a diagnostic on that line, source `MWAA local`)
 * with the build log one click away. One build per runtime at a time: callers share it.
 */
import * as vscode from 'vscode';
import { isCancellation, UserFacingError, type UserAction } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { redact } from '../../core/redact';
import type { RequirementProblem, Runtime, RuntimeInputs } from '../../core/runtime/runtimeTypes';
import { toAbortSignal } from '../../host/abortSignal';
import type { Prompts } from '../../host/prompts';

/** The question before a first build; its buttons. */
export const BUILD_PROMPT = 'runtime.build';
export const BUILD = 'Build';
export const NOT_NOW = 'Not now';
export const NEVER = 'Never for this workspace';
const NEVER_KEY = 'mwaa.runtime.neverBuild';
export const LOCAL_SOURCE = 'MWAA local';
const SHOW_LOG: UserAction = { label: 'Show Log', command: 'mwaa.showLog' };

/** Does the build itself (findUv, findPython, ensureRuntime), reporting progress. */
export type BuildRunner = (inputs: RuntimeInputs, onProgress: (message: string) => void, signal: AbortSignal) => Promise<Runtime>;

export interface BuildFlowParts {
  readonly prompts: Prompts;
  readonly workspaceState: vscode.Memento;
  readonly logger: Logger;
  readonly run: BuildRunner;
}

export class BuildFlow implements vscode.Disposable {
  private readonly building = new Map<string, Promise<Runtime>>();
  private readonly asking = new Map<string, Promise<boolean>>();
  /**
   * Runtimes the user said "Not now" to, cancelled, or whose build failed, in this session: a
   * save in the background does not ask (or fail) again for them; a command still does.
   */
  private readonly declined = new Set<string>();
  private readonly problems = vscode.languages.createDiagnosticCollection('mwaa-local-build');
  private readonly built = new vscode.EventEmitter<Runtime>();
  readonly onDidBuild = this.built.event;

  constructor(private readonly parts: BuildFlowParts) {}

  /** Whether a background gate may ask (or build) at all in this workspace. */
  get neverInWorkspace(): boolean {
    return this.parts.workspaceState.get<unknown>(NEVER_KEY) === true;
  }

  /** Asks before a first build; true to build. A question already on screen is shared. */
  async ask(key: string, inputs: RuntimeInputs, sizeMb: number, background: boolean): Promise<boolean> {
    if (background && (this.neverInWorkspace || this.declined.has(key))) return false;
    const pending = this.asking.get(key);
    if (pending) return pending;
    const question = (async () => {
      const answer = await this.parts.prompts.confirm(
        BUILD_PROMPT,
        `Build the local Airflow ${inputs.airflowVersion} runtime (Python ${inputs.pythonVersion}, about ${sizeMb} MB, a few minutes)?`,
        { modal: false, detail: 'It parses your DAGs and installs your requirements.txt the way MWAA does, before you upload.' },
        BUILD, NOT_NOW, NEVER,
      );
      if (answer === NEVER) await this.parts.workspaceState.update(NEVER_KEY, true);
      if (answer !== BUILD) this.declined.add(key);
      else await this.parts.workspaceState.update(NEVER_KEY, undefined);
      return answer === BUILD;
    })();
    this.asking.set(key, question);
    try {
      return await question;
    } finally {
      this.asking.delete(key);
    }
  }

  /** Builds (or joins the build of) a runtime; a failure is shown on its requirements line and thrown as a UserFacingError. */
  build(key: string, inputs: RuntimeInputs, signal?: AbortSignal): Promise<Runtime> {
    let running = this.building.get(key);
    if (!running) {
      running = this.buildWithProgress(inputs, signal).then((runtime) => {
        this.declined.delete(key);
        return runtime;
      }, (err: unknown) => {
        this.declined.add(key);
        throw err;
      }).finally(() => this.building.delete(key));
      this.building.set(key, running);
    }
    return running;
  }

  private async buildWithProgress(inputs: RuntimeInputs, signal: AbortSignal | undefined): Promise<Runtime> {
    const title = `Building the local Airflow ${inputs.airflowVersion} runtime`;
    const runtime = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const cancel = toAbortSignal(token);
      const both = signal ? AbortSignal.any([signal, cancel.signal]) : cancel.signal;
      try {
        return await this.parts.run(inputs, (message) => progress.report({ message: redact(message).slice(0, 200) }), both);
      } catch (err) {
        throw this.failure(err, inputs);
      } finally {
        cancel.dispose();
      }
    });
    if (inputs.requirements) this.problems.delete(vscode.Uri.file(inputs.requirements.path));
    this.built.fire(runtime);
    return runtime;
  }

  /** The error a failed build ends with: cancellations as they are; problems on their lines, then in words. */
  private failure(err: unknown, inputs: RuntimeInputs): unknown {
    if (isCancellation(err)) return err;
    const e = err as { name?: string; message?: string; problems?: readonly RequirementProblem[]; log?: string; step?: string; actions?: readonly UserAction[] };
    if (e?.name === 'MissingPythonError' || e?.name === 'UvInstallError' || e?.name === 'RuntimeInputError') {
      if (e.log) this.parts.logger.error(`local runtime: ${redact(e.message ?? '')}\n${redact(e.log).slice(-8_000)}`);
      return new UserFacingError(redact(e.message ?? String(err)), [SHOW_LOG, { label: 'Open Settings', command: 'workbench.action.openSettings', args: ['mwaa.localRuntime.pythonPath'] }]);
    }
    if (e?.log) this.parts.logger.error(`local runtime build of Airflow ${inputs.airflowVersion} failed${e.step ? ` at ${e.step}` : ''}:\n${redact(e.log).slice(-16_000)}`);
    const problems = e?.problems ?? [];
    this.showProblems(problems, inputs);
    const first = problems[0];
    const where = first ? `${vscode.workspace.asRelativePath(first.file)}${first.line ? `:${first.line}` : ''}: ` : '';
    const why = first ? first.message : redact(e?.message ?? String(err));
    return new UserFacingError(`The local Airflow ${inputs.airflowVersion} runtime could not be built: ${where}${why}`.slice(0, 1500), [SHOW_LOG]);
  }

  private showProblems(problems: readonly RequirementProblem[], inputs: RuntimeInputs): void {
    if (inputs.requirements) this.problems.delete(vscode.Uri.file(inputs.requirements.path));
    const byFile = new Map<string, vscode.Diagnostic[]>();
    for (const p of problems.slice(0, 100)) {
      const line = Math.max(0, (p.line ?? 1) - 1);
      const d = new vscode.Diagnostic(new vscode.Range(line, 0, line, 10_000), redact(p.message), vscode.DiagnosticSeverity.Error);
      d.source = LOCAL_SOURCE;
      byFile.set(p.file, [...(byFile.get(p.file) ?? []), d]);
    }
    for (const [file, list] of byFile) this.problems.set(vscode.Uri.file(file), list);
  }

  dispose(): void {
    this.problems.dispose();
    this.built.dispose();
  }
}
