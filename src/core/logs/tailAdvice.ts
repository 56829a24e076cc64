/**
 * What to do when a tail stops on an error: the AWS message says what happened, this says what
 * the user can do about it.
 */
export function tailStopAdvice(message: string): string | undefined {
  if (/log group does not exist|ResourceNotFound/i.test(message)) {
    return 'MWAA creates a log group when that component first logs: check that this log type is enabled in the environment\'s monitoring settings, or tail again once the environment has run.';
  }
  if (/AccessDenied|not authorized/i.test(message)) {
    return 'Your credentials need logs:FilterLogEvents (and logs:StartLiveTail for live lines) on this log group.';
  }
  if (/ExpiredToken|security token.*expired|SSO session/i.test(message)) {
    return 'Your AWS session expired: sign in again (for SSO, run aws sso login) and tail again.';
  }
  if (/ECONNREFUSED|ENOTFOUND|ETIMEDOUT|socket hang up|network/i.test(message)) {
    return 'CloudWatch Logs could not be reached: check your network or endpoint settings, then tail again.';
  }
  return undefined;
}
