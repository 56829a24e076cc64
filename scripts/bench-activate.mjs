#!/usr/bin/env node
// `npm run bench:activate`: production bundle, then activation timed in the real extension host.
import { spawnSync } from 'node:child_process';
import { setup } from './setup.mjs';

setup();
for (const [cmd, args] of [['node', ['scripts/build.mjs', '--production']], ['npx', ['tsc', '-p', '.']], ['node', ['out/test/bench/benchActivate.js']]]) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
