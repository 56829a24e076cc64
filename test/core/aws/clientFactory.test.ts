import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AwsClientFactory } from '../../../src/core/aws/clientFactory';
import { findProfile, type AwsProfile } from '../../../src/core/aws/profiles';
import { UserFacingError } from '../../../src/core/errors';
import { createRedactingLogger } from '../../../src/core/logger';
import { listEnvironmentNames, getEnvironment } from '../../../src/core/mwaa/environmentCalls';
import { environmentSourceFromFactory, fetchEnvironment, listEnvironments } from '../../../src/core/mwaa/listEnvironments';
import { createWebLoginUrl } from '../../../src/core/mwaa/webLogin';
import { useFixtureCatalog } from './awsFixtures';
import { startLocalMwaa } from './localMwaaServer';

const fixture = useFixtureCatalog();

const profile = (name: string): AwsProfile => findProfile(fixture.catalog(), name)!;

test('one client per service + profile + region + endpoint', () => {
  const factory = new AwsClientFactory({ extensionVersion: '0.1.0', env: {} });
  const dev = { profile: profile('static-dev') };
  const a = factory.mwaa(dev);
  assert.equal(factory.mwaa(dev), a);
  assert.equal(factory.mwaa({ ...dev, region: 'eu-west-1' }), a, 'explicit region equal to the profile region: same client');
  assert.notEqual(factory.mwaa({ ...dev, region: 'us-east-1' }), a);
  assert.notEqual(factory.mwaa({ profile: profile('chained') }), a);
  assert.notEqual(factory.s3(dev), a as unknown);
  assert.equal(factory.size, 4);
  assert.equal(factory.cacheKey('mwaa', dev), JSON.stringify(['mwaa', 'static-dev', 'eu-west-1', null]));
  assert.equal(factory.cacheKey('mwaa', { profile: profile('sandbox') }), JSON.stringify(['mwaa', 'sandbox', 'us-east-1', 'http://127.0.0.1:4510']));
  const withSetting = new AwsClientFactory({ extensionVersion: '0.1.0', env: {}, endpoints: { mwaa: 'http://127.0.0.1:9' } });
  assert.equal(withSetting.cacheKey('mwaa', { profile: profile('sandbox') }), JSON.stringify(['mwaa', 'sandbox', 'us-east-1', 'http://127.0.0.1:9']));
  factory.reset();
  assert.equal(factory.size, 0);
  assert.notEqual(factory.mwaa(dev), a);
  factory.dispose();
  assert.throws(() => factory.mwaa(dev), /after dispose/);
});

test('credentials are shared per profile across services and regions', () => {
  const factory = new AwsClientFactory({ extensionVersion: '0.1.0', env: {} });
  const dev = { profile: profile('static-dev') };
  assert.equal(factory.credentialsFor(dev), factory.credentialsFor({ ...dev, region: 'us-east-1' }));
  assert.notEqual(factory.credentialsFor(dev), factory.credentialsFor({ profile: profile('default') }));
  factory.dispose();
});

test('a profile without region and no region asked: actionable error', () => {
  const factory = new AwsClientFactory({ extensionVersion: '0.1.0', env: {} });
  assert.throws(() => factory.mwaa({ profile: profile('web') }), (e: unknown) => e instanceof UserFacingError && /'web' has no region.*mwaa\.regions/.test(e.message));
  factory.dispose();
});

test('a region that is not a region code is refused before any client is built, naming where it came from', async () => {
  const factory = new AwsClientFactory({ extensionVersion: '0.1.0', env: {} });
  const dev = profile('static-dev');
  const evil = 'attacker.example/x#';
  const refused = (source: RegExp) => (e: unknown) => e instanceof UserFacingError && e.message.includes(JSON.stringify(evil)) && source.test(e.message);
  // Asked for (a key, a proposal, a binding): the caller may say where the region came from.
  assert.throws(() => factory.mwaa({ profile: dev, region: evil }), refused(/not a region code/));
  assert.throws(() => factory.mwaa({ profile: dev, region: evil, regionSource: "the proposed binding of folder 'repo'" }), refused(/\(the proposed binding of folder 'repo'\)/));
  assert.throws(() => factory.s3({ profile: dev, region: evil }), refused(/not a region code/));
  assert.throws(() => factory.logs({ profile: dev, region: evil }), refused(/not a region code/));
  // From the profile's own `region` in the config file.
  const badProfile: AwsProfile = { ...dev, region: evil };
  assert.throws(() => factory.mwaa({ profile: badProfile }), refused(/the `region` of AWS profile 'static-dev' in your AWS config file/));
  assert.throws(() => factory.regionOf({ profile: badProfile }), UserFacingError);
  assert.equal(factory.size, 0, 'no client was made');
  // Through the explorer's own path, the same refusal and no request.
  await assert.rejects(fetchEnvironment(environmentSourceFromFactory(factory), { profile: dev, region: evil }, 'env-a'), refused(/not a region code/));
  // A valid region asked for beside a bad profile region: the credentials' STS/SSO clients use the valid one.
  const regions: Array<string | undefined> = [];
  const withCapture = new AwsClientFactory({
    extensionVersion: '0.1.0', env: {},
    credentialProvider: (_name, options) => (regions.push(options.region), async () => ({ accessKeyId: 'k', secretAccessKey: 's' })),
  });
  withCapture.mwaa({ profile: badProfile, region: 'eu-west-1' });
  assert.deepEqual(regions, ['eu-west-1']);
  withCapture.dispose();
  factory.dispose();
});

test('a caller that retries itself gets clients making one attempt per call; others keep the SDK retries', async () => {
  const factory = new AwsClientFactory({ extensionVersion: '0.1.0', env: {} });
  const dev = { profile: profile('static-dev') };
  const own = factory.s3(dev, { callerRetries: true });
  const sdk = factory.s3(dev);
  assert.notEqual(own, sdk);
  assert.equal(factory.s3(dev, { callerRetries: true }), own, 'cached apart');
  assert.equal(await own.config.maxAttempts(), 1);
  assert.equal(await sdk.config.maxAttempts(), 3);
  assert.equal(await factory.mwaa(dev).config.maxAttempts(), 3);
  factory.dispose();
});

test('client config: custom endpoints disable host prefixes, S3 goes path-style, retries and timeouts set', async () => {
  const factory = new AwsClientFactory({ extensionVersion: '0.1.0', env: {}, retryMode: 'adaptive', maxAttempts: 5 });
  const sandbox = { profile: profile('sandbox') };
  const mwaa = factory.mwaa(sandbox);
  assert.equal(mwaa.config.disableHostPrefix, true);
  assert.equal(await mwaa.config.maxAttempts(), 5);
  const retryMode: unknown = mwaa.config.retryMode;
  assert.equal(typeof retryMode === 'function' ? await (retryMode as () => Promise<string>)() : retryMode, 'adaptive');
  const s3 = factory.s3(sandbox);
  assert.equal(s3.config.forcePathStyle, true);
  assert.equal(s3.config.disableHostPrefix, true);
  const aws = factory.mwaa({ profile: profile('static-dev') });
  assert.equal(aws.config.disableHostPrefix, false);
  assert.equal(factory.s3({ profile: profile('static-dev') }).config.forcePathStyle, false);
  factory.dispose();
});

test('real MWAAClient against a local server: endpoint override, no host prefix, SigV4 scope airflow/<region>, user agent', async () => {
  const server = await startLocalMwaa({ environments: { 'us-east-1': ['env-a', 'env-b', 'env-c'] } });
  const lines: string[] = [];
  const factory = new AwsClientFactory({
    extensionVersion: '0.1.0', env: {}, endpoints: { mwaa: server.url }, logger: createRedactingLogger((_l, line) => lines.push(line)),
  });
  try {
    const client = factory.mwaa({ profile: profile('sandbox') });
    const names: string[] = [];
    for await (const n of listEnvironmentNames(client)) names.push(n);
    assert.deepEqual(names, ['env-a', 'env-b', 'env-c']);
    assert.equal(server.seen.length, 2, 'two pages');
    assert.match(server.seen[1]!.url, /NextToken=2/);
    const environment = await getEnvironment(client, 'env-b');
    assert.equal(environment.Name, 'env-b');
    assert.ok(environment.CreatedAt instanceof Date);
    for (const r of server.seen) {
      assert.equal(r.headers.host, new URL(server.url).host, 'no api. prefix');
      assert.match(
        String(r.headers.authorization),
        /^AWS4-HMAC-SHA256 Credential=FAKESANDBOXKEYID0001\/\d{8}\/us-east-1\/airflow\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
      );
      assert.match(`${r.headers['user-agent']} ${r.headers['x-amz-user-agent']}`, /mwaa-toolkit\/0\.1\.0/);
    }
    assert.ok(lines.some((l) => l.includes(`via ${server.url} (setting)`)), lines.join('\n'));
    assert.ok(!lines.join('\n').includes('fake-sandbox-secret'));
  } finally {
    factory.dispose();
    await server.close();
  }
});

test('real SDK: profile services endpoint, one denied region beside a working one, throttling retried', async () => {
  const server = await startLocalMwaa({
    environments: { 'us-east-1': ['env-a', 'env-throttled'], 'eu-west-1': ['env-eu'] },
    deny: ['eu-central-1'],
    throttleOnce: ['env-throttled'],
  });
  const base = profile('sandbox');
  const viaProfile: AwsProfile = { ...base, serviceEndpoints: { ...base.serviceEndpoints, mwaa: server.url } };
  const factory = new AwsClientFactory({ extensionVersion: '0.1.0', env: {} });
  try {
    const listings = await listEnvironments({
      clients: environmentSourceFromFactory(factory),
      profiles: [viaProfile],
      regions: ['us-east-1', 'eu-central-1', 'eu-west-1'],
    });
    const byRegion = Object.fromEntries(listings.map((l) => [l.region, l]));
    assert.deepEqual(byRegion['us-east-1']!.environments.map((e) => [e.name, e.status, e.region]), [
      ['env-a', 'AVAILABLE', 'us-east-1'], ['env-throttled', 'AVAILABLE', 'us-east-1'],
    ]);
    assert.deepEqual(byRegion['eu-west-1']!.environments.map((e) => e.name), ['env-eu']);
    assert.equal(byRegion['eu-central-1']!.error?.kind, 'access-denied');
    assert.equal(byRegion['eu-central-1']!.error?.title, 'Access denied in eu-central-1');
    assert.equal(server.seen.filter((r) => r.url === '/environments/env-throttled').length, 2, 'retried once after 429');
    assert.deepEqual([...new Set(server.seen.map((r) => r.region))].sort(), ['eu-central-1', 'eu-west-1', 'us-east-1']);
    const again = await fetchEnvironment(environmentSourceFromFactory(factory), { profile: viaProfile, region: 'eu-west-1' }, 'env-eu');
    assert.deepEqual([again.name, again.region, again.profile, again.dagS3Path], ['env-eu', 'eu-west-1', 'sandbox', 'dags']);
  } finally {
    factory.dispose();
    await server.close();
  }
});

test('real SDK: web login URL built from the returned host (env. prefix off), bad hosts refused', async () => {
  const good = await startLocalMwaa({ environments: {}, webServerHostname: '127.0.0.1:8089' });
  const bad = await startLocalMwaa({ environments: {}, webServerHostname: 'evil.example/steal?x=' });
  const factory = new AwsClientFactory({ extensionVersion: '0.1.0', env: {} });
  const base = profile('sandbox');
  try {
    const client = factory.mwaa({ profile: { ...base, serviceEndpoints: { mwaa: good.url } } });
    const url = await createWebLoginUrl(client, 'env-a', { allowLoopbackHttp: true });
    assert.equal(url, 'http://127.0.0.1:8089/aws_mwaa/aws-console-sso?login=true#fixture-web-token');
    assert.equal(good.seen[0]!.method, 'POST');
    assert.equal(good.seen[0]!.url, '/webtoken/env-a');
    assert.equal(good.seen[0]!.headers.host, new URL(good.url).host);
    const evil = factory.mwaa({ profile: { ...base, serviceEndpoints: { mwaa: bad.url } } });
    await assert.rejects(createWebLoginUrl(evil, 'env-a'), (e: unknown) => e instanceof UserFacingError && !e.message.includes('fixture-web-token'));
  } finally {
    factory.dispose();
    await good.close();
    await bad.close();
  }
});
