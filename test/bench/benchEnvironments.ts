import { startSandbox } from '../../sandbox/src/main';
import { AwsClientFactory } from '../../src/core/aws/clientFactory';
import { loadSdk } from '../../src/core/aws/loadSdk';
import { findProfile, readProfiles } from '../../src/core/aws/profiles';
import { environmentSourceFromFactory, listEnvironments } from '../../src/core/mwaa/listEnvironments';
import { EXPLORER_CONCURRENCY } from '../../src/services/environmentsModel';

const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'ap-southeast-2'];
const COUNT = 100;
const LATENCY_MS = 100;

/**
 * `npm run bench:environments`: the explorer's full listing (ListEnvironments per region, then
 * GetEnvironment per environment) of 100 sandbox environments across 4 regions, every MWAA call
 * delayed 100 ms by the sandbox, through the real SDK clients of AwsClientFactory. The same
 * listing with concurrency 1 in the same run is the baseline; the first uses the explorer's own
 * concurrency. Each pass starts with a fresh
 * factory, so credential resolution and connection set-up count too.
 */
async function main(): Promise<void> {
  const sandbox = await startSandbox({
    envs: [],
    realEnvironments: [],
    synthetic: { count: COUNT, regions: REGIONS },
    faults: [{ kind: 'latency', service: 'mwaa', latencyMs: LATENCY_MS }],
  });
  try {
    // The sandbox's scratch profile, as the extension host would see it from the user's shell.
    const { NODE_OPTIONS: _shim, ...exports } = sandbox.exports;
    void _shim;
    Object.assign(process.env, exports);
    // Loads the SDK before either pass, so neither is charged for it (the extension pays it once,
    // on the view's first expansion).
    loadSdk();
    const catalog = await readProfiles({ ignoreCache: true });
    const profile = findProfile(catalog, exports.AWS_PROFILE!);
    if (!profile) throw new Error(`profile ${exports.AWS_PROFILE} missing from ${catalog.paths.configFile}`);

    const pass = async (concurrency: number) => {
      const factory = new AwsClientFactory({ extensionVersion: 'bench' });
      try {
        const t0 = performance.now();
        const listings = await listEnvironments({ clients: environmentSourceFromFactory(factory), profiles: [profile], catalog, regions: REGIONS, concurrency });
        const ms = performance.now() - t0;
        const failed = listings.filter((l) => l.error || l.environmentErrors.length);
        if (failed.length) throw new Error(`listing failed: ${JSON.stringify(failed.map((l) => l.error?.message ?? l.environmentErrors[0]?.error.message))}`);
        return { ms, envs: listings.reduce((n, l) => n + l.environments.length, 0) };
      } finally {
        factory.dispose();
      }
    };

    const concurrent = await pass(EXPLORER_CONCURRENCY);
    const sequential = await pass(1);
    if (concurrent.envs !== COUNT || sequential.envs !== COUNT) throw new Error(`expected ${COUNT} environments, listed ${concurrent.envs} / ${sequential.envs}`);
    process.stdout.write(
      `listed ${concurrent.envs} environments in ${REGIONS.length} regions with ${LATENCY_MS} ms per MWAA call: ` +
        `${concurrent.ms.toFixed(0)} ms at concurrency ${EXPLORER_CONCURRENCY}, ${sequential.ms.toFixed(0)} ms sequentially ` +
        `(${(sequential.ms / concurrent.ms).toFixed(1)}x)\n`,
    );
    process.stdout.write(`environments: envs=${concurrent.envs} ms=${Math.round(concurrent.ms)} sequential_ms=${Math.round(sequential.ms)}\n`);
  } finally {
    await sandbox.stop();
  }
}

main().catch((err) => {
  process.stderr.write(`bench:environments failed: ${(err as Error).stack ?? err}\n`);
  process.exitCode = 1;
});
