#!/usr/bin/env node
// `npm run package`: a production build, then exactly one .vsix at the repo root. The .vsix
// holds what .vscodeignore whitelists (bundle, assets, data) and no node_modules: the bundle
// already contains every dependency.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { name, version } = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));

/**
 * @param {string} cmd
 * @param {string[]} args
 */
function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`package: '${cmd} ${args.join(' ')}' failed\n`);
    process.exit(1);
  }
}

for (const f of fs.readdirSync(repo).filter((f) => f.endsWith('.vsix'))) fs.rmSync(path.join(repo, f));
run(process.execPath, ['scripts/build.mjs', '--production']);
const out = `${name}-${version}.vsix`;
run(process.execPath, [path.join(repo, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '-o', out]);
process.stderr.write(`package: ${out} ${(fs.statSync(path.join(repo, out)).size / 1024).toFixed(0)} KB\n`);
