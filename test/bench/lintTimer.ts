/**
 * One cold timing for bench:lint, in a fresh process so every tool starts cold (no JIT or cache
 * carried over from an earlier round): `node lintTimer.js <ours-1|ours-parallel|ruff-wasm> <jobs> FILE...`
 * prints `{"ms": n, "findings": n}`. The clock starts before either tool's code is loaded: each
 * process loads only the tool it times, inside the clock (ruff-wasm compiles its wasm module when
 * required, we compile ours when the linter is created: both count), and stops when every file is linted.
 */
import * as fs from 'node:fs';
import { performance } from 'node:perf_hooks';

const TARGET = { airflowVersion: '3.0.6' };

async function main(): Promise<void> {
  const [mode, jobs, ...files] = process.argv.slice(2);
  const t0 = performance.now();
  let findings = 0;
  if (mode === 'ruff-wasm') {
    const { Workspace, PositionEncoding } = await import('@astral-sh/ruff-wasm-nodejs');
    const ws = new Workspace({ lint: { select: ['AIR3'] } }, PositionEncoding.Utf16);
    for (const f of files) findings += (ws.check(fs.readFileSync(f, 'utf8')) as unknown[]).length;
    ws.free();
  } else {
    const { lintPythonFiles } = await import('../../src/cli/lintPool');
    const { findDataDir } = await import('../../src/core/lint/dataDir');
    // ours-1: this thread only; ours-parallel: worker threads, as the CLI runs by default.
    const results = await lintPythonFiles(files, TARGET, findDataDir(__dirname)!, mode === 'ours-1' ? 1 : Number(jobs));
    for (const r of results) findings += r.findings.length;
  }
  process.stdout.write(JSON.stringify({ ms: performance.now() - t0, findings }) + '\n');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
