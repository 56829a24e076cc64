/**
 * One SDK client per service + profile + region + endpoint, created on first use and cached.
 * SDK classes come from the lazily loaded bundle (loadSdk); this module imports only types.
 */
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { KMSClient } from '@aws-sdk/client-kms';
import type { MWAAClient } from '@aws-sdk/client-mwaa';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { STSClient } from '@aws-sdk/client-sts';
import { UserFacingError } from '../errors';
import type { Logger } from '../logger';
import type { EndpointOverrides } from '../settings';
import {
  iniCredentialProvider,
  memoizeCredentials,
  type AwsCredentialIdentityProvider,
  type CredentialProviderOptions,
} from './credentials';
import { defaultCredentialsProvider, isDefaultCredentials } from './defaultCredentials';
import { resolveEndpoint, type AwsService, type ResolvedEndpoint } from './endpoints';
import { loadSdk } from './loadSdk';
import type { AwsProfile } from './profiles';
import { isRegionCode, requireRegionCode } from './region';

export type RetryMode = 'standard' | 'adaptive';

export interface ClientFactoryOptions {
  /** The extension's version, for the `mwaa-toolkit/<version>` user agent. */
  readonly extensionVersion: string;
  /** The machine-scoped `mwaa.endpoints` setting; wins over env and profile endpoints. */
  readonly endpoints?: EndpointOverrides;
  /** `adaptive` adds client-side rate limiting on throttling; default `standard`. */
  readonly retryMode?: RetryMode;
  /** Total attempts per call, first one included; default 3. */
  readonly maxAttempts?: number;
  readonly connectionTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly logger?: Logger;
  /** Asked for a code (with the profile whose role needs it) when a role profile sets mfa_serial. */
  readonly mfaCodeProvider?: (mfaSerial: string, profile: string) => Promise<string>;
  /** How credentials are resolved; fromIni unless a test injects static ones. */
  readonly credentialProvider?: (profile: string, options: CredentialProviderOptions) => AwsCredentialIdentityProvider;
}

/** What a client is for: a profile from the catalog and, optionally, a region other than its own. */
export interface ClientTarget {
  readonly profile: AwsProfile;
  readonly region?: string;
  /** Where `region` came from, for the message when it is not a region code ("the binding of folder x"). */
  readonly regionSource?: string;
}

/** How one client is made, beyond its target. */
export interface ClientOptions {
  /**
   * The caller retries failed calls itself (the upload queue): the SDK makes one attempt, so the
   * retries are not multiplied (8 queue attempts x 3 SDK attempts).
   */
  readonly callerRetries?: boolean;
}

interface Destroyable {
  destroy(): void;
}

export class AwsClientFactory {
  private readonly clients = new Map<string, Destroyable>();
  private readonly credentials = new Map<string, AwsCredentialIdentityProvider>();
  /** After reset(), the next resolution re-reads the shared files (the SDK caches them). */
  private rereadFiles = false;
  private disposed = false;

  constructor(private readonly options: ClientFactoryOptions) {}

  mwaa(target: ClientTarget, options: ClientOptions = {}): MWAAClient {
    return this.client('mwaa', target, options, (config) => new (loadSdk().MWAAClient)(config));
  }

  s3(target: ClientTarget, options: ClientOptions = {}): S3Client {
    return this.client('s3', target, options, (config, endpoint) =>
      // Path-style: a local stand-in cannot serve bucket.127.0.0.1; `profile` (newer client) keeps
      // the SDK from reading endpoint settings of AWS_PROFILE's profile instead of this one.
      new (loadSdk().S3Client)({ ...config, profile: sdkProfile(target), forcePathStyle: endpoint?.custom ?? false }),
    );
  }

  logs(target: ClientTarget, options: ClientOptions = {}): CloudWatchLogsClient {
    return this.client('logs', target, options, (config) => new (loadSdk().CloudWatchLogsClient)({ ...config, profile: sdkProfile(target) }));
  }

  secretsManager(target: ClientTarget, options: ClientOptions = {}): SecretsManagerClient {
    return this.client('secretsManager', target, options, (config) => new (loadSdk().SecretsManagerClient)({ ...config, profile: sdkProfile(target) }));
  }

  iam(target: ClientTarget, options: ClientOptions = {}): IAMClient {
    return this.client('iam', target, options, (config) => new (loadSdk().IAMClient)({ ...config, profile: sdkProfile(target) }));
  }

  kms(target: ClientTarget, options: ClientOptions = {}): KMSClient {
    return this.client('kms', target, options, (config) => new (loadSdk().KMSClient)({ ...config, profile: sdkProfile(target) }));
  }

  sts(target: ClientTarget, options: ClientOptions = {}): STSClient {
    return this.client('sts', target, options, (config) => new (loadSdk().STSClient)({ ...config, profile: sdkProfile(target) }));
  }

  /**
   * The region a target's clients use: the one asked for, else the profile's. Only a region code:
   * the SDK builds host names from it, so anything else could send signed calls to another host.
   */
  regionOf(target: ClientTarget): string {
    const region = target.region ?? target.profile.region;
    if (!region) {
      throw new UserFacingError(
        `AWS profile '${target.profile.name}' has no region: add \`region = …\` to it in your AWS config file or list regions in the \`mwaa.regions\` setting.`,
      );
    }
    const source = target.regionSource ?? (region === target.profile.region ? profileRegionSource(target.profile) : undefined);
    return requireRegionCode(region, source);
  }

  endpointOf(service: AwsService, target: ClientTarget): ResolvedEndpoint | undefined {
    return resolveEndpoint(service, { settings: this.options.endpoints ?? {}, env: this.options.env ?? process.env, profile: target.profile });
  }

  /** The cache key: a client is reused only for the same service, profile, region, endpoint and retry owner. */
  cacheKey(service: AwsService, target: ClientTarget, options: ClientOptions = {}): string {
    const key = [service, target.profile.name, this.regionOf(target), this.endpointOf(service, target)?.url ?? null];
    return JSON.stringify(options.callerRetries ? [...key, 'caller-retries'] : key);
  }

  /** Memoised credentials of a profile, shared by all its clients. */
  credentialsFor(target: ClientTarget): AwsCredentialIdentityProvider {
    const name = target.profile.name;
    let provider = this.credentials.get(name);
    if (!provider) {
      const make = isDefaultCredentials(target.profile)
        ? () => defaultCredentialsProvider(this.options.env ?? process.env)
        : (this.options.credentialProvider ?? iniCredentialProvider);
      // For the STS/SSO clients fromIni makes: the profile's region, else the target's, and only a
      // region code (clients are made after regionOf() checked the target, so one is there).
      const region = [target.profile.region, target.region].find(isRegionCode);
      provider = memoizeCredentials(
        make(name, {
          ignoreCache: this.rereadFiles,
          ...(region ? { region } : {}),
          ...(this.options.mfaCodeProvider ? { mfaCodeProvider: (serial: string) => this.options.mfaCodeProvider!(serial, name) } : {}),
        }),
      );
      this.credentials.set(name, provider);
    }
    return provider;
  }

  get size(): number {
    return this.clients.size;
  }

  /** Drops every client and cached credential: after a config-file edit or `aws sso login`. */
  reset(): void {
    this.destroyAll();
    this.credentials.clear();
    this.rereadFiles = true;
  }

  dispose(): void {
    this.destroyAll();
    this.credentials.clear();
    this.disposed = true;
  }

  private destroyAll(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }

  private client<C extends Destroyable>(
    service: AwsService,
    target: ClientTarget,
    options: ClientOptions,
    create: (config: Record<string, unknown>, endpoint: ResolvedEndpoint | undefined) => C,
  ): C {
    if (this.disposed) throw new Error('AwsClientFactory used after dispose()');
    // Validates the region (regionOf) before anything is built or cached.
    const key = this.cacheKey(service, target, options);
    const cached = this.clients.get(key);
    if (cached) return cached as C;
    const region = this.regionOf(target);
    const endpoint = this.endpointOf(service, target);
    const config: Record<string, unknown> = {
      region,
      credentials: this.credentialsFor(target),
      retryMode: this.options.retryMode ?? 'standard',
      maxAttempts: options.callerRetries ? 1 : (this.options.maxAttempts ?? 3),
      customUserAgent: `mwaa-toolkit/${this.options.extensionVersion}`,
      requestHandler: {
        connectionTimeout: this.options.connectionTimeoutMs ?? 5_000,
        requestTimeout: this.options.requestTimeoutMs ?? 30_000,
      },
    };
    if (endpoint) {
      config.endpoint = endpoint.url;
      // Else the SDK turns 127.0.0.1 into api.127.0.0.1 / env.127.0.0.1.
      if (endpoint.custom) config.disableHostPrefix = true;
    }
    const client = create(config, endpoint);
    this.clients.set(key, client);
    this.options.logger?.debug(
      `AWS ${service} client for profile ${target.profile.name} in ${region}` + (endpoint ? ` via ${endpoint.url} (${endpoint.source})` : '') +
        (options.callerRetries ? ' (one attempt per call: the caller retries)' : ''),
    );
    return client;
  }
}

/** The SDK's `profile` option: the profile's name, none for the default chain (not a profile of the files). */
function sdkProfile(target: ClientTarget): string | undefined {
  return isDefaultCredentials(target.profile) ? undefined : target.profile.name;
}

/** "the `region` of AWS profile 'dev' in your AWS config file", for the message about a bad one. */
function profileRegionSource(profile: AwsProfile): string {
  return `the \`region\` of AWS profile '${profile.name}' in your AWS ${profile.definedIn.includes('config') ? 'config' : 'credentials'} file`;
}
