import type { AwsClientFactory } from '../../core/aws/clientFactory';
import { UserFacingError } from '../../core/errors';
import type { MwaaEnvironment } from '../../core/mwaa/environment';
import { environmentSourceFromFactory, fetchEnvironment } from '../../core/mwaa/listEnvironments';
import type { EnvironmentsModel } from './environmentsModel';

/** [profile, region, name] from an environment key, or undefined when it is not one. */
export function parseEnvironmentKey(key: string): { profile: string; region: string; name: string } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(key);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3 || !parsed.every((p) => typeof p === 'string' && p !== '')) return undefined;
  const [profile, region, name] = parsed as [string, string, string];
  return { profile, region, name };
}

/**
 * GetEnvironment for a key: a key names one environment exactly, so a caller holding one (a
 * binding, a notification, another feature) gets it even when the tree's listing is stale or was
 * narrowed by settings. A fresh answer also updates the tree.
 */
export async function fetchEnvironmentByKey(model: EnvironmentsModel, factory: AwsClientFactory, key: string, signal?: AbortSignal): Promise<MwaaEnvironment> {
  const parts = parseEnvironmentKey(key);
  if (!parts) throw new UserFacingError(`Not an MWAA environment key: ${key}`);
  const target = model.targetOf(parts);
  const env = await fetchEnvironment(environmentSourceFromFactory(factory), target, parts.name, signal ? { abortSignal: signal } : {});
  model.applyUpdate(env);
  return env;
}
