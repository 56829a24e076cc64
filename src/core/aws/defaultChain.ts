/**
 * The "default credentials" entry of the profile list, as plain facts from the environment (no
 * SDK, no profile types): its name and where its credentials come from. The provider that
 * resolves it is defaultCredentials.ts.
 */

/** The catalog name of the entry. A space keeps it apart from `aws configure` names in practice; a real profile of that name wins. */
export const DEFAULT_CREDENTIALS = 'default credentials';

export type DefaultCredentialsSource = 'environment variables' | 'container credentials' | 'instance metadata';

export function hasEnvKeys(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.AWS_ACCESS_KEY_ID?.trim() && env.AWS_SECRET_ACCESS_KEY?.trim());
}

/** Where the chain will find credentials, judged from the environment alone (no network). */
export function defaultCredentialsSource(env: NodeJS.ProcessEnv = process.env): DefaultCredentialsSource {
  if (hasEnvKeys(env)) return 'environment variables';
  if (env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI) return 'container credentials';
  return 'instance metadata';
}

/**
 * Whether the default chain's listing is left out of the view. With no profile in the files and
 * neither keys nor a container in the environment, the chain can only try instance metadata. Off
 * an instance that finds nothing (or has no region to look in), and a "default credentials" node
 * with that error would stand where the view's welcome says how to start. So it shows only when
 * it found credentials, or when keys or a container are there to be blamed.
 */
export function defaultChainFoundNothing(
  listing: { readonly profile: string; readonly region: string; readonly error?: { readonly kind: string } },
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (listing.profile !== DEFAULT_CREDENTIALS || defaultCredentialsSource(env) !== 'instance metadata') return false;
  // An empty region is the listing's "no region" error: nothing was called.
  return listing.error !== undefined && (listing.error.kind === 'no-credentials' || listing.region === '');
}
