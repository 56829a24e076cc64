import assert from 'node:assert/strict';
import { test } from 'node:test';
import { UserFacingError } from '../../../src/core/errors';
import { dagFolderConsoleUrl, dagFolderS3Uri, mwaaConsoleUrl, webLoginUrl, webserverOrigin } from '../../../src/core/mwaa/links';

const env = { name: 'analytics prod', region: 'eu-west-1', bucket: 'fixture-mwaa-bucket', dagS3Path: 'team/dags' };

test('S3 URI and console URL of the DAGs folder', () => {
  assert.equal(dagFolderS3Uri(env), 's3://fixture-mwaa-bucket/team/dags/');
  assert.equal(dagFolderS3Uri({ bucket: 'b', dagS3Path: '' }), 's3://b/');
  assert.equal(dagFolderS3Uri({}), undefined);
  assert.equal(
    dagFolderConsoleUrl(env),
    'https://s3.console.aws.amazon.com/s3/buckets/fixture-mwaa-bucket?region=eu-west-1&prefix=team%2Fdags%2F&showversions=false',
  );
  assert.match(dagFolderConsoleUrl({ ...env, region: 'cn-north-1' })!, /^https:\/\/console\.amazonaws\.cn\/s3\/buckets\//);
});

test('MWAA console URL', () => {
  assert.equal(mwaaConsoleUrl(env), 'https://eu-west-1.console.aws.amazon.com/mwaa/home?region=eu-west-1#environments/analytics%20prod');
  assert.match(mwaaConsoleUrl({ name: 'x', region: 'us-gov-west-1' }), /^https:\/\/console\.amazonaws-us-gov\.com\/mwaa\//);
});

test('web login URL from the returned host only', () => {
  assert.equal(
    webLoginUrl('abc-123.c2.eu-west-1.airflow.amazonaws.com', 'TOKEN.value_1'),
    'https://abc-123.c2.eu-west-1.airflow.amazonaws.com/aws_mwaa/aws-console-sso?login=true#TOKEN.value_1',
  );
  assert.equal(webLoginUrl('127.0.0.1:8080', 't'), 'https://127.0.0.1:8080/aws_mwaa/aws-console-sso?login=true#t');
  assert.equal(webLoginUrl('127.0.0.1:8080', 't', { allowLoopbackHttp: true }), 'http://127.0.0.1:8080/aws_mwaa/aws-console-sso?login=true#t');
  assert.equal(webLoginUrl('evil.example', 't', { allowLoopbackHttp: true }).startsWith('https://'), true, 'http only for loopback');
  assert.equal(webLoginUrl('https://ABC.example', 't'), 'https://abc.example/aws_mwaa/aws-console-sso?login=true#t', 'an https:// the API might add is tolerated');
  for (const bad of ['http://abc.example', 'abc.example/path', 'https://abc.example/path', 'user@abc.example', 'user:pw@abc.example', 'abc.example?x=1', 'abc.example#f', 'abc .example', '-abc.example', 'abc.example:123456', '', 'a..b']) {
    assert.throws(() => webLoginUrl(bad, 't'), UserFacingError, bad);
  }
  assert.throws(() => webLoginUrl('abc.example', ''), /no web login token/);
});

test('web server origin: https for AWS, http only for a loopback host the caller allows (the sandbox)', () => {
  assert.equal(webserverOrigin('abc.c2.us-east-1.airflow.amazonaws.com'), 'https://abc.c2.us-east-1.airflow.amazonaws.com');
  assert.equal(webserverOrigin('127.0.0.1:8080'), 'https://127.0.0.1:8080');
  assert.equal(webserverOrigin('127.0.0.1:8080', { allowLoopbackHttp: true }), 'http://127.0.0.1:8080');
  assert.equal(webserverOrigin('LOCALHOST:9', { allowLoopbackHttp: true }), 'http://LOCALHOST:9');
  assert.equal(webserverOrigin('abc.example', { allowLoopbackHttp: true }), 'https://abc.example');
});

test('web server origin: an IPv6 loopback host is loopback too', () => {
  assert.equal(webserverOrigin('[::1]:8080', { allowLoopbackHttp: true }), 'http://[::1]:8080');
  assert.equal(webserverOrigin('[::1]:8080'), 'https://[::1]:8080');
});
