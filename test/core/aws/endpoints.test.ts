import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAwsHost, resolveEndpoint } from '../../../src/core/aws/endpoints';
import type { AwsProfile } from '../../../src/core/aws/profiles';

const profile = (over: Partial<AwsProfile> = {}): AwsProfile => ({
  name: 'p', kind: 'static', definedIn: ['config'], serviceEndpoints: {}, ignoreConfiguredEndpointUrls: false, ...over,
});

test('precedence: setting > AWS_ENDPOINT_URL_<SERVICE> > AWS_ENDPOINT_URL > services section > endpoint_url', () => {
  const p = profile({ serviceEndpoints: { mwaa: 'http://svc:1', cloudwatch_logs: 'http://logs:1' }, endpointUrl: 'http://global:1' });
  const env = { AWS_ENDPOINT_URL_MWAA: 'http://env-mwaa:1', AWS_ENDPOINT_URL: 'http://env-all:1' };
  assert.deepEqual(resolveEndpoint('mwaa', { settings: { mwaa: 'http://setting:1/' }, env, profile: p }), { url: 'http://setting:1', source: 'setting', custom: true });
  assert.equal(resolveEndpoint('mwaa', { env, profile: p })?.source, 'env-service');
  assert.equal(resolveEndpoint('mwaa', { env: { AWS_ENDPOINT_URL: 'http://env-all:1' }, profile: p })?.url, 'http://env-all:1');
  assert.deepEqual(resolveEndpoint('mwaa', { env: {}, profile: p }), { url: 'http://svc:1', source: 'profile-services', custom: true });
  assert.equal(resolveEndpoint('logs', { env: {}, profile: p })?.url, 'http://logs:1');
  assert.deepEqual(resolveEndpoint('s3', { env: {}, profile: p }), { url: 'http://global:1', source: 'profile', custom: true });
  assert.equal(resolveEndpoint('s3', { env: { AWS_ENDPOINT_URL_S3: 'http://s3env:9' }, profile: p })?.url, 'http://s3env:9');
  assert.equal(resolveEndpoint('logs', { env: { AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: 'http://l:9' } })?.url, 'http://l:9');
  assert.equal(resolveEndpoint('mwaa', { env: {}, profile: profile() }), undefined);
});

test('ignore_configured_endpoint_urls turns off env and profile endpoints, not the setting', () => {
  const p = profile({ endpointUrl: 'http://global:1' });
  const env = { AWS_ENDPOINT_URL: 'http://env:1', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' };
  assert.equal(resolveEndpoint('mwaa', { env, profile: p }), undefined);
  assert.equal(resolveEndpoint('mwaa', { env: {}, profile: profile({ endpointUrl: 'http://g:1', ignoreConfiguredEndpointUrls: true }) }), undefined);
  assert.equal(resolveEndpoint('mwaa', { settings: { mwaa: 'http://s:1' }, env, profile: p })?.url, 'http://s:1');
});

test('AWS hosts keep host prefixes; anything else is custom', () => {
  assert.equal(isAwsHost('https://airflow.us-east-1.amazonaws.com'), true);
  assert.equal(isAwsHost('https://airflow.cn-north-1.amazonaws.com.cn'), true);
  assert.equal(isAwsHost('https://airflow.us-east-1.api.aws'), true);
  assert.equal(isAwsHost('http://127.0.0.1:4566'), false);
  assert.equal(isAwsHost('https://amazonaws.com.evil.example'), false);
  assert.equal(isAwsHost('not a url'), false);
});
