#!/usr/bin/env node
// `npm test`: installs what is missing (setup.mjs), builds, then runs every tier and ends with
// one summary line. `npm test -- core host` runs only the named tiers.
//   core     plain node, no VS Code (node's test runner)            out/test/core
//   fuzz     property tests with time and memory bounds per input (fast-check, fixed seed)   out/test/fuzz
//   sandbox  the local MWAA against real Airflow, moto and our emulator   out/test/sandbox
//   host     Mocha inside code-server's real extension host         out/test/host
//   ui       Playwright + Chromium on the workbench, with the packaged .vsix installed   out/test/ui
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setup } from './setup.mjs';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const ALL = ['core', 'fuzz', 'sandbox', 'host', 'ui'];
const asked = process.argv.slice(2).filter((a) => ALL.includes(a));
const tiers = asked.length ? asked : ALL;
const outDir = path.join(repo, 'test-output');
fs.mkdirSync(outDir, { recursive: true });

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {import('node:child_process').SpawnSyncOptions} [opts]
 */
function sh(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { cwd: repo, stdio: 'inherit', ...opts });
}

// node's test runner: spec output for people, TAP to a file for the counts.
/** @param {string} tier */
function nodeTests(tier) {
  const dir = path.join(repo, 'out', 'test', tier);
  if (!fs.existsSync(dir)) return { passed: 0, failed: 0 };
  const tap = path.join(outDir, `${tier}.tap`);
  const r = sh(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', '--test-reporter-destination=stdout',
    '--test-reporter=tap', `--test-reporter-destination=${tap}`, dir]);
  const text = fs.existsSync(tap) ? fs.readFileSync(tap, 'utf8') : '';
  const count = (/** @type {string} */ k) => Number((text.match(new RegExp(`^# ${k} (\\d+)$`, 'm')) || [])[1] || 0);
  const failed = count('fail') + count('cancelled') + (r.status !== 0 && count('fail') === 0 ? 1 : 0);
  return { passed: count('pass'), failed };
}

function hostTests() {
  const file = path.join(outDir, 'host.json');
  fs.rmSync(file, { force: true });
  const r = sh(process.execPath, [path.join(repo, 'out', 'test', 'harness', 'runHostTier.js'), file]);
  if (!fs.existsSync(file)) return { passed: 0, failed: 1 };
  const res = JSON.parse(fs.readFileSync(file, 'utf8'));
  return { passed: res.passed, failed: res.failed + (r.status !== 0 && res.failed === 0 ? 1 : 0) };
}

function main() {
  const t0 = Date.now();
  setup({ codeServer: tiers.includes('host') || tiers.includes('ui') });
  // tsconfig.scripts.json type-checks these scripts (.mjs) from their JSDoc.
  /** @type {Array<[string, string[]]>} */
  const buildSteps = [['node', ['scripts/build.mjs']], ['npx', ['tsc', '-p', '.']], ['npx', ['tsc', '-p', 'tsconfig.scripts.json']]];
  for (const [cmd, args] of buildSteps) {
    if (sh(cmd, args).status !== 0) {
      process.stdout.write(`tests: 0 passed, 1 failed (${cmd} ${args.join(' ')} failed)\n`);
      process.exit(1);
    }
  }
  // Lint after the build steps (a compile error says more than the lint of broken code): the
  // typescript-eslint rules and the layer boundaries of src/ (eslint.config.mjs). No rule reads
  // other files, so results are cached per file content (and config) between runs.
  const eslint = [path.join(repo, 'node_modules', 'eslint', 'bin', 'eslint.js'), '--cache', '--cache-strategy', 'content',
    '--cache-location', path.join(repo, 'node_modules', '.cache', 'eslint') + path.sep, '.'];
  if (sh(process.execPath, eslint).status !== 0) {
    process.stdout.write('tests: 0 passed, 1 failed (eslint failed)\n');
    process.exit(1);
  }
  const totals = { passed: 0, failed: 0 };
  const lines = [];
  for (const tier of tiers) {
    process.stdout.write(`\n=== ${tier} tests\n`);
    if (tier === 'ui' && sh('node', ['scripts/package.mjs']).status !== 0) {
      lines.push('ui: 0 passed, 1 failed (packaging the .vsix failed)');
      totals.failed++;
      continue;
    }
    const r = tier === 'host' ? hostTests() : nodeTests(tier);
    totals.passed += r.passed;
    totals.failed += r.failed;
    lines.push(`${tier}: ${r.passed} passed, ${r.failed} failed`);
  }
  process.stdout.write(`\n${lines.join('\n')}\n(${((Date.now() - t0) / 1000).toFixed(0)} s)\n`);
  process.stdout.write(`tests: ${totals.passed} passed, ${totals.failed} failed\n`);
  process.exit(totals.failed > 0 || totals.passed === 0 ? 1 : 0);
}

main();
