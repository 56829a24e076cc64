#!/usr/bin/env node
// `npm start`: installs what is missing, packages the extension (unless the .vsix is newer than
// its sources), then runs it (test/harness/runProduct.ts) until Ctrl-C, which stops everything.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup } from './setup.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const t0 = Date.now();

/** Newest modification time (ms) of the files below the given repo paths. */
function newest(/** @type {string[]} */ paths) {
  let max = 0;
  const walk = (/** @type {string} */ p) => {
    let st;
    try { st = fs.statSync(p); } catch { return; }
    if (st.isDirectory()) for (const n of fs.readdirSync(p)) walk(path.join(p, n));
    else max = Math.max(max, st.mtimeMs);
  };
  for (const p of paths) walk(path.join(repo, p));
  return max;
}

const mtime = (/** @type {string} */ p) => { try { return fs.statSync(path.join(repo, p)).mtimeMs; } catch { return 0; } };

/** Runs a step with its output captured: one line when it works, its whole output when it fails. */
function step(/** @type {string} */ title, /** @type {string} */ cmd, /** @type {string[]} */ args) {
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: repo, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) {
    process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}\n${title} failed\n`);
    process.exit(r.status ?? 1);
  }
  process.stdout.write(`${title}: ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
}

try {
  setup();
} catch (err) {
  process.stderr.write(`setup failed: ${/** @type {Error} */ (err).message}\n`);
  process.exit(1);
}
const vsix = fs.readdirSync(repo).find((f) => f.endsWith('.vsix'));
const packaged = vsix ? mtime(vsix) : 0;
if (packaged > newest(['src', 'media', 'syntaxes', 'package.json', 'README.md', '.vscodeignore', 'scripts/build.mjs', 'scripts/package.mjs'])) {
  process.stdout.write(`Packaging: ${vsix} is up to date\n`);
} else {
  step('Packaging the extension', process.execPath, ['scripts/package.mjs']);
}
if (mtime('out/test/harness/runProduct.js') <= newest(['src', 'sandbox/src', 'test/harness', 'tsconfig.json'])) {
  step('Compiling the sandbox and the harness', 'npx', ['tsc', '-p', '.']);
}
const child = spawn(process.execPath, ['out/test/harness/runProduct.js', ...process.argv.slice(2)], {
  cwd: repo,
  stdio: 'inherit',
  // "Ready in" counts from here; the demo runs on this machine's Node, whatever the SDK's next major wants.
  env: { ...process.env, MWAA_START_T0: String(t0), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
});
// A signal sent to this process alone is passed on; Ctrl-C reaches both, and the demo takes a
// repeat as one. This process stays until the demo has stopped everything it started.
for (const s of /** @type {NodeJS.Signals[]} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.on(s, () => child.kill(s));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
