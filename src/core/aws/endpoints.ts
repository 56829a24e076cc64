/**
 * Which endpoint a client talks to. Order: the machine-scoped `mwaa.endpoints` setting, then the
 * SDK's configured-endpoint sources (AWS_ENDPOINT_URL_<SERVICE>, AWS_ENDPOINT_URL, the profile's
 * `[services …]` section, the profile's `endpoint_url`), else the SDK's own AWS endpoint.
 */
import type { EndpointOverrides } from '../settings';
import type { AwsProfile } from './profiles';

export type AwsService = 'mwaa' | 's3' | 'logs' | 'secretsManager' | 'iam' | 'kms' | 'sts';

/** SDK service ids as used in AWS_ENDPOINT_URL_<ID> and `[services]` sub-sections. */
const SERVICE_ID: Record<AwsService, string> = {
  mwaa: 'mwaa',
  s3: 's3',
  logs: 'cloudwatch_logs',
  secretsManager: 'secrets_manager',
  iam: 'iam',
  kms: 'kms',
  sts: 'sts',
};

/** Every service an endpoint can be set for (the `mwaa.endpoints` keys). */
export const AWS_SERVICES: readonly AwsService[] = Object.keys(SERVICE_ID) as AwsService[];

export type EndpointSource = 'setting' | 'env-service' | 'env-global' | 'profile-services' | 'profile';

export interface ResolvedEndpoint {
  readonly url: string;
  readonly source: EndpointSource;
  /** Not an AWS host: host prefixes (`api.`, `env.`) and virtual-hosted S3 buckets must be off. */
  readonly custom: boolean;
}

export function resolveEndpoint(
  service: AwsService,
  context: { settings?: EndpointOverrides; env?: NodeJS.ProcessEnv; profile?: AwsProfile },
): ResolvedEndpoint | undefined {
  const env = context.env ?? process.env;
  const candidates: Array<[string | undefined, EndpointSource]> = [[context.settings?.[service], 'setting']];
  // Same switch the SDK honours: configured endpoints (env + profile) off, the setting still wins.
  const ignoreConfigured = env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true' || context.profile?.ignoreConfiguredEndpointUrls;
  if (!ignoreConfigured) {
    const id = SERVICE_ID[service];
    candidates.push(
      [env[`AWS_ENDPOINT_URL_${id.toUpperCase()}`], 'env-service'],
      [env.AWS_ENDPOINT_URL, 'env-global'],
      [context.profile?.serviceEndpoints[id], 'profile-services'],
      [context.profile?.endpointUrl, 'profile'],
    );
  }
  for (const [raw, source] of candidates) {
    const url = raw?.trim();
    if (url) return { url: url.replace(/\/+$/, ''), source, custom: !isAwsHost(url) };
  }
  return undefined;
}

/** AWS's own host names (commercial, China, dual-stack): the SDK's host prefixes apply there. */
export function isAwsHost(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  return /(^|\.)(amazonaws\.com|amazonaws\.com\.cn|api\.aws)$/.test(host);
}
