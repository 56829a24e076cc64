#!/usr/bin/env node
'use strict';
// `npx mwaa-lint` from a clone: runs the tsc build (out/) when it is up to date, else bundles the
// TypeScript sources with esbuild into node_modules/.cache on first use (no build step needed).
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..');
const sources = [path.join(root, 'src', 'cli'), path.join(root, 'src', 'core', 'lint'), path.join(root, 'src', 'core', 'runtime')];

function newestMtime(dir) {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, e.name);
    newest = Math.max(newest, e.isDirectory() ? newestMtime(full) : fs.statSync(full).mtimeMs);
  }
  return newest;
}

function entryPoint() {
  const sourceTime = Math.max(...sources.map(newestMtime));
  const built = path.join(root, 'out', 'src', 'cli', 'mwaaLint.js');
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= sourceTime) return built;
  const bundle = path.join(root, 'node_modules', '.cache', 'mwaa-lint', 'mwaaLint.js');
  if (fs.existsSync(bundle) && fs.statSync(bundle).mtimeMs >= sourceTime) return bundle;
  require('esbuild').buildSync({
    entryPoints: [path.join(root, 'src', 'cli', 'mwaaLint.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: bundle,
    // Kept external so their .wasm files resolve from node_modules as usual.
    external: ['web-tree-sitter', 'tree-sitter-python', '@renovatebot/pep440'],
    logLevel: 'error',
  });
  return bundle;
}

const { main } = require(entryPoint());
main(process.argv.slice(2), { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s) }).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`mwaa-lint: ${err && err.stack ? err.stack : String(err)}\n`);
    process.exitCode = 2;
  },
);
