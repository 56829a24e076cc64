/**
 * The local run feature, the lazily loaded part (dist/localRun.js): Run/Debug Task Locally,
 * Run/Debug DAG Locally (from the lenses, the palette and task instances of the MWAA view), Stop
 * Local Run, our debugger type's configurations and adapter, and traceback links in the run
 * terminals. Activation registers only the command ids, the lenses and the debugger's front.
 */
import * as vscode from 'vscode';
import { describeError, isCancellation } from '../../core/errors';
import { COMMANDS } from '../../host/commandIds';
import type { CommandTable } from '../../host/commands';
import type { LazyPart } from '../../host/lazyFeature';
import type { Services } from '../../services/services';
import { LocalDebugSessions } from './debugSessions';
import { LocalFrameLinks } from './frameLinks';
import type { LocalRunLenses } from './localRunLenses';
import { LocalRuns, RunRecords } from './localRuns';
import { DEBUG_TYPE, type LocalRunRecord } from './localRunTypes';
import { requestFrom, type RunScope } from './runRequests';

export interface LocalRunPart extends LazyPart {
  readonly commands: CommandTable;
  resolveDebugConfiguration(folder: vscode.WorkspaceFolder | undefined, config: vscode.DebugConfiguration): Promise<vscode.DebugConfiguration | undefined>;
  debugAdapter(session: vscode.DebugSession): vscode.DebugAdapterDescriptor;
  /** What the test seams read: every run and debug session of this session, newest last. */
  records(): LocalRunRecord[];
  dispose(): void;
}

export function createLocalRunPart(services: Services, lenses: LocalRunLenses): LocalRunPart {
  const records = new RunRecords();
  const runs = new LocalRuns(services, records);
  const debug = new LocalDebugSessions(services, records);
  const disposables: vscode.Disposable[] = [runs, debug, vscode.window.registerTerminalLinkProvider(new LocalFrameLinks())];
  // A run may have picked the workspace's Airflow version: lenses may now show in unbound files.
  const after = <T>(p: Promise<T>) => p.finally(() => lenses.refresh());
  const run = (scope: RunScope) => async (arg?: unknown) => after(runs.run(await requestFrom(services, arg, scope)));
  const start = (scope: RunScope) => async (arg?: unknown) => after(debug.start(await requestFrom(services, arg, scope)));
  return {
    commands: {
      [COMMANDS.localRun.runTask]: run('task'),
      [COMMANDS.localRun.runDag]: run('dag'),
      [COMMANDS.localRun.debugTask]: start('task'),
      [COMMANDS.localRun.debugDag]: start('dag'),
      [COMMANDS.localRun.stop]: () => runs.stop(),
    },
    async resolveDebugConfiguration(folder, config) {
      try {
        return await debug.resolve(folder, config);
      } catch (err) {
        // Undefined stops the launch quietly; the reason goes through the one error path.
        if (!isCancellation(err)) await services.commands.handleError(`${DEBUG_TYPE} launch`, err);
        else services.logger.debug(`${DEBUG_TYPE} launch cancelled: ${describeError(err)}`);
        return undefined;
      }
    },
    debugAdapter: (session) => debug.adapter(session),
    records: () => records.all(),
    dispose: () => disposables.forEach((d) => d.dispose()),
  };
}
