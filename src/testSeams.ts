/**
 * The `_mwaa.*` commands tests and benchmarks use to see inside the extension (trees as data,
 * queue states, notifications) and to answer its questions. Its own bundle, required by
 * extension.ts only under the extension test runner: none of it exists for a user.
 */
import type { ActivatedFeatures } from './featureList';
import { registerPromptSeams } from './host/promptSeams';
import type { Services } from './services/services';
import { registerEnvironmentSeams } from './features/environments/testSeams';
import { registerRunsSeams } from './features/runs/testSeams';
import { registerLogSeams } from './features/logs/testSeams';
import { registerSyncSeams } from './features/sync/testSeams';
import { registerDiagnosticsSeams } from './features/diagnostics/testSeams';
import { registerRolloutSeams } from './features/rollouts/testSeams';
import { registerLocalRuntimeSeams } from './features/localRuntime/testSeams';
import { registerLocalRunSeams } from './features/localRun/testSeams';
import { registerDagViewSeams } from './features/dagView/testSeams';
import { registerSecretsSeams } from './features/secrets/testSeams';

export function registerTestSeams(services: Services, features: ActivatedFeatures): void {
  registerPromptSeams(services);
  registerEnvironmentSeams(services, features.environments);
  registerRunsSeams(services, features.runs);
  registerLogSeams(services, features.logs);
  registerSyncSeams(services, features.sync);
  registerDiagnosticsSeams(services, features.diagnostics);
  registerRolloutSeams(services, features.rollouts);
  registerLocalRuntimeSeams(services, features.localRuntime);
  registerLocalRunSeams(services, features.localRun);
  registerDagViewSeams(services, features.dagView);
  registerSecretsSeams(services, features.secrets);
}
