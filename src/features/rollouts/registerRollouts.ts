/**
 * Activation-time shell of dependency rollouts: registers the commands; their code (and with it
 * the S3 upload, zip writer and update follower) is required on the first run.
 */
import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { CommandRegistry } from '../../host/commands';
import type { EnvironmentsFeature } from '../environments/registerEnvironments';
import type * as RolloutModule from './rolloutCommands';
import { ROLLOUT_COMMANDS } from './rolloutTypes';

export function registerRollouts(
  context: vscode.ExtensionContext,
  deps: { logger: Logger; commands: CommandRegistry; environments: EnvironmentsFeature },
): void {
  let rollouts: RolloutModule.Rollouts | undefined;
  const load = (): RolloutModule.Rollouts => {
    if (!rollouts) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createRollouts } = require('./rolloutCommands') as typeof RolloutModule;
      rollouts = createRollouts({
        services: deps.environments.services,
        bindings: deps.environments.bindings,
        logger: deps.logger,
        bundleDir: vscode.Uri.joinPath(context.extensionUri, 'dist').fsPath,
        testMode: context.extensionMode === vscode.ExtensionMode.Test,
      });
    }
    return rollouts;
  };
  for (const id of Object.values(ROLLOUT_COMMANDS)) {
    deps.commands.register(id, (...args: unknown[]) => load().handlers.get(id)!(...args));
  }
  context.subscriptions.push({ dispose: () => rollouts?.dispose() });
}
