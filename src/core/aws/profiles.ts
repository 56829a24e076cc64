/**
 * The profiles of the AWS shared config and credentials files, as the environments explorer
 * lists them: name, how the profile gets credentials (never the credentials themselves), region
 * and endpoint overrides. Parsing is the SDK's own (`loadSharedConfigFiles`), so the list matches
 * what `fromIni` later resolves.
 */
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CREDENTIALS, hasEnvKeys } from './defaultChain';
import { loadSdk } from './loadSdk';
import { isRegionCode, quoteRegion } from './region';

/** How a profile obtains credentials, in the order `fromIni` tries them. */
export type CredentialKind =
  | 'role' // role_arn + source_profile / credential_source
  | 'static' // aws_access_key_id + aws_secret_access_key
  | 'web-identity' // role_arn + web_identity_token_file
  | 'process' // credential_process
  | 'sso' // legacy sso_start_url on the profile
  | 'sso-session' // sso_session = name -> [sso-session name]
  | 'login' // login_session (console credentials, newer SDKs)
  | 'default-chain' // not in the files: env vars, container or instance credentials (defaultCredentials.ts)
  | 'none'; // a profile with settings only (region, endpoints): no credentials of its own

export interface RoleChainLink {
  readonly roleArn: string;
  readonly sourceProfile?: string;
  readonly credentialSource?: string;
  /** mfa_serial set: resolving needs an MFA code from the user. */
  readonly needsMfa: boolean;
  /** The profile also holds static keys (lets `source_profile` name the profile itself). */
  readonly ownStaticKeys: boolean;
}

export interface SsoInfo {
  readonly startUrl?: string;
  readonly ssoRegion?: string;
  /** For sso_session profiles: the [sso-session …] section name. */
  readonly session?: string;
  readonly accountId?: string;
  readonly roleName?: string;
}

export interface AwsProfile {
  readonly name: string;
  readonly kind: CredentialKind;
  readonly region?: string;
  /** Which file(s) define the profile. */
  readonly definedIn: ReadonlyArray<'config' | 'credentials'>;
  readonly role?: RoleChainLink;
  readonly sso?: SsoInfo;
  /** The profile's global `endpoint_url`. */
  readonly endpointUrl?: string;
  /** Per-service `endpoint_url`s from the `[services …]` section the profile names, by SDK service id (`mwaa`, `s3`, `cloudwatch_logs`). */
  readonly serviceEndpoints: Readonly<Record<string, string>>;
  /** `ignore_configured_endpoint_urls = true`: env/profile endpoints are off for this profile. */
  readonly ignoreConfiguredEndpointUrls: boolean;
}

export interface SharedConfigPaths {
  readonly configFile: string;
  readonly credentialsFile: string;
}

export interface ProfileCatalog {
  /** Sorted by name, the default profile first. */
  readonly profiles: readonly AwsProfile[];
  /** `AWS_PROFILE`, else `default`. May name a profile that does not exist (see problems). */
  readonly defaultProfile: string;
  readonly paths: SharedConfigPaths;
  /** Configuration mistakes worth showing (never values of secrets). */
  readonly problems: readonly string[];
}

type IniSection = Record<string, string | undefined>;
type ParsedIni = Record<string, IniSection>;

/** The files the SDK reads: AWS_CONFIG_FILE / AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/{config,credentials}. */
export function sharedConfigPaths(env: NodeJS.ProcessEnv = process.env): SharedConfigPaths {
  const home = env.HOME || env.USERPROFILE || os.homedir();
  const expand = (p: string) => (p.startsWith('~/') ? path.join(home, p.slice(2)) : p);
  return {
    configFile: expand(env.AWS_CONFIG_FILE || path.join(home, '.aws', 'config')),
    credentialsFile: expand(env.AWS_SHARED_CREDENTIALS_FILE || path.join(home, '.aws', 'credentials')),
  };
}

/**
 * Reads both files. `ignoreCache` re-reads them (the SDK caches file contents per path); the
 * feature layer passes it when its file watcher fires.
 */
export async function readProfiles(options: { ignoreCache?: boolean; env?: NodeJS.ProcessEnv } = {}): Promise<ProfileCatalog> {
  const env = options.env ?? process.env;
  const paths = sharedConfigPaths(env);
  const files = await loadSdk().loadSharedConfigFiles({
    configFilepath: paths.configFile,
    filepath: paths.credentialsFile,
    ignoreCache: options.ignoreCache ?? false,
  });
  return buildProfileCatalog(files as { configFile: ParsedIni; credentialsFile: ParsedIni }, paths, env);
}

/** Pure: turns the SDK's parsed files into the catalog. */
export function buildProfileCatalog(
  files: { configFile: ParsedIni; credentialsFile: ParsedIni },
  paths: SharedConfigPaths,
  env: NodeJS.ProcessEnv = process.env,
): ProfileCatalog {
  // The SDK's parser keys config sections as `name` (profile), `sso-session.x`, `services.x`.
  const config: Record<string, IniSection> = {};
  const ssoSessions: Record<string, IniSection> = {};
  const services: Record<string, IniSection> = {};
  for (const [key, section] of Object.entries(files.configFile)) {
    if (key.startsWith('sso-session.')) ssoSessions[key.slice('sso-session.'.length)] = section;
    else if (key.startsWith('services.')) services[key.slice('services.'.length)] = section;
    else config[key] = section;
  }
  // In the credentials file every section is a profile; `[profile x]` there is literally "profile x".
  const credentials = files.credentialsFile;
  const names = new Set([...Object.keys(config), ...Object.keys(credentials)]);
  const problems: string[] = [];
  const profiles: AwsProfile[] = [];
  for (const name of names) {
    // As in the SDK: credentials-file values win over config-file values, key by key.
    const data: IniSection = { ...config[name], ...credentials[name] };
    const definedIn: Array<'config' | 'credentials'> = [];
    if (config[name]) definedIn.push('config');
    if (credentials[name]) definedIn.push('credentials');
    profiles.push(describeProfile(name, data, definedIn, ssoSessions, services, problems));
  }
  const defaultProfile = env.AWS_PROFILE?.trim() || 'default';
  if (env.AWS_PROFILE && !names.has(defaultProfile)) {
    problems.push(`AWS_PROFILE names profile '${defaultProfile}', which is not defined in ${paths.configFile} or ${paths.credentialsFile}.`);
  }
  profiles.sort((a, b) => (a.name === defaultProfile ? -1 : b.name === defaultProfile ? 1 : a.name.localeCompare(b.name)));
  // Last: the files' profiles come first, as in the AWS Toolkit.
  if (offerDefaultCredentials(profiles, env)) profiles.push(defaultCredentialsProfile());
  return { profiles, defaultProfile, paths, problems };
}

function describeProfile(
  name: string,
  data: IniSection,
  definedIn: Array<'config' | 'credentials'>,
  ssoSessions: Record<string, IniSection>,
  services: Record<string, IniSection>,
  problems: string[],
): AwsProfile {
  const has = (key: string) => typeof data[key] === 'string' && data[key] !== '';
  let kind: CredentialKind = 'none';
  let role: RoleChainLink | undefined;
  let sso: SsoInfo | undefined;
  if (has('role_arn') && (has('source_profile') || has('credential_source'))) {
    kind = 'role';
    role = {
      roleArn: data.role_arn!,
      ...(has('source_profile') ? { sourceProfile: data.source_profile! } : {}),
      ...(has('credential_source') ? { credentialSource: data.credential_source! } : {}),
      needsMfa: has('mfa_serial'),
      ownStaticKeys: has('aws_access_key_id') && has('aws_secret_access_key'),
    };
    if (has('source_profile') && has('credential_source')) {
      problems.push(`Profile '${name}' sets both source_profile and credential_source; the AWS SDK accepts only one.`);
    }
  } else if (has('aws_access_key_id') && has('aws_secret_access_key')) {
    kind = 'static';
  } else if (has('role_arn') && has('web_identity_token_file')) {
    kind = 'web-identity';
  } else if (has('credential_process')) {
    kind = 'process';
  } else if (has('sso_session')) {
    kind = 'sso-session';
    const session = ssoSessions[data.sso_session!];
    if (!session) problems.push(`Profile '${name}' uses sso_session '${data.sso_session}', but there is no [sso-session ${data.sso_session}] section.`);
    sso = compact({
      session: data.sso_session,
      startUrl: session?.sso_start_url,
      ssoRegion: session?.sso_region,
      accountId: data.sso_account_id,
      roleName: data.sso_role_name,
    });
  } else if (has('sso_start_url') || has('sso_account_id')) {
    kind = 'sso';
    sso = compact({ startUrl: data.sso_start_url, ssoRegion: data.sso_region, accountId: data.sso_account_id, roleName: data.sso_role_name });
  } else if (has('login_session')) {
    kind = 'login';
  } else if (has('aws_access_key_id') !== has('aws_secret_access_key')) {
    problems.push(`Profile '${name}' has only one of aws_access_key_id / aws_secret_access_key.`);
  }

  // Kept as written (the client factory refuses it, naming this profile); reported here as well.
  if (has('region') && !isRegionCode(data.region)) {
    problems.push(`Profile '${name}' has region ${quoteRegion(data.region)}, which is not an AWS region code such as "eu-west-1"; its clients are refused until it is fixed.`);
  }
  const serviceEndpoints: Record<string, string> = {};
  if (has('services')) {
    const section = services[data.services!];
    if (!section) problems.push(`Profile '${name}' uses services '${data.services}', but there is no [services ${data.services}] section.`);
    // Sub-keys arrive flattened as `mwaa.endpoint_url`.
    for (const [key, value] of Object.entries(section ?? {})) {
      const m = /^([a-z0-9_]+)\.endpoint_url$/.exec(key);
      if (m && value) serviceEndpoints[m[1]!] = value;
    }
  }
  return {
    name,
    kind,
    definedIn,
    serviceEndpoints,
    ignoreConfiguredEndpointUrls: data.ignore_configured_endpoint_urls?.toLowerCase() === 'true',
    ...(has('region') ? { region: data.region! } : {}),
    ...(role ? { role } : {}),
    ...(sso ? { sso } : {}),
    ...(has('endpoint_url') ? { endpointUrl: data.endpoint_url! } : {}),
  };
}

/**
 * Whether to list the default credentials chain: when no profile holds credentials (the CLI
 * would use the chain), and whenever keys are in the environment (the AWS Toolkit shows both).
 */
export function offerDefaultCredentials(profiles: readonly AwsProfile[], env: NodeJS.ProcessEnv = process.env): boolean {
  if (profiles.some((p) => p.name === DEFAULT_CREDENTIALS)) return false;
  return hasEnvKeys(env) || !profiles.some((p) => p.kind !== 'none');
}

/** The chain's catalog entry: no settings of its own; region comes from AWS_REGION (the model's fallback). */
export function defaultCredentialsProfile(): AwsProfile {
  return { name: DEFAULT_CREDENTIALS, kind: 'default-chain', definedIn: [], serviceEndpoints: {}, ignoreConfiguredEndpointUrls: false };
}

function compact<T extends Record<string, string | undefined>>(o: T): { [K in keyof T]?: string } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== '')) as { [K in keyof T]?: string };
}

export function findProfile(catalog: ProfileCatalog, name: string): AwsProfile | undefined {
  return catalog.profiles.find((p) => p.name === name);
}
