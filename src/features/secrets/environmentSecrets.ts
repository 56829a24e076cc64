/**
 * What the secrets feature needs of one environment: its secrets backend (read from the
 * environment's AirflowConfigurationOptions, which GetEnvironment returns and the environments
 * model drops because they are sensitive), the Amazon provider version its constraints pin, its
 * Airflow API client, and Secrets Manager / IAM / KMS clients in the backend's region. The options
 * themselves are never kept: only the parsed backend settings, for a few minutes.
 */
import * as path from 'node:path';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { AirflowClient } from '../../core/airflow/airflowClient';
import { classifyAwsError } from '../../core/aws/awsErrors';
import type { ClientTarget } from '../../core/aws/clientFactory';
import { findDataDir } from '../../core/lint/dataDir';
import type { MwaaEnvironment } from '../../core/mwaa/environment';
import { getEnvironment } from '../../core/mwaa/environmentCalls';
import { readSecretsBackend, type SecretsBackendConfig } from '../../core/secrets/backendConfig';
import { SecretsStore } from '../../core/secrets/secretsStore';
import { cleanOptions } from '../../services/localRuntime/environmentFacts';
import type { Services } from '../../services/services';
import { amazonProviderVersion, type ProviderVersion } from './amazonProvider';

const KEEP_MS = 2 * 60_000;
const MAX_KEPT = 50;

/** One environment's sources of variables and connections. */
export interface SecretsSources {
  readonly envKey: string;
  readonly env: MwaaEnvironment;
  /** The secrets backend; undefined when none is configured (or the options could not be read). */
  readonly cfg: SecretsBackendConfig | undefined;
  /** Why the backend could not be read (GetEnvironment failed): said in the tree. */
  readonly cfgError?: string;
  readonly provider?: ProviderVersion;
  /** The region Airflow's backend calls Secrets Manager in (`region_name`, else the environment's). */
  readonly secretsRegion: string;
  airflow(): AirflowClient;
  secretsClient(): SecretsManagerClient;
  /** A Secrets Manager client in another region (the checks look for near misses there). */
  secretsClientIn(region: string): SecretsManagerClient;
  store(): SecretsStore;
  iam(): IAMClient;
  kms(): KMSClient;
}

interface Facts {
  readonly at: number;
  readonly cfg?: SecretsBackendConfig;
  readonly cfgError?: string;
}

export class EnvironmentSecrets {
  private readonly facts = new Map<string, Facts>();
  private dataDir: string | null | undefined;

  constructor(private readonly services: Services) {}

  /** The sources of an environment; `fresh` reads its configuration again. Requires trust. */
  async sources(envKey: string, options: { fresh?: boolean; signal?: AbortSignal } = {}): Promise<SecretsSources> {
    this.services.trust.require();
    const envs = this.services.environments;
    const env = await envs.environment(envKey, options.signal ? { signal: options.signal } : {});
    let facts = this.facts.get(envKey);
    if (!facts || options.fresh || Date.now() - facts.at > KEEP_MS) {
      facts = await this.readFacts(env, options.signal);
      this.facts.delete(envKey);
      this.facts.set(envKey, facts);
      for (const old of this.facts.keys()) if (this.facts.size > MAX_KEPT) this.facts.delete(old);
    }
    const cfg = facts.cfg;
    const secretsRegion = cfg?.region ?? env.region;
    const base = envs.targetOf(env);
    const target: ClientTarget = { ...base, region: secretsRegion, ...(cfg?.region ? { regionSource: '`region_name` in the environment\'s secrets.backend_kwargs' } : {}) };
    const provider = amazonProviderVersion(this.dataDirectory(), env.airflowVersion.raw);
    return {
      envKey, env, cfg, secretsRegion,
      ...(facts.cfgError ? { cfgError: facts.cfgError } : {}),
      ...(provider ? { provider } : {}),
      airflow: () => envs.airflow(env),
      secretsClient: () => envs.factory.secretsManager(target),
      secretsClientIn: (region) => envs.factory.secretsManager({ ...base, region, regionSource: 'a region the visibility check looked in' }),
      store: () => new SecretsStore(envs.factory.secretsManager(target)),
      // IAM is global; its client still needs a region to sign with.
      iam: () => envs.factory.iam(base),
      kms: () => envs.factory.kms(target),
    };
  }

  /** Forgets what was read of an environment (refresh), or of all. */
  forget(envKey?: string): void {
    if (envKey) this.facts.delete(envKey);
    else this.facts.clear();
  }

  private async readFacts(env: MwaaEnvironment, signal: AbortSignal | undefined): Promise<Facts> {
    const envs = this.services.environments;
    try {
      const raw = await getEnvironment(envs.factory.mwaa(envs.targetOf(env)), env.name, signal ? { abortSignal: signal } : {});
      const cfg = readSecretsBackend(cleanOptions(raw.AirflowConfigurationOptions));
      return { at: Date.now(), ...(cfg ? { cfg } : {}) };
    } catch (err) {
      if (signal?.aborted) throw err;
      const c = classifyAwsError(err, { profile: env.profile, region: env.region, operation: 'reading the environment\'s configuration options', permission: 'airflow:GetEnvironment' });
      // Not kept for long: the next expansion tries again.
      return { at: Date.now() - KEEP_MS + 10_000, cfgError: c.message };
    }
  }

  private dataDirectory(): string | undefined {
    if (this.dataDir === undefined) {
      const root = this.services.context.extensionUri.fsPath;
      this.dataDir = findDataDir(path.join(root, 'dist')) ?? findDataDir(root) ?? null;
    }
    return this.dataDir ?? undefined;
  }
}
