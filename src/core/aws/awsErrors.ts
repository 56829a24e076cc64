/**
 * Turns whatever an SDK call threw into a kind the explorer can show as a node with an action.
 * Messages are written for the user and redacted; the raw error stays the `cause` for the log.
 */
import { isCancellation, isUserFacingError, UserFacingError, type UserAction } from '../errors';
import { isNetworkErrorCode, socketErrnoInMessage } from '../net/networkErrors';
import { redact } from '../redact';
import { DEFAULT_CREDENTIALS } from './defaultChain';

export type AwsErrorKind =
  | 'cancelled'
  | 'sso-login' // SSO token missing/expired: `aws sso login --profile x`
  | 'no-credentials' // profile missing, keys absent, credential_process failing
  | 'config' // our own checks of the shared config: broken role chain, no region
  | 'invalid-credentials' // keys rejected or expired session credentials
  | 'access-denied'
  | 'throttled'
  | 'network'
  | 'not-found'
  | 'unknown';

export interface AwsErrorContext {
  readonly profile?: string;
  readonly region?: string;
  /** What was being done, for the message: "listing MWAA environments". */
  readonly operation?: string;
  /**
   * What the call needs, named by the caller for the access-denied advice: "s3:PutObject on the
   * DAGs folder". Without it the advice names no permission (each call needs its own).
   */
  readonly permission?: string;
}

export interface ClassifiedAwsError {
  readonly kind: AwsErrorKind;
  /** Short, for a tree node label. */
  readonly title: string;
  /** One or two sentences saying what happened and what to do; redacted. */
  readonly message: string;
  readonly actions: readonly UserAction[];
  /** Worth trying again later without the user changing anything. */
  readonly retryable: boolean;
  /** The SDK error name or network code, for the log and tests. */
  readonly code?: string;
  readonly profile?: string;
  readonly region?: string;
  /** For `sso-login`: the shell command the action runs in a terminal. */
  readonly loginCommand?: string;
}

/** Command ids the feature layer registers for the actions below. */
export const AWS_ERROR_COMMANDS = {
  ssoLogin: 'mwaa.ssoLogin',
  /** The extension's own device-authorization sign-in (no AWS CLI needed). */
  ssoSignIn: 'mwaa.ssoSignIn',
  refresh: 'mwaa.refreshEnvironments',
  openAwsConfig: 'mwaa.openAwsConfig',
} as const;

const SSO_PATTERNS = [
  /SSO session token associated with profile=.* was not found or is invalid/i,
  /SSO session associated with this profile (is invalid|has expired)/i,
  /Token is expired\..*sso login/i,
  /Cannot refresh\..*sso login/i,
  /To refresh this SSO session run '?aws sso login/i,
  /The SSO session associated with this profile/i,
];

const THROTTLING = new Set([
  'ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded',
  'SlowDown', 'RequestThrottled', 'RequestThrottledException', 'ProvisionedThroughputExceededException', 'LimitExceededException',
]);
const ACCESS_DENIED = new Set(['AccessDeniedException', 'AccessDenied', 'UnauthorizedOperation', 'UnauthorizedException', 'Forbidden']);
const INVALID_CREDENTIALS = new Set([
  'UnrecognizedClientException', 'InvalidClientTokenId', 'InvalidAccessKeyId', 'SignatureDoesNotMatch',
  'InvalidSignatureException', 'ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'IncompleteSignature',
]);
interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
}

export function classifyAwsError(err: unknown, context: AwsErrorContext = {}): ClassifiedAwsError {
  const f = errorFacts(err, context);
  if (isCancellation(err)) {
    return { ...f.base, kind: 'cancelled', title: 'Cancelled', message: 'Cancelled.', actions: [], retryable: false };
  }
  return (
    ssoLoginError(f) ??
    configError(err, f) ??
    noCredentialsError(f) ??
    invalidCredentialsError(f) ??
    accessDeniedError(f) ??
    throttledError(f) ??
    networkError(f) ??
    notFoundOrUnknownError(f)
  );
}

/** What the classifiers below look at: the error's parts and the context's wording. */
interface ErrorFacts {
  readonly e: ErrorShape;
  readonly name: string | undefined;
  readonly code: string | undefined;
  readonly raw: string;
  readonly status: number | undefined;
  readonly profile: string | undefined;
  readonly region: string | undefined;
  readonly base: { readonly profile: string | undefined; readonly region: string | undefined; readonly code: string | undefined };
  /** "profile 'x', eu-west-1" (either part may be missing). */
  readonly where: string;
  /** " while OPERATION" or "". */
  readonly during: string;
  readonly permission: string | undefined;
  readonly refresh: UserAction;
}

function errorFacts(err: unknown, context: AwsErrorContext): ErrorFacts {
  const e = (typeof err === 'object' && err !== null ? err : {}) as ErrorShape;
  const name = typeof e.name === 'string' ? e.name : undefined;
  const code = networkCode(e) ?? (typeof e.code === 'string' ? e.code : undefined) ?? name;
  const raw = typeof e.message === 'string' ? e.message : typeof err === 'string' ? err : '';
  const status = e.$metadata?.httpStatusCode;
  const { profile, region } = context;
  const base = { profile, region, code } as const;
  const where = [profile && `profile '${profile}'`, region].filter(Boolean).join(', ');
  const during = context.operation ? ` while ${context.operation}` : '';
  const refresh: UserAction = { label: 'Refresh', command: AWS_ERROR_COMMANDS.refresh };
  return { e, name, code, raw, status, profile, region, base, where, during, refresh, permission: context.permission };
}

function ssoLoginError(f: ErrorFacts): ClassifiedAwsError | undefined {
  const { raw, profile } = f;
  if (!SSO_PATTERNS.some((p) => p.test(raw))) return undefined;
  const profileName = profile ?? /profile=([^\s]+?)(?:\s|$)/.exec(raw)?.[1];
  const loginCommand = profileName ? `aws sso login --profile ${shellQuote(profileName)}` : 'aws sso login';
  const expired = /expired/i.test(raw);
  return {
    ...f.base,
    kind: 'sso-login',
    title: expired ? 'SSO session expired' : 'SSO login needed',
    message: `The AWS SSO session${profileName ? ` of profile '${profileName}'` : ''} is ${expired ? 'expired' : 'missing or invalid'}. Run \`${loginCommand}\`, then refresh.`,
    actions: [
      ...(profileName ? [{ label: 'Sign In', command: AWS_ERROR_COMMANDS.ssoSignIn, args: [profileName] }] : []),
      { label: `Run ${loginCommand}`, command: AWS_ERROR_COMMANDS.ssoLogin, args: profileName ? [profileName] : [] },
      f.refresh,
    ],
    retryable: false,
    loginCommand,
  };
}

function configError(err: unknown, f: ErrorFacts): ClassifiedAwsError | undefined {
  if (!isUserFacingError(err)) return undefined;
  // Our own configuration checks (missing source_profile, no region): already actionable.
  return { ...f.base, kind: 'config', title: 'AWS configuration problem', message: redact(err.message), actions: [...err.actions, openConfig()], retryable: false };
}

function noCredentialsError(f: ErrorFacts): ClassifiedAwsError | undefined {
  const { name, raw, profile } = f;
  if (!(name === 'CredentialsProviderError' || /Could not load credentials|Could not resolve credentials|could not be found in shared credentials file|credential_process/i.test(raw))) {
    return undefined;
  }
  // The default chain's own message already says where it looked and what to set.
  const chain = profile === DEFAULT_CREDENTIALS ? /Could not load credentials: none in [^\n]*/.exec(raw)?.[0] : undefined;
  return {
    ...f.base,
    kind: 'no-credentials',
    title: 'No credentials',
    message: redact(chain ?? `No AWS credentials for ${profile ? `profile '${profile}'` : 'the default profile'}: ${noCredentialsDetail(raw, profile)}. Check it in your AWS config and credentials files.`),
    actions: [openConfig(), f.refresh],
    retryable: false,
  };
}

/** Why the SDK found no credentials for the profile, as far as its message tells. */
function noCredentialsDetail(raw: string, profile: string | undefined): string {
  const missingProfile = /Could not resolve credentials using profile: \[([^\]]+)\]/.exec(raw)?.[1];
  return missingProfile && missingProfile !== profile
    ? `its source profile '${missingProfile}' is not defined or has no credentials`
    : missingProfile
      ? 'it is not defined in the shared config files, or defines no credentials'
      : /Command failed/i.test(raw)
        ? `its credential_process failed (${firstLine(raw)})`
        : 'the AWS SDK could not resolve credentials for it';
}

function invalidCredentialsError(f: ErrorFacts): ClassifiedAwsError | undefined {
  const { name, code } = f;
  if (!(INVALID_CREDENTIALS.has(code ?? '') || INVALID_CREDENTIALS.has(name ?? ''))) return undefined;
  return {
    ...f.base,
    kind: 'invalid-credentials',
    title: 'Credentials rejected',
    message: redact(`AWS rejected the credentials of ${f.where || 'this profile'}${f.during} (${name}): they are wrong or expired. Renew them, then refresh.`),
    actions: [openConfig(), f.refresh],
    retryable: false,
  };
}

function accessDeniedError(f: ErrorFacts): ClassifiedAwsError | undefined {
  const { name, status, region } = f;
  if (!(ACCESS_DENIED.has(name ?? '') || status === 403)) return undefined;
  return {
    ...f.base,
    kind: 'access-denied',
    title: region ? `Access denied in ${region}` : 'Access denied',
    message: redact(`Access denied${f.during} (${f.where || 'current profile'}): ${needs(f)} ${firstLine(f.raw)}`.trim()),
    actions: [f.refresh],
    retryable: false,
  };
}

/** The access-denied advice: the permission the caller named; else none is guessed (AWS's message follows). */
function needs(f: ErrorFacts): string {
  if (f.permission) return `the role needs ${f.permission}${f.region ? ' in this region' : ''}.`;
  return 'the role lacks a permission this call needs.';
}

function throttledError(f: ErrorFacts): ClassifiedAwsError | undefined {
  const { name, code, status } = f;
  if (!(THROTTLING.has(name ?? '') || THROTTLING.has(code ?? '') || status === 429)) return undefined;
  return {
    ...f.base,
    kind: 'throttled',
    title: 'Throttled',
    message: `AWS throttled the requests${f.during} (${f.where || 'current profile'}) even after retries. Wait a moment, then refresh.`,
    actions: [f.refresh],
    retryable: true,
  };
}

function networkError(f: ErrorFacts): ClassifiedAwsError | undefined {
  const { raw } = f;
  const netCode = networkCode(f.e) ?? (/socket hang up/i.test(raw) ? 'ECONNRESET' : undefined);
  if (!netCode) return undefined;
  return {
    ...f.base,
    code: netCode,
    kind: 'network',
    title: 'Network unreachable',
    message: redact(`Could not reach AWS${f.during} (${f.where || 'current profile'}): ${netCode}${/socket hang up/i.test(raw) ? ' (socket hang up)' : ''}. Check the network, proxy or the endpoint override in \`mwaa.endpoints\`.`),
    actions: [f.refresh],
    retryable: true,
  };
}

function notFoundOrUnknownError(f: ErrorFacts): ClassifiedAwsError {
  const { name, raw, status, during } = f;
  if (name === 'ResourceNotFoundException' || status === 404) {
    return { ...f.base, kind: 'not-found', title: 'Not found', message: redact(`Not found${during}: ${firstLine(raw)}`), actions: [f.refresh], retryable: false };
  }
  return {
    ...f.base,
    kind: 'unknown',
    title: 'Error',
    message: redact(`AWS call failed${during} (${f.where || 'current profile'}): ${name && name !== 'Error' ? `${name}: ` : ''}${firstLine(raw) || 'unknown error'}`),
    actions: [f.refresh],
    retryable: typeof status === 'number' && status >= 500,
  };
}

/** The classified error as something to throw at a notification. */
export function toUserFacingError(err: unknown, context: AwsErrorContext = {}): UserFacingError {
  const c = classifyAwsError(err, context);
  return new UserFacingError(c.message, c.actions, { cause: err });
}

/** Network failures hide in `code`, in `cause` (fetch/undici) or in the name of timeouts. */
function networkCode(e: ErrorShape): string | undefined {
  for (let cur: ErrorShape | undefined = e, depth = 0; cur && depth < 4; cur = cur.cause as ErrorShape | undefined, depth++) {
    for (const v of [cur.code, cur.name]) if (isNetworkErrorCode(v)) return v;
    const inMessage = typeof cur.message === 'string' ? socketErrnoInMessage(cur.message) : undefined;
    if (inMessage) return inMessage;
  }
  return undefined;
}

function openConfig(): UserAction {
  return { label: 'Open AWS config', command: AWS_ERROR_COMMANDS.openAwsConfig };
}

function firstLine(text: string): string {
  return redact(text.split(/\r?\n/)[0]!.trim()).slice(0, 300);
}

/** Profile names are `[\w-@+.%:/]+` in the SDK; quote anything else for the terminal. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
