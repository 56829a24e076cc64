import * as fs from 'node:fs';
import * as path from 'node:path';
import { ensureAirflow } from '../../sandbox/src/airflow/install';
import { cacheDir } from '../../sandbox/src/cacheDir';
import { startSandbox } from '../../sandbox/src/main';
import { runHostSuite } from './hostSuite';
import { extensionHostEnv } from './packagedWorkbench';

/**
 * Tier 2: the Mocha suite in test/host inside code-server's real extension host, on a copy of
 * the fixture workspace, with the sandbox MWAA running: its scratch AWS profile and endpoint
 * overrides reach the extension host through the environment, as they would from a user's shell.
 * Real Airflow starts lazily, on a test's first call that needs it. Writes {passed, failed} to
 * the file named by argv[2].
 */
async function main(): Promise<void> {
  const repo = path.resolve(__dirname, '..', '..', '..');
  const scratch = path.join(repo, 'test-output', 'host');
  const workspace = path.join(repo, 'test-output', 'host-workspace');
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.cpSync(path.join(repo, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  // The runtimes the local-runtime suites use (a marker read each when built; else built now).
  await ensureAirflow(2);
  await ensureAirflow(3);
  const sandbox = await startSandbox({
    envs: [],
    dagSyncIntervalMs: 1000,
    // Updates settle in seconds, so the explorer's live UPDATING -> AVAILABLE shows within a test.
    delays: { startMs: 1000, finishMs: 1500, rollbackMs: 500 },
    // Two listed-only environments in failed states, one on an Airflow version newer than any known.
    synthetic: { count: 2, regions: ['us-east-1'], statuses: ['UPDATE_FAILED', 'CREATE_FAILED'], versions: ['2.10.3', '3.9.0'], prefix: 'sandbox-synthetic' },
    log: (l) => process.env.MWAA_TEST_TRACE && process.stderr.write(`[sandbox] ${l}\n`),
  });
  const awsEnv = extensionHostEnv(sandbox);
  let result;
  try {
    result = await runHostSuite({
      extensionPath: repo,
      testsEntry: path.join(repo, 'out', 'test', 'host', 'index.js'),
      workspace,
      scratch,
      // The local runtime's tests reuse the sandbox's runtimes and uv's download cache (no rebuilds).
      env: { ...awsEnv, MWAA_SANDBOX_MOTO: sandbox.endpoints.moto, MWAA_TOOLKIT_RUNTIMES: cacheDir('runtimes'), UV_CACHE_DIR: cacheDir('uv-cache') },
      // The runs suites drive real Airflow 2 and 3 (start, parse, runs): minutes, not seconds.
      timeoutMs: 2_400_000,
    });
  } finally {
    await sandbox.stop();
  }
  for (const f of result.failures) process.stdout.write(`  FAILED ${f.title}\n${f.error.replace(/^/gm, '    ')}\n`);
  process.stdout.write(`host: ${result.passed} passed, ${result.failed} failed${result.pending ? `, ${result.pending} skipped` : ''}\n`);
  if (process.argv[2]) fs.writeFileSync(process.argv[2], JSON.stringify({ passed: result.passed, failed: result.failed }));
  process.exitCode = result.failed > 0 || result.exitCode !== 0 ? 1 : 0;
}

main().catch((err) => {
  process.stderr.write(`host tier could not run: ${(err as Error).stack ?? err}\n`);
  process.exitCode = 1;
});
