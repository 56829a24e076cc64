/**
 * The OAuth device authorization grant (RFC 8628) as IAM Identity Center runs it: register a
 * client (or reuse the cached one), start an authorization, let the user approve it in the
 * browser, poll CreateToken at the interval asked (slower after `slow_down`) until a token, a
 * refusal or the device code's expiry, then write the token cache the AWS CLI and SDK read.
 * No vscode: the feature passes how to show the code and open the browser.
 */
import { UserFacingError } from '../errors';
import { sleepFor } from '../sleep';
import { AWS_ERROR_COMMANDS } from './awsErrors';
import { isoSeconds, readSsoToken, reusableRegistration, ssoCacheFile, writeSsoToken, type SsoTarget, type SsoToken } from './ssoCache';
import { OidcError, type DeviceAuthorization, type IssuedToken, type OidcApi, type RegisteredClient } from './ssoOidc';

export interface Clock {
  now(): number;
  /** Resolves after `ms`, or rejects with an AbortError when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: Clock = { now: () => Date.now(), sleep: sleepFor };

/** RFC 8628 §3.5: after `slow_down`, the interval grows by 5 seconds for the rest of the polling. */
const SLOW_DOWN_STEP_S = 5;
/** Never poll faster than this, whatever the server says. */
const MIN_INTERVAL_S = 1;
/** A device code is never followed for longer than this (IAM Identity Center gives 10 minutes). */
const MAX_WAIT_S = 30 * 60;

/**
 * Polls CreateToken until it issues a token. Pending keeps waiting, slow_down waits longer, the
 * device code's expiry, a refusal or an unknown error end with a message that says what to do.
 */
export async function pollForToken(
  api: Pick<OidcApi, 'createToken'>,
  client: RegisteredClient,
  auth: DeviceAuthorization,
  clock: Clock,
  signal?: AbortSignal,
): Promise<IssuedToken> {
  let interval = Math.max(MIN_INTERVAL_S, auth.interval);
  const deadline = clock.now() + Math.min(auth.expiresIn, MAX_WAIT_S) * 1000;
  for (;;) {
    await clock.sleep(interval * 1000, signal);
    if (clock.now() >= deadline) throw expired();
    try {
      return await api.createToken(client, auth.deviceCode, signal);
    } catch (err) {
      if (!(err instanceof OidcError)) throw err;
      switch (err.code) {
        case 'authorization_pending':
          continue;
        case 'slow_down':
          interval += SLOW_DOWN_STEP_S;
          continue;
        case 'expired_token':
          throw expired();
        case 'access_denied':
          throw new UserFacingError('The sign-in was denied in the browser. Sign in again and choose Allow to give the MWAA Toolkit access.');
        default:
          throw new UserFacingError(`Sign-in failed: ${err.message} Sign in again; if it fails the same way, check the profile's sso_start_url and sso_region in your AWS config file.`, [OPEN_CONFIG]);
      }
    }
  }
}

const OPEN_CONFIG = { label: 'Open AWS Config', command: AWS_ERROR_COMMANDS.openAwsConfig };

/** A refusal before any code was shown is most often a wrong start URL or region: it names both. */
function refusedFor(target: SsoTarget): (err: unknown) => never {
  return (err) => {
    if (!(err instanceof OidcError)) throw err;
    const where = target.session ? `[sso-session ${target.session}]` : `profile '${target.profile}'`;
    throw new UserFacingError(
      `${err.message} Check sso_start_url (${target.startUrl.slice(0, 200)}) and sso_region (${target.ssoRegion}) of ${where} in your AWS config file, then sign in again.`,
      [OPEN_CONFIG],
    );
  };
}

function expired(): UserFacingError {
  return new UserFacingError('The sign-in code expired before it was approved. Sign in again and approve the new code in the browser within its time.');
}

export interface SignInHooks {
  /** Show the user code and open the verification page; called once the authorization started. */
  readonly onAuthorization: (auth: Pick<DeviceAuthorization, 'userCode' | 'verificationUri' | 'verificationUriComplete' | 'expiresIn'>) => Promise<void> | void;
  readonly clock?: Clock;
  readonly signal?: AbortSignal;
  /** The token cache folder (default ~/.aws/sso/cache). */
  readonly cacheDir?: string;
}

/** The CLI's client name prefix; scopes as the CLI asks them for an sso-session. */
const CLIENT_NAME = 'mwaa-toolkit';
const SESSION_SCOPES = ['sso:account:access'];

/** Signs in to IAM Identity Center for one profile and writes the token cache; returns the cache file. */
export async function signInWithDeviceFlow(api: OidcApi, target: SsoTarget, hooks: SignInHooks): Promise<{ file: string; expiresAt: string }> {
  const clock = hooks.clock ?? realClock;
  const file = hooks.cacheDir ? ssoCacheFile(target, hooks.cacheDir) : ssoCacheFile(target);
  const cached = await readSsoToken(file, clock.now());
  const reuse = reusableRegistration(cached, clock.now());
  // Legacy profiles get no scopes (the CLI registers them without any, and no refresh token comes back).
  const client: RegisteredClient = reuse
    ? { clientId: reuse.clientId, clientSecret: reuse.clientSecret, expiresAt: Date.parse(reuse.registrationExpiresAt) }
    : await api.registerClient(`${CLIENT_NAME}-${Math.floor(clock.now() / 1000)}`, target.session ? SESSION_SCOPES : [], hooks.signal).catch(refusedFor(target));
  const auth = await api.startDeviceAuthorization(client, target.startUrl, hooks.signal).catch(refusedFor(target));
  await hooks.onAuthorization(auth);
  const issued = await pollForToken(api, client, auth, clock, hooks.signal);
  const token: SsoToken = {
    startUrl: target.startUrl,
    region: target.ssoRegion,
    accessToken: issued.accessToken,
    expiresAt: isoSeconds(clock.now() + issued.expiresIn * 1000),
    clientId: client.clientId,
    clientSecret: client.clientSecret,
    registrationExpiresAt: isoSeconds(client.expiresAt),
    ...(issued.refreshToken ? { refreshToken: issued.refreshToken } : {}),
  };
  await writeSsoToken(file, token);
  return { file, expiresAt: token.expiresAt };
}
