import type { AwsClientFactory } from '../core/aws/clientFactory';
import { UserFacingError } from '../core/errors';
import type { MwaaEnvironment } from '../core/mwaa/environment';
import { readEnvironmentKey } from '../core/mwaa/environmentKey';
import { environmentSourceFromFactory, fetchEnvironment } from '../core/mwaa/listEnvironments';
import type { EnvironmentsModel } from './environmentsModel';

/**
 * GetEnvironment for a key: a key names one environment exactly, so a caller holding one (a
 * binding, a notification, another feature) gets it even when the listing is stale or was
 * narrowed by settings. A fresh answer also updates the model (and so the tree).
 */
export async function fetchEnvironmentByKey(model: EnvironmentsModel, factory: AwsClientFactory, key: string, signal?: AbortSignal): Promise<MwaaEnvironment> {
  const { parts, problem } = readEnvironmentKey(key);
  if (!parts) throw new UserFacingError(problem ?? `Not an MWAA environment key: ${key.slice(0, 200)}`);
  const target = model.targetOf(parts);
  const env = await fetchEnvironment(environmentSourceFromFactory(factory), target, parts.name, signal ? { abortSignal: signal } : {});
  model.applyUpdate(env);
  return env;
}
