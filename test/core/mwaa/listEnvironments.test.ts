import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Environment } from '@aws-sdk/client-mwaa';
import type { AwsProfile } from '../../../src/core/aws/profiles';
import { isCancellation } from '../../../src/core/errors';
import { createLimiter } from '../../../src/core/mwaa/concurrencyLimit';
import { listEnvironments, type EnvironmentSource, type ListTarget } from '../../../src/core/mwaa/listEnvironments';

const profile = (name: string, region?: string): AwsProfile => ({
  name, kind: 'static', definedIn: ['config'], serviceEndpoints: {}, ignoreConfiguredEndpointUrls: false, ...(region ? { region } : {}),
});
const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));
const awsError = (name: string, status: number) => Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status } });

/** A fake control plane that counts how many calls are in flight at once. */
function fakeSource(
  names: Record<string, string[]>,
  options: { failList?: Record<string, Error>; failGet?: Record<string, Error>; latencyMs?: number; pageSize?: number } = {},
) {
  const stats = { inFlight: 0, maxGets: 0, getsInFlight: 0, calls: 0 };
  const key = (t: ListTarget) => `${t.profile.name}/${t.region}`;
  const source: EnvironmentSource = {
    async *listNames(target, { abortSignal }) {
      const all = names[key(target)] ?? [];
      const size = options.pageSize ?? 25;
      for (let i = 0; i === 0 || i < all.length; i += size) {
        stats.calls++;
        await delay(options.latencyMs ?? 5);
        if (abortSignal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
        const fail = options.failList?.[key(target)];
        if (fail) throw fail;
        yield* all.slice(i, i + size);
      }
    },
    async get(target, name) {
      stats.calls++;
      stats.getsInFlight++;
      stats.maxGets = Math.max(stats.maxGets, stats.getsInFlight);
      try {
        await delay(options.latencyMs ?? 5);
        const fail = options.failGet?.[name];
        if (fail) throw fail;
        return { Name: name, Status: 'AVAILABLE', AirflowVersion: '2.10.3', Arn: `arn:aws:airflow:${target.region}:111122223333:environment/${name}` } as Environment;
      } finally {
        stats.getsInFlight--;
      }
    },
  };
  return { source, stats };
}

test('GetEnvironment calls never exceed the concurrency bound, and all environments come back', async () => {
  const names = Array.from({ length: 40 }, (_, i) => `env-${String(i).padStart(2, '0')}`);
  const { source, stats } = fakeSource({ 'p/us-east-1': names.slice(0, 20), 'p/eu-west-1': names.slice(20) }, { pageSize: 7, latencyMs: 10 });
  const listings = await listEnvironments({ clients: source, profiles: [profile('p')], regions: ['us-east-1', 'eu-west-1'], concurrency: 4 });
  assert.equal(stats.maxGets, 4);
  assert.deepEqual(listings.flatMap((l) => l.environments.map((e) => e.name)), names);
  assert.deepEqual(listings.map((l) => [l.profile, l.region, l.error]), [['p', 'us-east-1', undefined], ['p', 'eu-west-1', undefined]]);
});

test('bounded concurrency is faster than sequential and still bounded', async () => {
  const names = Array.from({ length: 24 }, (_, i) => `e${i}`);
  const { source } = fakeSource({ 'p/us-east-1': names }, { latencyMs: 20 });
  const t0 = Date.now();
  await listEnvironments({ clients: source, profiles: [profile('p', 'us-east-1')], concurrency: 8 });
  const parallel = Date.now() - t0;
  // 1 list + 3 waves of 8 gets at 20 ms: ~80 ms; sequential would be 25 x 20 = 500 ms.
  assert.ok(parallel < 300, `took ${parallel} ms`);
});

test('AccessDenied in one region does not hide the others; one failed get does not hide its siblings', async () => {
  const { source } = fakeSource(
    { 'p/us-east-1': ['a', 'b', 'broken'], 'p/eu-west-1': ['c'], 'q/us-east-1': ['d'] },
    { failList: { 'p/eu-west-1': awsError('AccessDeniedException', 403) }, failGet: { broken: awsError('InternalServerException', 500) } },
  );
  const listings = await listEnvironments({ clients: source, profiles: [profile('p'), profile('q')], regions: ['us-east-1', 'eu-west-1'] });
  const by = Object.fromEntries(listings.map((l) => [`${l.profile}/${l.region}`, l]));
  assert.deepEqual(by['p/us-east-1']!.environments.map((e) => e.name), ['a', 'b']);
  assert.deepEqual(by['p/us-east-1']!.environmentErrors.map((e) => [e.name, e.error.kind]), [['broken', 'unknown']]);
  assert.equal(by['p/eu-west-1']!.error?.kind, 'access-denied');
  assert.equal(by['p/eu-west-1']!.error?.region, 'eu-west-1');
  assert.deepEqual(by['q/us-east-1']!.environments.map((e) => e.name), ['d']);
  assert.equal(by['q/eu-west-1']!.environments.length, 0);
  assert.equal(by['q/eu-west-1']!.error, undefined);
});

test('the explorer\'s access-denied advice names its own permissions: the listing\'s, and GetEnvironment for one environment', async () => {
  const { source } = fakeSource(
    { 'p/us-east-1': ['a', 'locked'], 'p/eu-west-1': ['c'] },
    { failList: { 'p/eu-west-1': awsError('AccessDeniedException', 403) }, failGet: { locked: awsError('AccessDeniedException', 403) } },
  );
  const listings = await listEnvironments({ clients: source, profiles: [profile('p')], regions: ['us-east-1', 'eu-west-1'] });
  const by = Object.fromEntries(listings.map((l) => [l.region, l]));
  assert.match(by['eu-west-1']!.error!.message, /the role needs airflow:ListEnvironments and airflow:GetEnvironment in this region/);
  assert.match(by['us-east-1']!.environmentErrors[0]!.error.message, /while reading environment locked .*the role needs airflow:GetEnvironment in this region/);
});

test('an environment deleted between list and get is simply left out', async () => {
  const { source } = fakeSource({ 'p/us-east-1': ['stays', 'gone'] }, { failGet: { gone: awsError('ResourceNotFoundException', 404) } });
  const [listing] = await listEnvironments({ clients: source, profiles: [profile('p', 'us-east-1')] });
  assert.deepEqual(listing!.environments.map((e) => e.name), ['stays']);
  assert.deepEqual(listing!.environmentErrors, []);
});

test('default regions are each profile\'s own; a profile without one is a config error', async () => {
  const { source } = fakeSource({ 'p/eu-west-1': ['x'], 'q/ap-south-1': ['y'] });
  const seen: string[] = [];
  const listings = await listEnvironments({
    clients: source, profiles: [profile('p', 'eu-west-1'), profile('q', 'ap-south-1'), profile('r')], onListing: (l) => seen.push(`${l.profile}/${l.region}`),
  });
  assert.deepEqual(listings.map((l) => [l.profile, l.region, l.environments.map((e) => e.name)]), [
    ['p', 'eu-west-1', ['x']], ['q', 'ap-south-1', ['y']], ['r', '', []],
  ]);
  assert.equal(listings[2]!.error?.kind, 'config');
  assert.match(listings[2]!.error!.message, /'r' has no region/);
  assert.deepEqual(seen.sort(), ['p/eu-west-1', 'q/ap-south-1', 'r/']);
});

test('credential errors become a classified listing error', async () => {
  const sso = Object.assign(new Error("The SSO session token associated with profile=p was not found or is invalid. To refresh this SSO session run 'aws sso login' with the corresponding profile."), { name: 'CredentialsProviderError' });
  const { source } = fakeSource({}, { failList: { 'p/us-east-1': sso } });
  const [listing] = await listEnvironments({ clients: source, profiles: [profile('p', 'us-east-1')] });
  assert.equal(listing!.error?.kind, 'sso-login');
  assert.equal(listing!.error?.loginCommand, 'aws sso login --profile p');
});

test('abort stops the whole listing with a cancellation, not per-region errors', async () => {
  const { source, stats } = fakeSource({ 'p/us-east-1': Array.from({ length: 30 }, (_, i) => `e${i}`) }, { latencyMs: 20 });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 30);
  await assert.rejects(
    listEnvironments({ clients: source, profiles: [profile('p', 'us-east-1')], concurrency: 2, abortSignal: controller.signal }),
    (e: unknown) => isCancellation(e),
  );
  const callsAtAbort = stats.calls;
  await delay(100);
  assert.ok(stats.calls <= callsAtAbort + 2, 'queued gets are not started after abort');
  assert.ok(stats.calls < 31);
});

test('limiter: runs at most n, keeps going after failures', async () => {
  const limit = createLimiter(2);
  let running = 0;
  let max = 0;
  const task = (fail: boolean) => limit(async () => {
    running++;
    max = Math.max(max, running);
    await delay(5);
    running--;
    if (fail) throw new Error('x');
    return 1;
  });
  const results = await Promise.allSettled([task(false), task(true), task(false), task(true), task(false)]);
  assert.equal(max, 2);
  assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled', 'rejected', 'fulfilled']);
});

test('with the catalog, a broken role chain is a config error before any call', async () => {
  const { source, stats } = fakeSource({ 'ok/us-east-1': ['a'] });
  const broken: AwsProfile = { ...profile('broken', 'us-east-1'), kind: 'role', role: { roleArn: 'arn:aws:iam::111122223333:role/x', sourceProfile: 'ghost', needsMfa: false, ownStaticKeys: false } };
  const ok = profile('ok', 'us-east-1');
  const catalog = { profiles: [broken, ok], defaultProfile: 'default', paths: { configFile: '/c', credentialsFile: '/k' }, problems: [] };
  const listings = await listEnvironments({ clients: source, profiles: [broken, ok], catalog });
  assert.equal(listings[0]!.error?.kind, 'config');
  assert.match(listings[0]!.error!.message, /source_profile 'ghost', which is not defined in \/c or \/k/);
  assert.deepEqual(listings[1]!.environments.map((e) => e.name), ['a']);
  assert.equal(stats.calls, 2, 'only the good profile was called (one list, one get)');
});
