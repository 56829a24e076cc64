/**
 * Turns whatever an SDK call threw into a kind the explorer can show as a node with an action.
 * Messages are written for the user and redacted; the raw error stays the `cause` for the log.
 */
import { isCancellation, isUserFacingError, UserFacingError, type UserAction } from '../errors';
import { redact } from '../redact';

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
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
  'EPIPE', 'ECONNABORTED', 'TimeoutError', 'RequestTimeout', 'NetworkingError', 'UND_ERR_CONNECT_TIMEOUT',
]);

interface ErrorShape {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  $metadata?: { httpStatusCode?: number };
}

export function classifyAwsError(err: unknown, context: AwsErrorContext = {}): ClassifiedAwsError {
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

  if (isCancellation(err)) {
    return { ...base, kind: 'cancelled', title: 'Cancelled', message: 'Cancelled.', actions: [], retryable: false };
  }
  if (SSO_PATTERNS.some((p) => p.test(raw))) {
    const profileName = profile ?? /profile=([^\s]+?)(?:\s|$)/.exec(raw)?.[1];
    const loginCommand = profileName ? `aws sso login --profile ${shellQuote(profileName)}` : 'aws sso login';
    const expired = /expired/i.test(raw);
    return {
      ...base,
      kind: 'sso-login',
      title: expired ? 'SSO session expired' : 'SSO login needed',
      message: `The AWS SSO session${profileName ? ` of profile '${profileName}'` : ''} is ${expired ? 'expired' : 'missing or invalid'}. Run \`${loginCommand}\`, then refresh.`,
      actions: [{ label: `Run ${loginCommand}`, command: AWS_ERROR_COMMANDS.ssoLogin, args: profileName ? [profileName] : [] }, refresh],
      retryable: false,
      loginCommand,
    };
  }
  if (isUserFacingError(err)) {
    // Our own configuration checks (missing source_profile, no region): already actionable.
    return { ...base, kind: 'config', title: 'AWS configuration problem', message: redact(err.message), actions: [...err.actions, openConfig()], retryable: false };
  }
  if (name === 'CredentialsProviderError' || /Could not load credentials|Could not resolve credentials|could not be found in shared credentials file|credential_process/i.test(raw)) {
    const missingProfile = /Could not resolve credentials using profile: \[([^\]]+)\]/.exec(raw)?.[1];
    const detail = missingProfile && missingProfile !== profile
      ? `its source profile '${missingProfile}' is not defined or has no credentials`
      : missingProfile
        ? 'it is not defined in the shared config files, or defines no credentials'
        : /Command failed/i.test(raw)
          ? `its credential_process failed (${firstLine(raw)})`
          : 'the AWS SDK could not resolve credentials for it';
    return {
      ...base,
      kind: 'no-credentials',
      title: 'No credentials',
      message: redact(`No AWS credentials for ${profile ? `profile '${profile}'` : 'the default profile'}: ${detail}. Check it in your AWS config and credentials files.`),
      actions: [openConfig(), refresh],
      retryable: false,
    };
  }
  if (INVALID_CREDENTIALS.has(code ?? '') || INVALID_CREDENTIALS.has(name ?? '')) {
    return {
      ...base,
      kind: 'invalid-credentials',
      title: 'Credentials rejected',
      message: redact(`AWS rejected the credentials of ${where || 'this profile'}${during} (${name}): they are wrong or expired. Renew them, then refresh.`),
      actions: [openConfig(), refresh],
      retryable: false,
    };
  }
  if (ACCESS_DENIED.has(name ?? '') || status === 403) {
    return {
      ...base,
      kind: 'access-denied',
      title: region ? `Access denied in ${region}` : 'Access denied',
      message: redact(`Access denied${during} (${where || 'current profile'}): the role needs airflow:ListEnvironments and airflow:GetEnvironment in this region. ${firstLine(raw)}`.trim()),
      actions: [refresh],
      retryable: false,
    };
  }
  if (THROTTLING.has(name ?? '') || THROTTLING.has(code ?? '') || status === 429) {
    return {
      ...base,
      kind: 'throttled',
      title: 'Throttled',
      message: `AWS throttled the requests${during} (${where || 'current profile'}) even after retries. Wait a moment, then refresh.`,
      actions: [refresh],
      retryable: true,
    };
  }
  const netCode = networkCode(e) ?? (/socket hang up/i.test(raw) ? 'ECONNRESET' : undefined);
  if (netCode) {
    return {
      ...base,
      code: netCode,
      kind: 'network',
      title: 'Network unreachable',
      message: redact(`Could not reach AWS${during} (${where || 'current profile'}): ${netCode}${/socket hang up/i.test(raw) ? ' (socket hang up)' : ''}. Check the network, proxy or the endpoint override in \`mwaa.endpoints\`.`),
      actions: [refresh],
      retryable: true,
    };
  }
  if (name === 'ResourceNotFoundException' || status === 404) {
    return { ...base, kind: 'not-found', title: 'Not found', message: redact(`Not found${during}: ${firstLine(raw)}`), actions: [refresh], retryable: false };
  }
  return {
    ...base,
    kind: 'unknown',
    title: 'Error',
    message: redact(`AWS call failed${during} (${where || 'current profile'}): ${name && name !== 'Error' ? `${name}: ` : ''}${firstLine(raw) || 'unknown error'}`),
    actions: [refresh],
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
    for (const v of [cur.code, cur.name]) if (typeof v === 'string' && NETWORK_CODES.has(v)) return v;
    const m = typeof cur.message === 'string' ? /\b(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)\b/.exec(cur.message) : null;
    if (m) return m[1];
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
