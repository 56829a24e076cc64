/**
 * Rollout failures in words that say what to do. The generic AWS classification knows the
 * explorer's calls (its access-denied advice names airflow:ListEnvironments); a rollout needs
 * s3:PutObject on the bucket and airflow:UpdateEnvironment, and MWAA's own validation messages
 * are worth showing as they are.
 */
import { classifyAwsError, type AwsErrorContext } from '../aws/awsErrors';
import { isUserFacingError, UserFacingError } from '../errors';
import { redact } from '../redact';

function rawMessage(err: unknown): string {
  const m = (err as { message?: unknown })?.message;
  return typeof m === 'string' ? redact(m.split(/\r?\n/)[0]!.trim()).slice(0, 500) : '';
}

/** UpdateEnvironment failed: the upload happened, the environment did not change. */
export function updateEnvironmentError(err: unknown, envName: string, context: AwsErrorContext = {}): UserFacingError {
  if (isUserFacingError(err)) return err;
  const c = classifyAwsError(err, { ...context, operation: `updating ${envName}` });
  const unchanged = 'The environment did not change; the uploaded version is not active.';
  const name = (err as { name?: unknown })?.name;
  if (name === 'ValidationException') {
    return new UserFacingError(`MWAA rejected the update of ${envName}: ${rawMessage(err)} ${unchanged}`, [], { cause: err });
  }
  if (c.kind === 'access-denied') {
    return new UserFacingError(
      `Access denied updating ${envName}: the role of profile '${context.profile ?? 'default'}' needs airflow:UpdateEnvironment on it (and iam:PassRole for its execution role). ${unchanged}`,
      c.actions, { cause: err });
  }
  return new UserFacingError(`MWAA did not start the update of ${envName}: ${c.message} ${unchanged}`, c.actions, { cause: err });
}

/** PutObject (or GetBucketVersioning) failed: nothing was rolled out. */
export function uploadError(err: unknown, where: string, context: AwsErrorContext = {}): UserFacingError {
  if (isUserFacingError(err)) return err;
  const c = classifyAwsError(err, { ...context, operation: `uploading to ${where}` });
  if (c.kind === 'access-denied') {
    return new UserFacingError(
      `Access denied uploading to ${where}: the role of profile '${context.profile ?? 'default'}' needs s3:PutObject on that key (and s3:GetBucketVersioning to check the bucket first). Nothing was rolled out.`,
      c.actions, { cause: err });
  }
  return new UserFacingError(`${c.message} Nothing was rolled out.`, c.actions, { cause: err });
}
