/**
 * The new AWS clients (Secrets Manager, IAM, KMS, STS): endpoint ids as the SDK names them
 * (AWS_ENDPOINT_URL_SECRETS_MANAGER, [services] secrets_manager = ...), the `mwaa.endpoints`
 * setting keys, and a real signed call reaching the endpoint the factory resolved.
 */
import assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'node:test';
import { AwsClientFactory } from '../../../src/core/aws/clientFactory';
import { AWS_SERVICES, resolveEndpoint } from '../../../src/core/aws/endpoints';
import type { AwsProfile } from '../../../src/core/aws/profiles';
import { parseSettings } from '../../../src/core/settings';
import { SecretsStore } from '../../../src/core/secrets/secretsStore';

const profile = (over: Partial<AwsProfile> = {}): AwsProfile => ({
  name: 'p', kind: 'static', definedIn: ['config'], serviceEndpoints: {}, ignoreConfiguredEndpointUrls: false, region: 'us-east-1', ...over,
});

test('endpoint ids: AWS_ENDPOINT_URL_<ID> and [services] names for the four new services', () => {
  const env = {
    AWS_ENDPOINT_URL_SECRETS_MANAGER: 'http://sm:1', AWS_ENDPOINT_URL_IAM: 'http://iam:1', AWS_ENDPOINT_URL_KMS: 'http://kms:1', AWS_ENDPOINT_URL_STS: 'http://sts:1',
  };
  assert.equal(resolveEndpoint('secretsManager', { env })?.url, 'http://sm:1');
  assert.equal(resolveEndpoint('iam', { env })?.url, 'http://iam:1');
  assert.equal(resolveEndpoint('kms', { env })?.url, 'http://kms:1');
  assert.equal(resolveEndpoint('sts', { env })?.url, 'http://sts:1');
  const p = profile({ serviceEndpoints: { secrets_manager: 'http://svc-sm:2', kms: 'http://svc-kms:2' } });
  assert.equal(resolveEndpoint('secretsManager', { env: {}, profile: p })?.source, 'profile-services');
  assert.equal(resolveEndpoint('kms', { env: {}, profile: p })?.url, 'http://svc-kms:2');
  assert.equal(resolveEndpoint('secretsManager', { settings: { secretsManager: 'http://set:3' }, env })?.url, 'http://set:3');
  assert.deepEqual([...AWS_SERVICES].sort(), ['iam', 'kms', 'logs', 'mwaa', 's3', 'secretsManager', 'sts']);
});

test('mwaa.endpoints accepts the new keys and names them all when one is unknown', () => {
  const { settings, problems } = parseSettings((k) => (k === 'endpoints' ? { secretsManager: 'http://127.0.0.1:1/', iam: 'http://127.0.0.1:2', kms: 'nope', ssm: 'http://x' } : undefined));
  assert.deepEqual(settings.endpoints, { secretsManager: 'http://127.0.0.1:1', iam: 'http://127.0.0.1:2' });
  assert.deepEqual(problems.map((p) => p.key).sort(), ['mwaa.endpoints.kms', 'mwaa.endpoints.ssm']);
  assert.match(problems.find((p) => p.key === 'mwaa.endpoints.ssm')!.message, /"secretsManager", "iam", "kms", "sts"/);
});

test('factory: one client per service, a signed Secrets Manager call reaching the resolved endpoint', async () => {
  const seen: { target?: string; auth?: string }[] = [];
  const server = http.createServer((req, res) => {
    seen.push({ target: String(req.headers['x-amz-target']), auth: String(req.headers.authorization) });
    req.resume();
    req.on('end', () => {
      res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ __type: 'ResourceNotFoundException', message: "Secrets Manager can't find the specified secret." }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const factory = new AwsClientFactory({
    extensionVersion: '0.0.0', env: {}, endpoints: { secretsManager: url }, maxAttempts: 1,
    credentialProvider: () => async () => ({ accessKeyId: 'AKIDTEST', secretAccessKey: 'test' }),
  });
  try {
    const target = { profile: profile() };
    const sm = factory.secretsManager(target);
    assert.equal(factory.secretsManager(target), sm);
    assert.notEqual(factory.iam(target) as unknown, sm);
    assert.notEqual(factory.kms(target) as unknown, sm);
    assert.notEqual(factory.sts(target) as unknown, sm);
    assert.equal(factory.size, 4);
    assert.equal(await new SecretsStore(sm).getValue('airflow/variables/x'), undefined, 'ResourceNotFoundException means "no such secret"');
    assert.equal(seen[0]!.target, 'secretsmanager.GetSecretValue');
    assert.match(seen[0]!.auth!, /Credential=AKIDTEST\/\d{8}\/us-east-1\/secretsmanager\/aws4_request/);
  } finally {
    factory.dispose();
    server.close();
  }
});
