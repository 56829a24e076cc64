/**
 * Debug Task Locally / Debug DAG Locally under the editor's debugger, without any other extension:
 * our debugger type (`mwaa-airflow`) resolves a configuration (`{dagId, taskId?, file}`, from the
 * commands or launch.json) into debugpy's launch request for `python -m airflow tasks test|dags
 * test`, and its adapter is debugpy's own (`python -m debugpy.adapter`) from the runtime. The
 * adapter's program is only ever the runtime's Python this code resolved: a configuration names
 * it by a one-time id, never by a path. A tracker reads the output to say, at the end, in the
 * debug console, which task failed or that all succeeded.
 */
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import { debugLaunchArguments } from '../../core/localRun/runCommands';
import { RunTracker } from '../../core/localRun/runOutput';
import type { Services } from '../../services/services';
import { endLine, type RunRecords } from './localRuns';
import { DEBUG_TYPE, type LocalDebugConfiguration, type LocalRunRecord, type LocalRunRequest } from './localRunTypes';
import { prepareProcess, resolveRuntime, titleOf } from './runPreparation';
import { checkedId, requestFrom } from './runRequests';

/** The key of the one-time id in a resolved configuration. */
const LAUNCH_KEY = '__mwaaLaunch';
const MAX_CONF_CHARS = 64 * 1024;

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

interface Launch {
  readonly python: string;
  readonly cwd: string;
  readonly title: string;
  readonly record: Mutable<LocalRunRecord>;
  readonly startedAt: number;
  readonly tracker: RunTracker;
}

export class LocalDebugSessions implements vscode.Disposable {
  /** Resolved configurations by their one-time id, until their session ends (a few at most). */
  private readonly launches = new Map<string, Launch>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly services: Services, private readonly records: RunRecords) {
    this.disposables.push(
      vscode.debug.registerDebugAdapterTrackerFactory(DEBUG_TYPE, { createDebugAdapterTracker: (s) => this.tracker(s) }),
      vscode.debug.onDidTerminateDebugSession((s) => this.ended(s)),
    );
  }

  /** Starts a debug session of our type for a request (the commands). */
  async start(request: LocalRunRequest): Promise<{ started: boolean; name: string }> {
    this.services.trust.require();
    const anchor = vscode.Uri.file(request.anchor);
    const config: LocalDebugConfiguration = {
      type: DEBUG_TYPE, request: 'launch', name: vscode.l10n.t('Debug {0} locally', titleOf(request)), dagId: request.dagId,
      ...(request.taskId ? { taskId: request.taskId } : {}), file: request.anchor,
      ...(request.logicalDate ? { logicalDate: request.logicalDate } : {}), ...(request.conf ? { conf: { ...request.conf } } : {}),
    };
    const started = await vscode.debug.startDebugging(vscode.workspace.getWorkspaceFolder(anchor), config);
    return { started, name: config.name };
  }

  /** launch.json's or the commands' configuration -> debugpy's launch request (after `${file}` and co. are substituted). */
  async resolve(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined> {
    const t0 = performance.now();
    const request = await this.requestOf(config);
    const resolved = await resolveRuntime(this.services, request);
    const prepared = await vscode.window.withProgress({
      location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('MWAA: starting the local debugger for {0}', resolved.title), cancellable: true,
    }, (progress, token) => {
      const ac = new AbortController();
      token.onCancellationRequested(() => ac.abort());
      return prepareProcess(this.services, resolved, { signal: ac.signal, report: (message) => progress.report({ message }) });
    });
    const scope = vscode.Uri.file(request.anchor);
    const justMyCode = typeof config.justMyCode === 'boolean' ? config.justMyCode : this.services.settings.localRunJustMyCode(scope);
    const id = randomUUID();
    // A configuration resolved but never started (the start failed) must not stay forever.
    for (const old of [...this.launches.keys()].slice(0, Math.max(0, this.launches.size - 20))) this.launches.delete(old);
    const record = this.records.start({
      mode: 'debug', dagId: request.dagId, ...(request.taskId ? { taskId: request.taskId } : {}), airflowVersion: resolved.runtime.airflowVersion,
      args: prepared.args, startedAt: Date.now(), prepareMs: Math.round(performance.now() - t0),
    });
    this.launches.set(id, { python: resolved.runtime.python, cwd: prepared.cwd, title: resolved.title, record, startedAt: performance.now(), tracker: new RunTracker() });
    this.services.logger.info(`local debug of ${resolved.title} on Airflow ${resolved.runtime.airflowVersion}${folder ? ` (${folder.name})` : ''}: airflow ${prepared.args.join(' ')}`);
    const launchArgs = debugLaunchArguments({ python: resolved.runtime.python, args: prepared.args, env: prepared.env, cwd: prepared.cwd, justMyCode });
    return {
      ...launchArgs,
      env: withRemovals(launchArgs.env as Record<string, string>, process.env),
      ...threadPolicy(resolved.runtime.airflowVersion, config),
      type: DEBUG_TYPE, request: 'launch', name: typeof config.name === 'string' && config.name ? config.name : vscode.l10n.t('Debug {0} locally', resolved.title),
      [LAUNCH_KEY]: id,
    };
  }

  /** debugpy's own adapter from the runtime this configuration was resolved for. */
  adapter(session: vscode.DebugSession): vscode.DebugAdapterDescriptor {
    const launch = this.launches.get(String(session.configuration[LAUNCH_KEY]));
    if (!launch) throw new Error('This debug configuration was not prepared by the MWAA Toolkit: start it again from its CodeLens or command.');
    // The adapter gets the extension host's environment (VS Code adds options.env to it); the
    // launch's env, with nulls for what the run leaves out, makes the debuggee's exactly the run's.
    return new vscode.DebugAdapterExecutable(launch.python, ['-m', 'debugpy.adapter'], { cwd: launch.cwd });
  }

  private async requestOf(config: vscode.DebugConfiguration): Promise<LocalRunRequest> {
    if (config.request !== undefined && config.request !== 'launch') throw new Error(`The ${DEBUG_TYPE} debugger only launches (request "launch").`);
    const file = typeof config.file === 'string' && config.file ? config.file : vscode.window.activeTextEditor?.document.uri.fsPath;
    if (!file || !path.isAbsolute(file)) throw new Error('Say which DAG file to debug: "file" in the configuration (for example "${file}"), or open it.');
    const scope = config.taskId === undefined ? 'dag' : 'task';
    if (config.dagId === undefined) return requestFrom(this.services, vscode.Uri.file(file), scope);
    const conf = config.conf;
    if (conf !== undefined && (typeof conf !== 'object' || conf === null || Array.isArray(conf) || JSON.stringify(conf).length > MAX_CONF_CHARS)) {
      throw new Error('"conf" must be a JSON object (at most 64 KB).');
    }
    return {
      anchor: file, dagId: checkedId(config.dagId, vscode.l10n.t('DAG id')), ...(scope === 'task' ? { taskId: checkedId(config.taskId, vscode.l10n.t('task id')) } : {}),
      ...(typeof config.logicalDate === 'string' ? { logicalDate: config.logicalDate } : {}),
      ...(conf ? { conf: conf as Record<string, unknown> } : {}),
    };
  }

  /** Reads the session's output and exit code. */
  private tracker(session: vscode.DebugSession): vscode.DebugAdapterTracker | undefined {
    const launch = this.launches.get(String(session.configuration[LAUNCH_KEY]));
    if (!launch) return undefined;
    let partial = '';
    return {
      onDidSendMessage: (m: { type?: string; event?: string; body?: Record<string, unknown> }) => {
        if (m.type !== 'event') return;
        if (m.event === 'output' && typeof m.body?.output === 'string' && m.body.category !== 'telemetry') {
          const parts = (partial + m.body.output).split(/\r?\n/);
          partial = parts.pop() ?? '';
          for (const line of parts) launch.tracker.push(line);
        } else if (m.event === 'exited' && typeof m.body?.exitCode === 'number') {
          launch.record.code = m.body.exitCode;
        }
      },
      onError: (e: Error) => this.services.logger.debug(`local debug adapter: ${describeError(e)}`),
    };
  }

  /** The session's end: its summary in the debug console and its record. */
  private ended(session: vscode.DebugSession): void {
    const id = String(session.configuration[LAUNCH_KEY]);
    const launch = this.launches.get(id);
    if (!launch) return;
    this.launches.delete(id);
    const summary = launch.tracker.summary();
    const ms = performance.now() - launch.startedAt;
    const end = endLine(launch.record.code, summary, ms);
    Object.assign(launch.record, {
      code: launch.record.code ?? null, ms: Math.round(ms), failedTasks: summary.failedTasks, succeededTasks: summary.succeededTasks,
      order: summary.order, lastLine: end.lastLine,
    });
    vscode.debug.activeDebugConsole.appendLine(end.lastLine);
  }

  dispose(): void {
    this.disposables.forEach((d) => d.dispose());
    this.launches.clear();
  }
}

/**
 * On Airflow 3 a task reaches its Variables, Connections and XComs through the execution API,
 * served in the same process by other threads: stopping every thread at a breakpoint (debugpy's
 * default) would hang the Variables view and the debug console on the first lazy value. Only the
 * task's thread stops there (a launch configuration may say otherwise).
 */
export function threadPolicy(airflowVersion: string, config: vscode.DebugConfiguration): { stopAllThreadsOnSuspend: boolean } {
  if (typeof config.stopAllThreadsOnSuspend === 'boolean') return { stopAllThreadsOnSuspend: config.stopAllThreadsOnSuspend };
  return { stopAllThreadsOnSuspend: !airflowVersion.startsWith('3.') };
}

/**
 * debugpy's launcher starts the debuggee with its own environment (the adapter's: the extension
 * host's) updated by the launch's `env`, where a null removes a key: the user's AIRFLOW_* and
 * PYTHON* settings that the run leaves out must not come back that way.
 */
export function withRemovals(env: Record<string, string>, adapterEnv: NodeJS.ProcessEnv): Record<string, string | null> {
  const out: Record<string, string | null> = { ...env };
  for (const k of Object.keys(adapterEnv)) if (!(k in env)) out[k] = null;
  return out;
}
