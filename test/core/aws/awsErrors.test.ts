import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classifyAwsError, shellQuote, toUserFacingError } from '../../../src/core/aws/awsErrors';
import { UserFacingError } from '../../../src/core/errors';

function sdkError(name: string, message: string, status?: number): Error {
  const e = new Error(message) as Error & { $metadata: { httpStatusCode?: number }; $fault: string };
  e.name = name;
  e.$metadata = { httpStatusCode: status };
  e.$fault = 'client';
  return e;
}
function sysError(code: string, message = `connect ${code} 127.0.0.1:1`): Error {
  return Object.assign(new Error(message), { code });
}

const ctx = { profile: 'dev', region: 'eu-west-1', operation: 'listing MWAA environments' };

test('kinds by error shape', () => {
  const cases: Array<[unknown, string]> = [
    [sdkError('CredentialsProviderError', 'Could not load credentials from any providers'), 'no-credentials'],
    [sdkError('CredentialsProviderError', 'Could not resolve credentials using profile: [dev] in configuration/credentials file(s).'), 'no-credentials'],
    [sdkError('CredentialsProviderError', "The SSO session token associated with profile=dev was not found or is invalid. To refresh this SSO session run 'aws sso login' with the corresponding profile."), 'sso-login'],
    [sdkError('CredentialsProviderError', 'The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.'), 'sso-login'],
    [sdkError('TokenProviderError', "Token is expired. To refresh this SSO session run 'aws sso login' with the corresponding profile."), 'sso-login'],
    [sdkError('AccessDeniedException', 'User: arn:aws:sts::111122223333:assumed-role/x is not authorized to perform: airflow:ListEnvironments', 403), 'access-denied'],
    [sdkError('SomethingElse', 'nope', 403), 'access-denied'],
    [sdkError('ThrottlingException', 'Rate exceeded', 400), 'throttled'],
    [sdkError('TooManyRequestsException', 'slow down', 429), 'throttled'],
    [sdkError('Unknown', 'UnknownError', 429), 'throttled'],
    [sysError('ECONNREFUSED'), 'network'],
    [sysError('ENOTFOUND', 'getaddrinfo ENOTFOUND api.airflow.eu-west-1.amazonaws.com'), 'network'],
    [sysError('ETIMEDOUT'), 'network'],
    [Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'network'],
    [new Error('socket hang up'), 'network'],
    [Object.assign(new Error('fetch failed'), { cause: sysError('ECONNREFUSED') }), 'network'],
    [sdkError('TimeoutError', 'Connection timed out after 5000 ms'), 'network'],
    [sdkError('UnrecognizedClientException', 'The security token included in the request is invalid.', 403), 'invalid-credentials'],
    [sdkError('ExpiredTokenException', 'The security token included in the request is expired', 403), 'invalid-credentials'],
    [sdkError('ResourceNotFoundException', 'Environment gone not found', 404), 'not-found'],
    [Object.assign(new Error('aborted'), { name: 'AbortError' }), 'cancelled'],
    [new UserFacingError("Profile 'x' takes credentials from source_profile 'y', which is not defined"), 'config'],
    [sdkError('InternalServerException', 'oops', 500), 'unknown'],
    ['a string', 'unknown'],
    [undefined, 'unknown'],
  ];
  for (const [err, kind] of cases) assert.equal(classifyAwsError(err, ctx).kind, kind, String((err as Error)?.message ?? err));
});

test('SSO: login command for the profile, from context or from the message', () => {
  const fromMessage = classifyAwsError(sdkError('CredentialsProviderError', "The SSO session token associated with profile=corp-dev was not found or is invalid. To refresh this SSO session run 'aws sso login' with the corresponding profile."));
  assert.equal(fromMessage.loginCommand, 'aws sso login --profile corp-dev');
  assert.deepEqual(fromMessage.actions.map((a) => a.command), ['mwaa.ssoSignIn', 'mwaa.ssoLogin', 'mwaa.refreshEnvironments']);
  assert.deepEqual(fromMessage.actions[0]!.args, ['corp-dev']);
  const odd = classifyAwsError(sdkError('CredentialsProviderError', 'The SSO session associated with this profile is invalid. To refresh this SSO session run aws sso login'), { profile: "it's mine" });
  assert.equal(odd.loginCommand, `aws sso login --profile 'it'\\''s mine'`);
  assert.equal(shellQuote('team/dev@acme'), 'team/dev@acme');
});

test('no credentials in the default chain: the message says where it looked and what to set', () => {
  const err = Object.assign(new Error('Could not load credentials: none in environment variables, instance metadata. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or add a profile with `aws configure`.'), { name: 'CredentialsProviderError' });
  const c = classifyAwsError(err, { profile: 'default credentials', region: 'us-east-1' });
  assert.equal(c.kind, 'no-credentials');
  assert.match(c.message, /^Could not load credentials: none in environment variables, instance metadata\. Set AWS_ACCESS_KEY_ID/);
  assert.match(classifyAwsError(err, { profile: 'dev' }).message, /^No AWS credentials for profile 'dev'/);
});

test('AccessDenied is per region and says what permission is missing', () => {
  // The explorer's listing names its permissions (listEnvironments passes them).
  const c = classifyAwsError(sdkError('AccessDeniedException', 'not authorized', 403), { ...ctx, permission: 'airflow:ListEnvironments and airflow:GetEnvironment' });
  assert.equal(c.title, 'Access denied in eu-west-1');
  assert.equal(c.region, 'eu-west-1');
  assert.match(c.message, /airflow:ListEnvironments/);
  assert.equal(c.retryable, false);
});

test('AccessDenied names the permission the caller gives, and no other', () => {
  const s3 = classifyAwsError(sdkError('AccessDenied', 'Access Denied', 403), {
    profile: 'dev', region: 'eu-west-1', operation: 'uploading dags/a.py', permission: 's3:PutObject on the DAGs folder',
  });
  assert.equal(s3.kind, 'access-denied');
  assert.match(s3.message, /^Access denied while uploading dags\/a\.py \(profile 'dev', eu-west-1\): the role needs s3:PutObject on the DAGs folder in this region\. Access Denied$/);
  assert.doesNotMatch(s3.message, /airflow:/);
  // No permission named: none is guessed (the explorer's would be wrong for any other call).
  const unnamed = classifyAwsError(sdkError('AccessDeniedException', 'User x is not authorized to perform: logs:FilterLogEvents', 403), { profile: 'dev' });
  assert.match(unnamed.message, /the role lacks a permission this call needs\. User x is not authorized to perform: logs:FilterLogEvents/);
  assert.doesNotMatch(unnamed.message, /airflow:ListEnvironments/);
});

test('throttling and network are retryable, with actionable text', () => {
  const t = classifyAwsError(sdkError('ThrottlingException', 'Rate exceeded'), ctx);
  assert.equal(t.retryable, true);
  assert.match(t.message, /throttled.*refresh/i);
  const n = classifyAwsError(sysError('ECONNREFUSED'), ctx);
  assert.equal(n.code, 'ECONNREFUSED');
  assert.match(n.message, /mwaa\.endpoints/);
});

test('messages are redacted', () => {
  // Assembled at run time so no key-shaped literal sits in the repository.
  const keyId = ['AK', 'IA', 'ABCDEFGHIJKLMNOP'].join('');
  const leak = sdkError('SomeError', `failed with aws_secret_access_key=abcDEF123secret and key ${keyId}`, 400);
  const c = classifyAwsError(leak, ctx);
  assert.doesNotMatch(c.message, /abcDEF123secret/);
  assert.ok(!c.message.includes(keyId));
  const u = toUserFacingError(leak, ctx);
  assert.ok(u instanceof UserFacingError);
  assert.ok(!u.message.includes(keyId));
  assert.equal(u.cause, leak);
});
