#!/usr/bin/env node
// `npm run bench:<name>`: installs what is missing, builds, then runs out/test/bench/bench<Name>.js.
// `--production` builds the minified bundle first (what users run; bench:activate measures it).
// The bench runs under benchSupervisor.mjs: whatever it started is killed when it ends, however.
import { spawnSync } from 'node:child_process';
import { superviseBench } from './benchSupervisor.mjs';
import { setup } from './setup.mjs';

const [name, ...flags] = process.argv.slice(2);
if (!name) {
  process.stderr.write('usage: node scripts/bench.mjs <activate|adversarial|lint|logs|runs|sync|views|…> [--production]\n');
  process.exit(2);
}
setup();
const entry = `out/test/bench/bench${name[0].toUpperCase()}${name.slice(1)}.js`;
/** @type {Array<[string, string[]]>} */
const steps = [
  ['node', ['scripts/build.mjs', ...(flags.includes('--production') ? ['--production'] : [])]],
  ['npx', ['tsc', '-p', '.']],
];
for (const [cmd, args] of steps) {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  // tsc reports type errors but still emits; a bench of compiled code is still meaningful.
  if (r.status !== 0 && cmd !== 'npx') process.exit(r.status ?? 1);
}
process.exit(await superviseBench(entry));
