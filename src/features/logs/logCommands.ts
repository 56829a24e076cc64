/**
 * The logs feature's lazily loaded part (dist/logs.js): "Show Task Log", "Tail Run" and "Tail
 * Environment Logs", the entry points the runs and environments views call (and the palette,
 * where they ask). Activation only registers their ids (activation.ts).
 */
import { COMMANDS } from '../../host/commandIds';
import type { CommandTable } from '../../host/commands';
import type { LazyPart } from '../../host/lazyFeature';
import type { Services } from '../../services/services';
import type { LogDocuments } from './logDocuments';
import { LogTails } from './logTails';
import { TaskLogViewer, type ShownTaskLog } from './taskLogViewer';

export type { ShownTaskLog } from './taskLogViewer';

export interface LogsPart extends LazyPart {
  readonly commands: CommandTable;
  /** Show Task Log, for the probe seam (which returns its error instead of showing it). */
  showTaskLogs(arg?: unknown): Promise<ShownTaskLog>;
}

export function createLogsPart(services: Services, documents: LogDocuments): LogsPart {
  const viewer = new TaskLogViewer(services, documents);
  const tails = new LogTails(services);
  const showTaskLogs = (arg?: unknown) => viewer.show(arg);
  const tailRun = (arg?: unknown) => tails.tailRun(arg);
  const tailEnvironmentLogs = (node?: unknown, kind?: unknown, pattern?: unknown) => tails.tailEnvironment(node, kind, pattern);
  return {
    commands: {
      [COMMANDS.logs.showTaskLogs]: showTaskLogs,
      [COMMANDS.logs.tailRun]: tailRun,
      [COMMANDS.logs.tailEnvironment]: tailEnvironmentLogs,
    },
    showTaskLogs,
  };
}
