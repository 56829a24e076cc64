/** Shapes of the rollout feature, apart so activation and the test seams need none of its code. */
import type { ArtifactKind } from '../../core/rollouts/artifacts';

/** The modal that asks before the upload and UpdateEnvironment; its button is the summary's `confirm` label. */
export const CONFIRM_PROMPT = 'rollouts.confirm';

/** Where the feature's notifications are recorded (services.notify). */
export const NOTICE_SOURCE = 'rollouts';

/** The second argument of a rollout command, from code (and tests): never needed from menus. */
export interface RolloutOptions {
  /** Environment key (JSON [profile, region, name]) or name, instead of the binding or a pick. */
  readonly environment?: string;
  /** Local path of the file or folder, instead of the invoked-on or active one. */
  readonly source?: string;
}

export interface RolloutSummary {
  readonly artifact: ArtifactKind;
  readonly environment: string;
  readonly key: string;
  /** The uploaded object version; none when the rollout ended before the upload (cancelled). */
  version?: string;
  readonly previousVersion?: string;
  readonly confirmMessage: string;
  readonly confirmDetail: string;
  /**
   * `cancelled`: not confirmed, nothing uploaded; `uploadFailed`: confirmed, the upload failed;
   * `rejected`: uploaded, but UpdateEnvironment failed.
   */
  outcome: 'cancelled' | 'uploadFailed' | 'rejected' | 'updating' | 'succeeded' | 'failed' | 'unusable' | 'timedOut';
  status?: string;
  elapsedMs?: number;
  error?: { code?: string; message?: string };
  message?: string;
  logTerminal?: string;
}

/** An install log as the rollout state shows it: its terminal's title, what it tails, its last lines. */
export interface InstallLogState {
  readonly title: string;
  readonly group: string;
  readonly prefix: string;
  readonly lines: string[];
}

/** What the rollouts of this session did (the `_mwaa.rolloutState` seam adds the notifications). */
export interface RolloutActivity {
  readonly rollouts: RolloutSummary[];
  /** Messages of the errors rollout commands ended with. */
  readonly errors: string[];
  /** Install logs by environment key. */
  readonly logs: Record<string, InstallLogState>;
}
