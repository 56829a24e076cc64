import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserFacingError } from '../../../src/core/errors';
import { updateEnvironmentError, uploadError } from '../../../src/core/rollouts/rolloutErrors';

const sdkError = (name: string, message: string, status: number) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
const ctx = { profile: 'dev', region: 'us-east-1' };

test('MWAA\'s ValidationException is shown as it is, with what did not change', () => {
  const e = updateEnvironmentError(sdkError('ValidationException', 'Unable to read version abc of s3://b/requirements.txt', 400), 'prod', ctx);
  assert.equal(e.message, 'MWAA rejected the update of prod: Unable to read version abc of s3://b/requirements.txt The environment did not change; the uploaded version is not active.');
});

test('access denied names the permission a rollout needs, not the explorer\'s', () => {
  const e = updateEnvironmentError(sdkError('AccessDeniedException', 'User is not authorized', 403), 'prod', ctx);
  assert.match(e.message, /Access denied updating prod: the role of profile 'dev' needs airflow:UpdateEnvironment/);
  assert.doesNotMatch(e.message, /ListEnvironments/);
  const u = uploadError(sdkError('AccessDenied', 'Access Denied', 403), 's3://b/plugins.zip', ctx);
  assert.match(u.message, /Access denied uploading to s3:\/\/b\/plugins\.zip: .*s3:PutObject.*Nothing was rolled out/);
});

test('other failures keep the classified advice; user-facing errors pass through', () => {
  const net = updateEnvironmentError(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }), 'prod', ctx);
  assert.match(net.message, /MWAA did not start the update of prod: Could not reach AWS while updating prod .*ECONNREFUSED/);
  const mine = new UserFacingError('already worded');
  assert.equal(uploadError(mine, 'x'), mine);
  assert.equal(updateEnvironmentError(mine, 'prod'), mine);
  const throttled = uploadError(sdkError('SlowDown', 'Please reduce your request rate', 503), 's3://b/k', ctx);
  assert.match(throttled.message, /throttled.*Nothing was rolled out/i);
});
