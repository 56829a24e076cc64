/**
 * One cold timing for bench:lint, in a fresh process so every tool starts cold (no JIT or cache
 * carried over from an earlier round): `node lintTimer.js <ours-1|ours-parallel|ruff-wasm> <jobs> FILE...`
 * prints `{"ms": n, "findings": n}`. The clock starts before the linter is created (grammar and
 * rule table loading count) and stops when every file is linted.
 */
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { Workspace, PositionEncoding } from '@astral-sh/ruff-wasm-nodejs';
import { lintPythonFiles } from '../../src/cli/lintPool';
import { findDataDir } from '../../src/core/lint/dataDir';

const TARGET = { airflowVersion: '3.0.6' };

async function main(): Promise<void> {
  const [mode, jobs, ...files] = process.argv.slice(2);
  const dataDir = findDataDir(__dirname)!;
  const t0 = performance.now();
  let findings = 0;
  if (mode === 'ruff-wasm') {
    const ws = new Workspace({ lint: { select: ['AIR3'] } }, PositionEncoding.Utf16);
    for (const f of files) findings += (ws.check(fs.readFileSync(f, 'utf8')) as unknown[]).length;
    ws.free();
  } else {
    // ours-1: this thread only; ours-parallel: worker threads, as the CLI runs by default.
    const results = await lintPythonFiles(files, TARGET, dataDir, mode === 'ours-1' ? 1 : Number(jobs));
    for (const r of results) findings += r.findings.length;
  }
  process.stdout.write(JSON.stringify({ ms: performance.now() - t0, findings }) + '\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
