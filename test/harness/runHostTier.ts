import * as fs from 'node:fs';
import * as path from 'node:path';
import { runHostSuite } from './hostSuite';

/**
 * Tier 2: the Mocha suite in test/host inside code-server's real extension host, on a copy of
 * the fixture workspace. Writes {passed, failed} to the file named by argv[2].
 */
async function main(): Promise<void> {
  const repo = path.resolve(__dirname, '..', '..', '..');
  const scratch = path.join(repo, 'test-output', 'host');
  const workspace = path.join(repo, 'test-output', 'host-workspace');
  fs.rmSync(workspace, { recursive: true, force: true });
  fs.cpSync(path.join(repo, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  const result = await runHostSuite({
    extensionPath: repo,
    testsEntry: path.join(repo, 'out', 'test', 'host', 'index.js'),
    workspace,
    scratch,
  });
  for (const f of result.failures) process.stdout.write(`  FAILED ${f.title}\n${f.error.replace(/^/gm, '    ')}\n`);
  process.stdout.write(`host: ${result.passed} passed, ${result.failed} failed${result.pending ? `, ${result.pending} skipped` : ''}\n`);
  if (process.argv[2]) fs.writeFileSync(process.argv[2], JSON.stringify({ passed: result.passed, failed: result.failed }));
  process.exitCode = result.failed > 0 || result.exitCode !== 0 ? 1 : 0;
}

main().catch((err) => {
  process.stderr.write(`host tier could not run: ${(err as Error).stack ?? err}\n`);
  process.exitCode = 1;
});
