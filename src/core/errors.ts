import { redact } from './redact';

// Features load in separate bundles, each with its own copy of this class, so `instanceof` fails
// across them; a brand in the global symbol registry does not.
const BRAND = Symbol.for('mwaa-toolkit.UserFacingError');

/** An error whose message is already written for the user, optionally with follow-up actions. */
export class UserFacingError extends Error {
  readonly [BRAND] = true;

  constructor(
    message: string,
    readonly actions: readonly UserAction[] = [],
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UserFacingError';
  }
}

/** True for a UserFacingError from any of the extension's bundles. */
export function isUserFacingError(err: unknown): err is UserFacingError {
  return typeof err === 'object' && err !== null && (err as Record<symbol, unknown>)[BRAND] === true;
}

/** A follow-up a notification offers: a label and the command it runs. */
export interface UserAction {
  readonly label: string;
  readonly command: string;
  readonly args?: readonly unknown[];
}

/**
 * True for the ways a user (or the editor) says "stop": VS Code's CancellationError, an aborted
 * AbortSignal, and SDK aborts. These are normal ends, not failures to report.
 */
export function isCancellation(err: unknown): boolean {
  if (!(err instanceof Error) && (typeof err !== 'object' || err === null)) return false;
  const e = err as { name?: unknown; message?: unknown; code?: unknown };
  return (
    e.name === 'AbortError' ||
    e.name === 'Canceled' ||
    e.name === 'CancellationError' ||
    e.code === 'ABORT_ERR' ||
    (e.name === 'Error' && e.message === 'Canceled')
  );
}

/** A one-line, secret-free description of any thrown value, for notifications and logs. */
export function describeError(err: unknown): string {
  if (isUserFacingError(err)) return redact(err.message);
  if (err instanceof Error) {
    const name = err.name && err.name !== 'Error' ? `${err.name}: ` : '';
    return redact(`${name}${err.message || 'unknown error'}`);
  }
  return redact(typeof err === 'string' ? err : JSON.stringify(err) ?? String(err));
}
