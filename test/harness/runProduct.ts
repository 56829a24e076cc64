import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDir } from '../../sandbox/src/cacheDir';
import { startSandbox } from '../../sandbox/src/main';
import { onShutdown } from '../../sandbox/src/processes';
import { installVsix, startCodeServer } from './codeServer';
import { extensionHostEnv } from './packagedWorkbench';

/**
 * `npm start`: the local sandbox MWAA (real Airflow 2 behind our emulated control plane, moto S3
 * and CloudWatch Logs), and the packaged extension in code-server opened on the sample DAG
 * project, until Ctrl-C, SIGTERM or SIGHUP, which stop every process it started (also when it
 * fails half-way: the spawned processes are killed on exit). The profile and the project copy
 * persist between runs so a user's edits and settings survive; delete ~/.cache/mwaa-toolkit/demo
 * to start over (MWAA_TOOLKIT_DEMO_DIR puts the demo, its sandbox run folder included, elsewhere).
 */
async function main(): Promise<void> {
  // From `npm start`'s own start, so "Ready in" includes the packaging before this process.
  const t0 = Number(process.env.MWAA_START_T0) || Date.now();
  const repo = path.resolve(__dirname, '..', '..', '..');
  const vsix = fs.readdirSync(repo).find((f) => f.endsWith('.vsix'));
  if (!vsix) throw new Error('no .vsix at the repo root: run npm run package');
  const demo = process.env.MWAA_TOOLKIT_DEMO_DIR || cacheDir('demo');
  const workspace = path.join(demo, 'sample-project');
  if (!fs.existsSync(workspace)) fs.cpSync(path.join(repo, 'sandbox', 'sample-project'), workspace, { recursive: true });

  const runDir = process.env.MWAA_TOOLKIT_DEMO_DIR ? path.join(demo, 'sandbox-run') : cacheDir('sandbox-run');
  fs.mkdirSync(runDir, { recursive: true });
  process.stdout.write('Starting the sandbox (first run installs Airflow into ~/.cache/mwaa-toolkit: a few minutes, once)...\n');
  const sandbox = await startSandbox({ envs: ['sandbox-af2'], runDir, dagSyncIntervalMs: 5_000, log: (l) => process.stderr.write(`[sandbox] ${l}\n`) });
  const awsEnv = extensionHostEnv(sandbox);

  const scratch = path.join(demo, 'profile');
  await installVsix(scratch, path.join(repo, vsix));
  // The sample project is ours: no Restricted Mode, which would keep the extension from calling AWS.
  const server = await startCodeServer({ workspace, scratch, trust: false, env: awsEnv });
  onShutdown(async (signal) => {
    process.stdout.write(`\n${signal}: stopping code-server and the sandbox...\n`);
    await server.stop();
    await sandbox.stop();
  });
  // The stop-everything test's crash: an uncaught error N ms after ready.
  const failAfter = Number(process.env.MWAA_START_FAIL_AFTER_READY_MS);
  if (failAfter > 0) setTimeout(() => { throw new Error('injected failure (MWAA_START_FAIL_AFTER_READY_MS)'); }, failAfter);
  process.stdout.write(`\nSandbox endpoints (for the AWS CLI or SDK scripts in another shell):\n`);
  for (const [k, v] of Object.entries(sandbox.exports)) process.stdout.write(`  export ${k}='${v}'\n`);
  process.stdout.write(`\nMWAA Toolkit is running in VS Code (code-server 4.100.3) on ${workspace}, with the sandbox's AWS profile.\n`);
  process.stdout.write(`Ready in ${((Date.now() - t0) / 1000).toFixed(0)} s. Open ${server.workbenchUrl()} in a browser. Ctrl-C stops everything.\n`);
  await new Promise(() => undefined);
}

main().catch((err) => {
  process.stderr.write(`npm start failed: ${(err as Error).message}\n`);
  process.exit(1);
});
