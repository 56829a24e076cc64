import type { Services } from './services/services';
import { activateEnvironments } from './features/environments/activation';
import { activateRuns } from './features/runs/activation';
import { activateLogs } from './features/logs/activation';
import { activateSync } from './features/sync/activation';
import { activateDiagnostics } from './features/diagnostics/activation';
import { activateRollouts } from './features/rollouts/activation';
import { activateLocalRuntime } from './features/localRuntime/activation';
import { activateLocalRun } from './features/localRun/activation';
import { activateDagView } from './features/dagView/activation';
import { activateSecrets } from './features/secrets/activation';
import { activateCredentials } from './features/credentials/activation';

/**
 * Every feature, in activation order. Each receives the one services object and registers its
 * commands, views and listeners; what it returns is handed to its test seams (test mode only).
 */
export const FEATURES = {
  environments: activateEnvironments,
  runs: activateRuns,
  logs: activateLogs,
  sync: activateSync,
  diagnostics: activateDiagnostics,
  rollouts: activateRollouts,
  localRuntime: activateLocalRuntime,
  localRun: activateLocalRun,
  dagView: activateDagView,
  secrets: activateSecrets,
  credentials: activateCredentials,
} satisfies Record<string, (services: Services) => unknown>;

/** What each feature's activation returned, by feature: what the test seams reach into. */
export type ActivatedFeatures = { readonly [K in keyof typeof FEATURES]: ReturnType<(typeof FEATURES)[K]> };

