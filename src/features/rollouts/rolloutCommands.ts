/**
 * Dependency rollouts, the lazily loaded part (dist/rollouts.js): requirements.txt, a built
 * plugins.zip or a startup script rolled out to an environment (rolloutRunner.ts). Activation
 * only registers the command ids (activation.ts).
 */
import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import type { ArtifactKind } from '../../core/rollouts/artifacts';
import { COMMANDS } from '../../host/commandIds';
import type { CommandTable } from '../../host/commands';
import type { LazyPart } from '../../host/lazyFeature';
import type { Services } from '../../services/services';
import { InstallLogs } from './installLogs';
import { RolloutRunner } from './rolloutRunner';
import type { RolloutActivity, RolloutOptions, RolloutSummary } from './rolloutTypes';

export interface RolloutPart extends LazyPart {
  readonly commands: CommandTable;
  /** What the rollouts of this session did (the state seam). */
  activity(): RolloutActivity;
  dispose(): void;
}

/** Builds the part; nothing of `services` is touched until a command runs. */
export function createRolloutPart(services: Services): RolloutPart {
  const summaries: RolloutSummary[] = [];
  const errors: string[] = [];
  const logs = new InstallLogs(services);
  const runner = new RolloutRunner(services, logs, summaries);

  const run = (kind: ArtifactKind) => async (arg?: unknown, options?: unknown): Promise<RolloutSummary | undefined> => {
    try {
      return await runner.rollout(kind, arg, isOptions(options) ? options : {});
    } catch (err) {
      errors.push(describeError(err));
      throw err;
    }
  };
  return {
    commands: {
      [COMMANDS.rollouts.requirements]: run('requirements'),
      [COMMANDS.rollouts.plugins]: run('plugins'),
      [COMMANDS.rollouts.startupScript]: run('startupScript'),
    },
    activity: () => ({ rollouts: summaries.map((s) => ({ ...s })), errors: [...errors], logs: logs.state() }),
    dispose: () => logs.dispose(),
  };
}

function isOptions(v: unknown): v is RolloutOptions {
  return typeof v === 'object' && v !== null && !(v instanceof vscode.Uri) && !Array.isArray(v);
}
