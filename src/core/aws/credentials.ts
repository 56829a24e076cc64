/**
 * Credentials for one profile. client-mwaa 3.523.0 has no per-client `profile`, so we resolve with
 * `fromIni({ profile })` ourselves and hand clients the provider; nothing here ever logs or keeps
 * credential values beyond the in-memory cache the SDK clients need.
 */
import { UserFacingError } from '../errors';
import { loadSdk } from './loadSdk';
import { findProfile, type CredentialKind, type ProfileCatalog } from './profiles';

/** The SDK's credential shape (structurally @smithy/types' AwsCredentialIdentity). */
export interface AwsCredentialIdentity {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}

export type AwsCredentialIdentityProvider = () => Promise<AwsCredentialIdentity>;

export interface CredentialChain {
  /** Profiles from the one asked for to the one that holds the base credentials. */
  readonly profiles: readonly string[];
  /** How the last link gets credentials: a profile kind, or `credential_source` (`Environment`, `Ec2InstanceMetadata`, `EcsContainer`). */
  readonly base: Exclude<CredentialKind, 'role'> | `credential_source:${string}`;
  readonly needsMfa: boolean;
}

/**
 * Walks `source_profile` links the way fromIni does, so a broken chain is reported with the
 * profile at fault before any network call (fromIni's own message names only the missing profile).
 */
export function resolveCredentialChain(catalog: ProfileCatalog, profileName: string): CredentialChain {
  const where = `${catalog.paths.configFile} or ${catalog.paths.credentialsFile}`;
  const seen: string[] = [];
  let needsMfa = false;
  let current = findProfile(catalog, profileName);
  if (!current) throw new UserFacingError(`AWS profile '${profileName}' is not defined in ${where}.`);
  for (;;) {
    seen.push(current.name);
    if (current.kind !== 'role') {
      if (current.kind === 'none') {
        throw new UserFacingError(
          seen.length > 1
            ? `Profile '${seen[seen.length - 2]}' takes credentials from source_profile '${current.name}', which has no credentials (no keys, SSO, role or credential_process).`
            : `AWS profile '${current.name}' has no credentials: add keys, SSO settings, a role or credential_process in ${where}.`,
        );
      }
      return { profiles: seen, base: current.kind, needsMfa };
    }
    const role = current.role!;
    needsMfa ||= role.needsMfa;
    if (role.credentialSource) return { profiles: seen, base: `credential_source:${role.credentialSource}`, needsMfa };
    const source = role.sourceProfile!;
    // A role profile may name itself as source when it also carries the keys to assume with.
    if (source === current.name && role.ownStaticKeys) return { profiles: seen, base: 'static', needsMfa };
    if (seen.includes(source)) {
      throw new UserFacingError(`The role chain of profile '${profileName}' loops: ${[...seen, source].join(' -> ')}.`);
    }
    const next = findProfile(catalog, source);
    if (!next) {
      throw new UserFacingError(
        `Profile '${current.name}' takes credentials from source_profile '${source}', which is not defined in ${where}.`,
      );
    }
    current = next;
  }
}

export interface CredentialProviderOptions {
  /** Re-read the shared files (after an edit or `aws sso login`). */
  readonly ignoreCache?: boolean;
  /** Region for the STS/SSO clients fromIni creates for role and SSO profiles. */
  readonly region?: string;
  /** Asked for a code when a role profile sets mfa_serial. */
  readonly mfaCodeProvider?: (mfaSerial: string) => Promise<string>;
}

/** fromIni for one profile, loaded from the lazy SDK bundle. */
export function iniCredentialProvider(profile: string, options: CredentialProviderOptions = {}): AwsCredentialIdentityProvider {
  return loadSdk().fromIni({
    profile,
    ignoreCache: options.ignoreCache ?? false,
    ...(options.region ? { clientConfig: { region: options.region } } : {}),
    ...(options.mfaCodeProvider ? { mfaCodeProvider: options.mfaCodeProvider } : {}),
  }) as AwsCredentialIdentityProvider;
}

/** Credentials are refreshed this long before they expire, as the SDK does. */
const EXPIRY_MARGIN_MS = 5 * 60_000;

/**
 * Shares one resolution between every client of a profile (one SSO/STS round trip, not one per
 * region and service) and re-resolves shortly before expiry. Failures are not cached, so the
 * next call after `aws sso login` succeeds.
 */
export function memoizeCredentials(provider: AwsCredentialIdentityProvider, now: () => number = Date.now): AwsCredentialIdentityProvider {
  let value: AwsCredentialIdentity | undefined;
  let pending: Promise<AwsCredentialIdentity> | undefined;
  const fresh = () => value !== undefined && (!value.expiration || value.expiration.getTime() - now() > EXPIRY_MARGIN_MS);
  return async () => {
    if (fresh()) return value!;
    pending ??= provider().then(
      (v) => {
        value = v;
        pending = undefined;
        return v;
      },
      (err: unknown) => {
        pending = undefined;
        throw err;
      },
    );
    return pending;
  };
}
