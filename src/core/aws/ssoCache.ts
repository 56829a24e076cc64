/**
 * The SSO token cache as the AWS CLI v2 and the SDK's fromSSO read it:
 * `~/.aws/sso/cache/<sha1 hex of the sso-session name, or of the legacy start URL>.json`, with
 * camelCase fields. Sign-in writes it here so the CLI and every SDK then use the session; the
 * token never goes anywhere else (no log, message or setting).
 */
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserFacingError } from '../errors';
import { readBounded } from '../lint/requirements/boundedRead';
import { isRegionCode, quoteRegion } from './region';
import type { AwsProfile } from './profiles';

export interface SsoToken {
  readonly startUrl: string;
  readonly region: string;
  readonly accessToken: string;
  /** ISO 8601, UTC. */
  readonly expiresAt: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly registrationExpiresAt?: string;
  readonly refreshToken?: string;
}

/** What a sign-in needs of a profile: where to sign in and under which cache key. */
export interface SsoTarget {
  readonly profile: string;
  readonly startUrl: string;
  readonly ssoRegion: string;
  /** The [sso-session …] name; absent for a legacy profile (then the start URL is the key). */
  readonly session?: string;
}

/** A cache file is a few hundred bytes; anything far larger is not ours. */
const MAX_CACHE_BYTES = 64 * 1024;

export function ssoCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const home = env.HOME || env.USERPROFILE || os.homedir();
  return path.join(home, '.aws', 'sso', 'cache');
}

/** The file name the CLI and SDK use: sha1 of the session name (sso_session) or the start URL (legacy). */
export function ssoCacheFile(target: Pick<SsoTarget, 'startUrl' | 'session'>, dir: string = ssoCacheDir()): string {
  const key = target.session ?? target.startUrl;
  return path.join(dir, `${createHash('sha1').update(key, 'utf8').digest('hex')}.json`);
}

/** The sign-in target of an SSO profile, or an error that says which setting is missing. */
export function ssoTargetOf(profile: AwsProfile): SsoTarget {
  const where = profile.sso?.session ? `[sso-session ${profile.sso.session}]` : `profile '${profile.name}'`;
  if (profile.kind !== 'sso' && profile.kind !== 'sso-session') {
    throw new UserFacingError(`AWS profile '${profile.name}' does not use IAM Identity Center (SSO): it has no sso_session or sso_start_url.`);
  }
  const sso = profile.sso ?? {};
  if (!sso.startUrl) throw new UserFacingError(`${where} has no sso_start_url: add the AWS access portal URL (https://…awsapps.com/start) to it in your AWS config file.`);
  if (!/^https?:\/\/[^\s]+$/i.test(sso.startUrl)) throw new UserFacingError(`The sso_start_url of ${where} is not a URL: "${sso.startUrl.slice(0, 200)}".`);
  if (!sso.ssoRegion) throw new UserFacingError(`${where} has no sso_region: add the region of your IAM Identity Center (for example \`sso_region = us-east-1\`) to it in your AWS config file.`);
  if (!isRegionCode(sso.ssoRegion)) throw new UserFacingError(`The sso_region of ${where} is ${quoteRegion(sso.ssoRegion)}, which is not an AWS region code such as "us-east-1".`);
  return { profile: profile.name, startUrl: sso.startUrl, ssoRegion: sso.ssoRegion, ...(sso.session ? { session: sso.session } : {}) };
}

export type CachedToken =
  | { readonly state: 'missing' }
  | { readonly state: 'malformed'; readonly reason: string }
  | { readonly state: 'valid' | 'expired'; readonly token: SsoToken };

/** Reads and checks a cache file; never throws for a bad file (sign-in replaces it). */
export async function readSsoToken(file: string, now: number = Date.now()): Promise<CachedToken> {
  let read;
  try {
    read = readBounded(file, MAX_CACHE_BYTES);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'missing' };
    return { state: 'malformed', reason: `${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  if (read.kind === 'tooLarge') return { state: 'malformed', reason: `${file} is larger than ${MAX_CACHE_BYTES} bytes` };
  if (read.kind === 'notRegular') return { state: 'malformed', reason: `${file} is not a regular file` };
  return parseSsoToken(read.bytes.toString('utf8'), file, now);
}

/** Pure: checks the fields the CLI and SDK need. */
export function parseSsoToken(text: string, file: string, now: number = Date.now()): CachedToken {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return { state: 'malformed', reason: `${file} is not JSON` };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return { state: 'malformed', reason: `${file} does not hold a JSON object` };
  const o = data as Record<string, unknown>;
  for (const key of ['startUrl', 'region', 'accessToken', 'expiresAt'] as const) {
    if (typeof o[key] !== 'string' || o[key] === '') return { state: 'malformed', reason: `${file} has no ${key}` };
  }
  const expires = Date.parse(o.expiresAt as string);
  if (Number.isNaN(expires)) return { state: 'malformed', reason: `${file} has an expiresAt that is not a date` };
  const optional = ['clientId', 'clientSecret', 'registrationExpiresAt', 'refreshToken'] as const;
  const token: Record<string, string> = {};
  for (const key of ['startUrl', 'region', 'accessToken', 'expiresAt', ...optional]) if (typeof o[key] === 'string') token[key] = o[key] as string;
  return { state: expires > now ? 'valid' : 'expired', token: token as unknown as SsoToken };
}

/** A registered client still usable for a new device authorization (as the CLI reuses it). */
export function reusableRegistration(cached: CachedToken, now: number = Date.now()): { clientId: string; clientSecret: string; registrationExpiresAt: string } | undefined {
  if (cached.state !== 'valid' && cached.state !== 'expired') return undefined;
  const { clientId, clientSecret, registrationExpiresAt } = cached.token;
  if (!clientId || !clientSecret || !registrationExpiresAt) return undefined;
  // Fifteen minutes of margin: the authorization started now must finish within the registration.
  const until = Date.parse(registrationExpiresAt);
  return Number.isNaN(until) || until - now < 15 * 60_000 ? undefined : { clientId, clientSecret, registrationExpiresAt };
}

/** Writes the cache file with mode 0600 (directory 0700), atomically: readers never see half a file. */
export async function writeSsoToken(file: string, token: SsoToken): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const temp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await fs.writeFile(temp, `${JSON.stringify(token)}\n`, { mode: 0o600, flag: 'wx' });
    await fs.rename(temp, file);
    // rename keeps the temp file's mode; an old file's looser mode is gone with it.
  } catch (err) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
}

/** ISO 8601 without milliseconds, as the CLI writes it (`2026-01-01T00:00:00Z`). */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.000Z$/, 'Z');
}
