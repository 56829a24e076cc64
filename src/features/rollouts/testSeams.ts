/** The rollouts feature's test seam (test mode only, from src/testSeams.ts). */
import type { Services } from '../../services/services';
import type { RolloutsHandle } from './activation';
import { NOTICE_SOURCE, type RolloutActivity } from './rolloutTypes';

export type { InstallLogState, RolloutSummary } from './rolloutTypes';

export const ROLLOUT_SEAMS = {
  /** The rollouts of this session, their install-log lines, errors and notifications. */
  state: '_mwaa.rolloutState',
} as const;

/** What `_mwaa.rolloutState` returns. */
export interface RolloutState extends RolloutActivity {
  /** Messages of the notifications rollouts showed, oldest first. */
  readonly notifications: string[];
}

export function registerRolloutSeams(services: Services, handle: RolloutsHandle): void {
  // Peeks: asking for the state does not load the rollouts bundle.
  const rolloutState = (): RolloutState => ({
    ...(handle.loaded?.activity() ?? { rollouts: [], errors: [], logs: {} }),
    notifications: services.notify.recorded(NOTICE_SOURCE).map((n) => n.message),
  });
  services.commands.registerTable({ [ROLLOUT_SEAMS.state]: rolloutState });
}
