import type { MwaaEnvironment } from '../../core/mwaa/environment';

/**
 * Identifies an environment across refreshes, polls and bindings: profile, region and name. Its
 * own module so activation-time code (bindings, status bar) can use it without the explorer.
 */
export function environmentKey(env: Pick<MwaaEnvironment, 'profile' | 'region' | 'name'>): string {
  return JSON.stringify([env.profile, env.region, env.name]);
}
