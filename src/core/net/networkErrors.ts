/**
 * The error codes that mean "the network failed" (host unreachable, connection refused or dropped,
 * a timeout) rather than "the service said no", for the AWS SDK's errors and for fetch() alike.
 *
 * One list for both: before it was shared, the AWS classifier did not know UND_ERR_SOCKET (undici's
 * "other side closed"), and the Airflow transports did not know EPIPE, ECONNABORTED, TimeoutError,
 * RequestTimeout and NetworkingError; each now recognises the union.
 */

/** Node's socket errno codes, the ones also looked for inside a message ("connect ECONNREFUSED 127.0.0.1:443"). */
const SOCKET_ERRNOS = ['ECONNREFUSED', 'ENOTFOUND', 'ETIMEDOUT', 'ECONNRESET', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'] as const;

export const NETWORK_ERROR_CODES: ReadonlySet<string> = new Set<string>([
  ...SOCKET_ERRNOS,
  'EPIPE',
  'ECONNABORTED',
  // undici (fetch): connect timeout, socket closed by the other side.
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  // The SDK's names for timeouts and transport failures.
  'TimeoutError',
  'RequestTimeout',
  'NetworkingError',
]);

/** Whether `code` (an error's `code` or `name`) is one of NETWORK_ERROR_CODES. */
export function isNetworkErrorCode(code: unknown): code is string {
  return typeof code === 'string' && NETWORK_ERROR_CODES.has(code);
}

const SOCKET_ERRNO_IN_TEXT = new RegExp(`\\b(${SOCKET_ERRNOS.join('|')})\\b`);

/** The first socket errno code written in `message`, if any. */
export function socketErrnoInMessage(message: string): string | undefined {
  return SOCKET_ERRNO_IN_TEXT.exec(message)?.[1];
}
