import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

/**
 * The same extension-host suite under @vscode/test-electron, for machines that can download
 * VS Code (it fetches a build from update.code.visualstudio.com; needs internet).
 */
async function main(): Promise<void> {
  const repo = path.resolve(__dirname, '..', '..', '..');
  await runTests({
    version: '1.100.3',
    extensionDevelopmentPath: repo,
    extensionTestsPath: path.join(repo, 'out', 'test', 'host', 'index.js'),
    launchArgs: [path.join(repo, 'test', 'fixtures', 'workspace'), '--disable-extensions'],
  });
}

main().catch((err) => {
  process.stderr.write(`test:electron failed (it needs internet to download VS Code): ${(err as Error).message}\n`);
  process.exit(1);
});
