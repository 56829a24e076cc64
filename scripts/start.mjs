#!/usr/bin/env node
// `npm start`: installs what is missing, packages the extension, then runs it (test/harness/runProduct.ts).
import { spawn, spawnSync } from 'node:child_process';
import { setup } from './setup.mjs';

try {
  setup();
} catch (err) {
  process.stderr.write(`setup failed: ${/** @type {Error} */ (err).message}\n`);
  process.exit(1);
}
for (const [cmd, args] of /** @type {Array<[string, string[]]>} */ ([['node', ['scripts/package.mjs']], ['npx', ['tsc', '-p', '.']]])) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const child = spawn(process.execPath, ['out/test/harness/runProduct.js', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const s of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM'])) process.on(s, () => child.kill(s));
child.on('exit', (code) => process.exit(code ?? 0));
