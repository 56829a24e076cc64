import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultChainFoundNothing } from '../../../src/core/aws/defaultChain';
import { chainProviders, DEFAULT_CREDENTIALS, defaultCredentialsProvider, defaultCredentialsSource } from '../../../src/core/aws/defaultCredentials';
import { buildProfileCatalog, offerDefaultCredentials, type AwsProfile } from '../../../src/core/aws/profiles';
import { useFixtureAwsEnv } from './awsFixtures';

const paths = { configFile: '/c', credentialsFile: '/k' };
const keys = { AWS_ACCESS_KEY_ID: 'AKIDENV', AWS_SECRET_ACCESS_KEY: 'env-secret' };

test('listed when no profile holds credentials, and whenever keys are in the environment', () => {
  const none = buildProfileCatalog({ configFile: {}, credentialsFile: {} }, paths, {});
  assert.deepEqual(none.profiles.map((p) => [p.name, p.kind]), [[DEFAULT_CREDENTIALS, 'default-chain']]);
  const settingsOnly = buildProfileCatalog({ configFile: { default: { region: 'eu-west-1' } }, credentialsFile: {} }, paths, {});
  assert.deepEqual(settingsOnly.profiles.map((p) => p.name), ['default', DEFAULT_CREDENTIALS]);
  const withKeys = { configFile: {}, credentialsFile: { dev: { aws_access_key_id: 'a', aws_secret_access_key: 'b' } } };
  assert.deepEqual(buildProfileCatalog(withKeys, paths, {}).profiles.map((p) => p.name), ['dev']);
  assert.deepEqual(buildProfileCatalog(withKeys, paths, keys).profiles.map((p) => p.name), ['dev', DEFAULT_CREDENTIALS]);
  // Only one of the two keys is not credentials.
  assert.deepEqual(buildProfileCatalog(withKeys, paths, { AWS_ACCESS_KEY_ID: 'x' }).profiles.map((p) => p.name), ['dev']);
  // A real profile of that name wins; the entry is not doubled.
  const real: AwsProfile = { name: DEFAULT_CREDENTIALS, kind: 'static', definedIn: ['credentials'], serviceEndpoints: {}, ignoreConfiguredEndpointUrls: false };
  assert.equal(offerDefaultCredentials([real], keys), false);
});

test('the node says where the credentials come from', () => {
  assert.equal(defaultCredentialsSource(keys), 'environment variables');
  assert.equal(defaultCredentialsSource({ AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/credentials/x' }), 'container credentials');
  assert.equal(defaultCredentialsSource({}), 'instance metadata');
});

test('a chain that could only try instance metadata and found nothing is left out (the view shows its welcome)', () => {
  const noCredentials = { kind: 'no-credentials' };
  const chain = (region: string, error?: { kind: string }) => ({ profile: DEFAULT_CREDENTIALS, region, error });
  assert.equal(defaultChainFoundNothing(chain('us-east-1', noCredentials), {}), true);
  // No region to list in: nothing was called, and nothing is shown.
  assert.equal(defaultChainFoundNothing(chain('', { kind: 'config' }), {}), true);
  // Found credentials: shown, whatever else failed (AccessDenied is worth a node).
  assert.equal(defaultChainFoundNothing(chain('us-east-1'), {}), false);
  assert.equal(defaultChainFoundNothing(chain('us-east-1', { kind: 'access-denied' }), {}), false);
  // Keys or a container in the environment: their failure is the user's to see.
  assert.equal(defaultChainFoundNothing(chain('us-east-1', noCredentials), keys), false);
  assert.equal(defaultChainFoundNothing(chain('', { kind: 'config' }), keys), false);
  assert.equal(defaultChainFoundNothing(chain('us-east-1', noCredentials), { AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://127.0.0.1/c' }), false);
  // A profile of the files is never left out.
  assert.equal(defaultChainFoundNothing({ profile: 'default', region: 'us-east-1', error: noCredentials }, {}), false);
});

test('environment keys resolve without touching instance metadata', async () => {
  // The SDK's fromEnv reads process.env itself; the fixture env sets it and puts back what was there.
  const env = useFixtureAwsEnv({ ...keys, AWS_SESSION_TOKEN: 'env-session' });
  try {
    const creds = await defaultCredentialsProvider({ ...process.env, AWS_EC2_METADATA_DISABLED: 'true' })();
    assert.equal(creds.accessKeyId, 'AKIDENV');
    assert.equal(creds.sessionToken, 'env-session');
  } finally {
    env.restore();
  }
});

test('the chain tries each link, stops at a final error and names every place when all fail', async () => {
  const absent = async () => { throw Object.assign(new Error('absent'), { tryNextLink: true }); };
  const found = async () => ({ accessKeyId: 'k', secretAccessKey: 's' });
  assert.equal((await chainProviders([['a', absent], ['b', found]])()).accessKeyId, 'k');
  const final = async () => { throw Object.assign(new Error('malformed response'), { tryNextLink: false }); };
  await assert.rejects(chainProviders([['a', final], ['b', found]])(), /malformed response/);
  await assert.rejects(chainProviders([['environment variables', absent], ['instance metadata', absent]])(), (e: Error) =>
    e.name === 'CredentialsProviderError' && /none in environment variables, instance metadata\. Set AWS_ACCESS_KEY_ID/.test(e.message));
});
