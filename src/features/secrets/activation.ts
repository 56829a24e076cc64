/**
 * Activation-time shell of the secrets feature (variables and connections): the command ids and
 * the "Variables" / "Connections" nodes under each environment. The rest (secretsFeature.ts, the
 * `secrets` bundle) is required when one of them is expanded or a command runs.
 */
import { COMMANDS } from '../../host/commandIds';
import { lazyFeature, type LazyFeature } from '../../host/lazyFeature';
import type { Services } from '../../services/services';
import { GroupNodes } from './groupNodes';
import { SecretsContributor } from './secretsContributor';
import type * as SecretsModule from './secretsFeature';

/** What the secrets feature hands its test seams. */
export interface SecretsHandle {
  readonly part: LazyFeature<SecretsModule.SecretsPart>;
  readonly groups: GroupNodes;
}

export function activateSecrets(services: Services): SecretsHandle {
  const groups = new GroupNodes();
  const contributor = new SecretsContributor(groups, () => part.get());
  const part = lazyFeature(services, {
    name: 'secrets',
    load: () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createSecrets } = require('./secretsFeature') as typeof SecretsModule;
      return createSecrets(services, { groups, fire: (node) => contributor.fire(node) });
    },
    commandIds: Object.values(COMMANDS.secrets),
  });
  services.context.subscriptions.push(contributor, services.environmentTree.contribute(contributor));
  return { part, groups };
}
