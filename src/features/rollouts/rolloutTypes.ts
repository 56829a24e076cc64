/** Command ids and shapes of the rollout feature, apart so activation needs none of its code. */
import type { Logger } from '../../core/logger';
import type { ArtifactKind } from '../../core/rollouts/artifacts';
import type { BindingStore } from '../environments/bindingStore';
import type { EnvironmentServices } from '../environments/environmentServices';

export const ROLLOUT_COMMANDS = {
  requirements: 'mwaa.rolloutRequirements',
  plugins: 'mwaa.rolloutPlugins',
  startupScript: 'mwaa.rolloutStartupScript',
  /** Test seam (not contributed): the rollouts of this session, their install-log lines, errors. */
  state: '_mwaa.rolloutState',
} as const;

export interface RolloutDeps {
  readonly services: () => EnvironmentServices;
  readonly bindings: BindingStore;
  readonly logger: Logger;
  /** Folder of the bundles (dist/): where the lint data is found. */
  readonly bundleDir: string;
  /** Under the extension test runner: `{confirmed: true}` may skip the modal. */
  readonly testMode: boolean;
}

/** The second argument of a rollout command, from code (and tests): never needed from menus. */
export interface RolloutOptions {
  /** Environment key (JSON [profile, region, name]) or name, instead of the binding or a pick. */
  readonly environment?: string;
  /** Local path of the file or folder, instead of the invoked-on or active one. */
  readonly source?: string;
  /** Skips the confirmation; honoured only in test mode. */
  readonly confirmed?: boolean;
}

export interface RolloutSummary {
  readonly artifact: ArtifactKind;
  readonly environment: string;
  readonly key: string;
  /** The uploaded object version. */
  readonly version: string;
  readonly previousVersion?: string;
  readonly confirmMessage: string;
  readonly confirmDetail: string;
  /** `rejected`: uploaded, but UpdateEnvironment failed. */
  outcome: 'cancelled' | 'rejected' | 'updating' | 'succeeded' | 'failed' | 'unusable' | 'timedOut';
  status?: string;
  elapsedMs?: number;
  error?: { code?: string; message?: string };
  message?: string;
  logTerminal?: string;
}
