/**
 * Activation-time shell of dependency rollouts: registers the commands; their code (and with it
 * the S3 upload, zip writer and update follower) is required on the first run.
 */
import { COMMANDS } from '../../host/commandIds';
import { lazyFeature, type LazyFeature } from '../../host/lazyFeature';
import type { Services } from '../../services/services';
import type * as RolloutModule from './rolloutCommands';

/** What the rollouts feature hands its test seams: the lazily loaded part. */
export type RolloutsHandle = LazyFeature<RolloutModule.RolloutPart>;

export function activateRollouts(services: Services): RolloutsHandle {
  return lazyFeature(services, {
    name: 'rollouts',
    load: () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createRolloutPart } = require('./rolloutCommands') as typeof RolloutModule;
      return createRolloutPart(services);
    },
    commandIds: Object.values(COMMANDS.rollouts),
  });
}
