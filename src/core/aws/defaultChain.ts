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
