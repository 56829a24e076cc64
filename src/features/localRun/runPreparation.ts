/**
 * Everything a local run needs before its process starts, in two steps: the runtime (which
 * Airflow, built when needed: the questions and the build's own progress come first, before any
 * terminal opens), then the process (the scratch AIRFLOW_HOME and its database, the workspace's
 * `.mwaa/` variables and connections, the environment's configuration options, the arguments).
 * Only in a trusted workspace: a run executes the user's code.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { describeError, UserFacingError } from '../../core/errors';
import { ensureLocalFiles, LocalFileError, readLocalFiles } from '../../core/localRun/localFiles';
import { prepareLocalHome } from '../../core/localRun/localHome';
import { dagRunArgs, taskRunArgs } from '../../core/localRun/runCommands';
import { localRunEnv } from '../../core/localRun/runEnv';
import { redact } from '../../core/redact';
import type { Runtime } from '../../core/runtime/runtimeTypes';
import { COMMANDS } from '../../host/commandIds';
import type { RuntimeTarget } from '../../services/localRuntime/runtimeApi';
import type { Services } from '../../services/services';
import { NOTICE_SOURCE, type LocalRunRequest } from './localRunTypes';

export interface ResolvedRuntime {
  readonly request: LocalRunRequest;
  readonly target: RuntimeTarget;
  readonly runtime: Runtime;
  /** `dag.task` or `dag`: the terminal's and the session's name. */
  readonly title: string;
}

export interface PreparedRun extends ResolvedRuntime {
  /** Arguments after `python -m airflow`. */
  readonly args: string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Folders whose traceback frames are the user's own files (links in the terminal). */
  readonly localFolders: readonly string[];
}

export function titleOf(request: Pick<LocalRunRequest, 'dagId' | 'taskId'>): string {
  return request.taskId ? `${request.dagId}.${request.taskId}` : request.dagId;
}

/** The runtime for the request's file or folder (asked and built when needed). */
export async function resolveRuntime(services: Services, request: LocalRunRequest, signal?: AbortSignal): Promise<ResolvedRuntime> {
  services.trust.require();
  if (!path.isAbsolute(request.anchor)) throw new UserFacingError(vscode.l10n.t('A local run needs a DAG file on this machine.'));
  const anchor = vscode.Uri.file(request.anchor);
  const target = await services.runtime.targetFor(anchor, { interactive: true });
  if (!target) throw new vscode.CancellationError();
  const runtime = await services.runtime.ensure(target, { mode: 'ask', ...(signal ? { signal } : {}) });
  if (!runtime) {
    throw new UserFacingError(vscode.l10n.t('A local run needs the local Airflow {0} runtime, which is not built yet.', target.airflowVersion), [
      { label: vscode.l10n.t('Build Local Runtime'), command: COMMANDS.localRuntime.build, args: [anchor] },
    ]);
  }
  return { request, target, runtime, title: titleOf(request) };
}

/** The process's home, files, environment and arguments; `report` says what takes time. */
export async function prepareProcess(services: Services, resolved: ResolvedRuntime, opts: { signal?: AbortSignal; report: (message: string) => void }): Promise<PreparedRun> {
  const { request, target, runtime } = resolved;
  const { signal, report } = opts;
  const configOptions = await services.runtime.configOptions(target, signal);
  const t0 = performance.now();
  const home = await prepareLocalHome({
    root: path.join(services.context.globalStorageUri.fsPath, 'local-run-homes'),
    runtime: { key: runtime.key, python: runtime.python, airflowVersion: runtime.airflowVersion },
    dagsFolder: target.dagsFolder,
    env: { ...process.env },
    ...(signal ? { signal } : {}),
    log: (line) => services.logger.debug(`local run home: ${redact(line)}`),
  });
  if (home.created) report(vscode.l10n.t('Created the local Airflow {0} home and its database in {1} s (once; reused by later runs).', runtime.airflowVersion, ((performance.now() - t0) / 1000).toFixed(1)));
  const files = localFiles(services, target.workspaceFolder ?? target.dagsFolder);
  const pluginsFolder = runtime.pluginsFolder ?? target.pluginsFolder;
  const env = localRunEnv({
    base: { ...process.env }, home: home.home, dagsFolder: target.dagsFolder,
    ...(pluginsFolder ? { pluginsFolder } : {}), configOptions,
    variablesFile: files.variables, connectionsFile: files.connections,
  });
  const airflowMajor = runtime.airflowVersion.startsWith('3.') ? 3 : 2;
  const common = {
    dagId: request.dagId, airflowMajor,
    ...(request.logicalDate ? { logicalDate: request.logicalDate } : {}),
    ...(request.conf ? { conf: request.conf } : {}),
  } as const;
  const args = request.taskId ? taskRunArgs({ ...common, taskId: request.taskId }) : dagRunArgs(common);
  return {
    ...resolved, args, env, cwd: target.workspaceFolder ?? target.dagsFolder,
    localFolders: [target.dagsFolder, ...(pluginsFolder ? [pluginsFolder] : []), ...(target.workspaceFolder ? [target.workspaceFolder] : [])],
  };
}

/** `.mwaa/variables.json` and `connections.json`: created on first use (the user is told once), checked every run. */
function localFiles(services: Services, folder: string): { variables: string; connections: string } {
  const files = ensureLocalFiles(folder);
  if (files.created.length) {
    services.notify.info(
      vscode.l10n.t('Local runs read Airflow Variables and Connections from .mwaa/variables.json and .mwaa/connections.json in {0} (created now with an example; never uploaded). The environment\'s own secrets are not used.', path.basename(folder)),
      [{ label: vscode.l10n.t('Open variables.json'), run: () => vscode.window.showTextDocument(vscode.Uri.file(files.variables)) }],
      NOTICE_SOURCE,
    );
  }
  try {
    readLocalFiles({ variables: files.variables, connections: files.connections });
  } catch (err) {
    // Airflow would stop with a less helpful message; the file is the user's to fix.
    if (!(err instanceof LocalFileError)) throw err;
    const at = err.line ? { selection: new vscode.Range(err.line - 1, 0, err.line - 1, 0) } : {};
    throw new UserFacingError(describeError(err), [{ label: vscode.l10n.t('Open {0}', path.basename(err.file)), command: 'vscode.open', args: [vscode.Uri.file(err.file), at] }]);
  }
  return files;
}
