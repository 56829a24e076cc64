/**
 * Credentials from outside the shared files, as the AWS CLI takes them when no profile applies:
 * environment variables, then container credentials (ECS, CodeBuild), then instance metadata.
 * The SDK's node chain minus its ini/SSO/process parts, which the profiles already list. Shown
 * as one "default credentials" entry next to the profiles.
 */
import type { AwsCredentialIdentityProvider } from './credentials';
import { loadSdk } from './loadSdk';
import type { AwsProfile } from './profiles';

export { DEFAULT_CREDENTIALS, defaultCredentialsSource, type DefaultCredentialsSource } from './defaultChain';

export function isDefaultCredentials(profile: Pick<AwsProfile, 'kind'>): boolean {
  return profile.kind === 'default-chain';
}

/** Instance metadata is probed once, briefly: off EC2 nothing answers and the node must not hang. */
const IMDS_TIMEOUT_MS = 1_000;

/** The chain's providers, in order; container and instance metadata only where they can apply. */
export function defaultCredentialsProvider(env: NodeJS.ProcessEnv = process.env): AwsCredentialIdentityProvider {
  const sdk = loadSdk();
  const links: Array<[string, AwsCredentialIdentityProvider]> = [['environment variables', sdk.fromEnv() as AwsCredentialIdentityProvider]];
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) {
    links.push(['container credentials', sdk.fromContainerMetadata({ timeout: IMDS_TIMEOUT_MS, maxRetries: 1 }) as AwsCredentialIdentityProvider]);
  }
  if (env.AWS_EC2_METADATA_DISABLED?.toLowerCase() !== 'true') {
    links.push(['instance metadata', sdk.fromInstanceMetadata({ timeout: IMDS_TIMEOUT_MS, maxRetries: 0 }) as AwsCredentialIdentityProvider]);
  }
  return chainProviders(links);
}

/** Tries each link; the error names every place looked, so "no credentials" says where to put them. */
export function chainProviders(links: ReadonlyArray<readonly [string, AwsCredentialIdentityProvider]>): AwsCredentialIdentityProvider {
  return async () => {
    for (const [, provider] of links) {
      try {
        return await provider();
      } catch (err) {
        // The SDK marks errors after which the chain must stop (a malformed response, not "absent").
        if ((err as { tryNextLink?: boolean }).tryNextLink === false) throw err;
      }
    }
    const err = new Error(
      `Could not load credentials: none in ${links.map(([where]) => where).join(', ')}. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add a profile with \`aws configure\`.`,
    );
    err.name = 'CredentialsProviderError';
    throw err;
  };
}
