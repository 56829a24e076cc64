/** The local runtime feature's test seam (test mode only, from src/testSeams.ts). */
import type { Services } from '../../services/services';
import type { LocalRuntimeHandle } from './activation';
import type { LocalRuntimeActivity } from './localRuntimeFeature';
import { NOTICE_SOURCE } from './localRuntimeTypes';

export type { FolderParseSummary, GateRecord, ParseRecord, ResolverCheckResult, UpgradeTestResult } from './localRuntimeTypes';

export const LOCAL_RUNTIME_SEAMS = {
  /** The gate's answers, the parses, the status bar text and the notifications of this session. */
  state: '_mwaa.localRuntimeState',
} as const;

export interface LocalRuntimeState extends LocalRuntimeActivity {
  /** Whether the part (and so anything of the runtime) was loaded. */
  readonly loaded: boolean;
  readonly runtimeLoaded: boolean;
  readonly notifications: ReadonlyArray<{ readonly level: string; readonly message: string }>;
}

export function registerLocalRuntimeSeams(services: Services, handle: LocalRuntimeHandle): void {
  // Peeks: asking for the state loads nothing.
  const state = (): LocalRuntimeState => ({
    ...(handle.loaded?.activity() ?? { decisions: [], parses: [], statusBar: '' }),
    loaded: handle.loaded !== undefined,
    runtimeLoaded: services.runtimeLoaded,
    notifications: services.notify.recorded(NOTICE_SOURCE).map((n) => ({ level: n.level, message: n.message })),
  });
  services.commands.registerTable({ [LOCAL_RUNTIME_SEAMS.state]: state });
}
