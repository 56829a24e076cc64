import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDir } from '../../sandbox/src/cacheDir';
import { installVsix, startCodeServer } from './codeServer';

/**
 * `npm start`: the packaged extension installed in code-server, opened on the sample DAG
 * project, until Ctrl-C. The profile and the project copy persist between runs so a user's edits
 * and settings survive; delete them under ~/.cache/mwaa-toolkit/demo to start over.
 */
async function main(): Promise<void> {
  const repo = path.resolve(__dirname, '..', '..', '..');
  const vsix = fs.readdirSync(repo).find((f) => f.endsWith('.vsix'));
  if (!vsix) throw new Error('no .vsix at the repo root: run npm run package');
  const demo = cacheDir('demo');
  const workspace = path.join(demo, 'sample-project');
  if (!fs.existsSync(workspace)) fs.cpSync(path.join(repo, 'sandbox', 'sample-project'), workspace, { recursive: true });
  const scratch = path.join(demo, 'profile');
  await installVsix(scratch, path.join(repo, vsix));
  const server = await startCodeServer({ workspace, scratch, trust: true });
  const stop = async () => {
    await server.stop();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.stdout.write(`\nMWAA Toolkit is running in VS Code (code-server 4.100.3) on ${workspace}\n`);
  process.stdout.write(`Open ${server.workbenchUrl()} in a browser. Ctrl-C stops it.\n`);
  await new Promise(() => undefined);
}

main().catch((err) => {
  process.stderr.write(`npm start failed: ${(err as Error).message}\n`);
  process.exit(1);
});
