#!/usr/bin/env node
// `node scripts/gen-lint-data.mjs [--check]`: runs the lint-data generator, scripts/lintData/cli.ts
// (`npm run gen:lint-data` compiles it, then runs the same). Kept because src/data/PROVENANCE.md
// names this command and test/core/lint/lintData.test.ts runs it. Like src/cli/mwaa-lint.cjs, it
// runs the tsc build (out/) when that is up to date, else an esbuild bundle in node_modules/.cache.
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const sources = path.join(repo, 'scripts', 'lintData');

async function entryPoint() {
  const sourceTime = Math.max(...fs.readdirSync(sources).map((f) => fs.statSync(path.join(sources, f)).mtimeMs));
  const built = path.join(repo, 'out', 'scripts', 'lintData', 'cli.js');
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= sourceTime) return built;
  const bundle = path.join(repo, 'node_modules', '.cache', 'gen-lint-data', 'cli.js');
  if (fs.existsSync(bundle) && fs.statSync(bundle).mtimeMs >= sourceTime) return bundle;
  const esbuild = await import('esbuild');
  esbuild.buildSync({
    entryPoints: [path.join(sources, 'cli.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    outfile: bundle,
    logLevel: 'error',
  });
  return bundle;
}

/** @type {{ main: (repo: string, args: readonly string[]) => number }} */
const cli = createRequire(import.meta.url)(await entryPoint());
process.exitCode = cli.main(repo, process.argv.slice(2));
