/**
 * Activation-time shell of the local MWAA runtime: the command ids and the parse gate's cheap
 * front (registered with services.uploadGates). The part that parses, builds and resolves, and
 * the runtime service with it, is required on the first save that needs a parse or command run.
 */
import { COMMANDS } from '../../host/commandIds';
import { lazyFeature, type LazyFeature } from '../../host/lazyFeature';
import type { Services } from '../../services/services';
import type { UploadGateDecision } from '../../services/uploadGates';
import type * as PartModule from './localRuntimeFeature';

/** What the test seams reach: the lazily loaded part. */
export type LocalRuntimeHandle = LazyFeature<PartModule.LocalRuntimePart>;

const GO: UploadGateDecision = { upload: true };

export function activateLocalRuntime(services: Services): LocalRuntimeHandle {
  const part = lazyFeature<PartModule.LocalRuntimePart>(services, {
    name: 'local runtime',
    commandIds: Object.values(COMMANDS.localRuntime),
    load: () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return (require('./localRuntimeFeature') as typeof PartModule).createLocalRuntimePart(services);
    },
  });
  // Only a trusted workspace's Python files under a bound folder, with the gate on, load the part.
  services.context.subscriptions.push(services.uploadGates.register('local parse', (request) => {
    const { uri } = request;
    if (uri.scheme !== 'file' || !uri.fsPath.endsWith('.py') || !services.trust.isTrusted) return GO;
    if (services.settings.parseBeforeUpload(uri) === 'off') return GO;
    return part.get().gate(request);
  }));
  return part;
}
