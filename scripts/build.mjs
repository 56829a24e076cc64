#!/usr/bin/env node
// Bundles the extension with esbuild: dist/extension.js (what activation loads) and
// the lazily required bundles (AWS SDK, lint core: see LAZY), plus the data and wasm files that
// features read at run time. `--production` minifies and drops sourcemaps (for the .vsix).
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const dist = path.join(repo, 'dist');

// Modules required on first use, each bundled apart so activation never evaluates them: the
// `require(specifier)` in `importer` becomes a run-time require of `out` beside the main bundle.
const LAZY = [
  { importer: path.join('core', 'aws', 'loadSdk.ts'), specifier: './sdk', out: 'aws-sdk.js', entry: path.join('src', 'core', 'aws', 'sdk.ts') },
  { importer: path.join('features', 'diagnostics', 'lintCore.ts'), specifier: '../../core/lint', out: 'lint.js', entry: path.join('src', 'core', 'lint', 'index.ts') },
  { importer: path.join('features', 'environments', 'registerEnvironments.ts'), specifier: './explorer', out: 'environments.js', entry: path.join('src', 'features', 'environments', 'explorer.ts') },
  { importer: path.join('features', 'rollouts', 'registerRollouts.ts'), specifier: './rolloutCommands', out: 'rollouts.js', entry: path.join('src', 'features', 'rollouts', 'rolloutCommands.ts') },
  { importer: path.join('features', 'logs', 'registerLogs.ts'), specifier: './logCommands', out: 'logs.js', entry: path.join('src', 'features', 'logs', 'logCommands.ts') },
  { importer: path.join('features', 'sync', 'registerSync.ts'), specifier: './syncEngine', out: 'sync.js', entry: path.join('src', 'features', 'sync', 'syncEngine.ts') },
];

const lazyModules = {
  name: 'lazy-modules',
  setup(build) {
    build.onResolve({ filter: /./ }, (args) => {
      const lazy = LAZY.find((l) => args.path === l.specifier && args.importer.endsWith(l.importer));
      return lazy ? { path: `./${lazy.out}`, external: true } : undefined;
    });
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // The .wasm files are copied beside the bundle (copyAssets), found there before require.resolve.
  external: ['vscode', '*.wasm'],
  minify: production,
  sourcemap: production ? false : 'linked',
  sourcesContent: false,
  logLevel: 'warning',
  metafile: true,
};

function copyAssets() {
  // Data tables and constraints (generated into src/data) are read with fs at run time.
  const data = path.join(repo, 'src', 'data');
  if (fs.existsSync(data)) fs.cpSync(data, path.join(dist, 'data'), { recursive: true, filter: (f) => !f.endsWith('.ts') });
  // The Python parser's wasm files must sit beside the bundle.
  for (const wasm of ['web-tree-sitter/web-tree-sitter.wasm', 'tree-sitter-python/tree-sitter-python.wasm']) {
    const from = path.join(repo, 'node_modules', wasm);
    if (fs.existsSync(from)) fs.copyFileSync(from, path.join(dist, path.basename(wasm)));
  }
}

async function main() {
  fs.rmSync(dist, { recursive: true, force: true });
  fs.mkdirSync(dist, { recursive: true });
  const builds = [
    {
      ...common,
      entryPoints: [path.join(repo, 'src', 'extension.ts')],
      outfile: path.join(dist, 'extension.js'),
      plugins: [lazyModules],
      // First statement of the bundle: lets activate() report how long evaluating the bundle took.
      banner: { js: 'var __mwaaBundleStart = performance.now();' },
    },
    // A lazy bundle may itself require another lazily (the lint core reaches the SDK only via loadSdk).
    ...LAZY.map((l) => ({ ...common, entryPoints: [path.join(repo, l.entry)], outfile: path.join(dist, l.out), plugins: [lazyModules] })),
  ];
  if (watch) {
    for (const b of builds) await (await esbuild.context(b)).watch();
    copyAssets();
    process.stderr.write('build: watching\n');
    return;
  }
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  copyAssets();
  const sizes = results.map((r) => Object.entries(r.metafile.outputs).filter(([f]) => f.endsWith('.js')).map(([f, o]) => `${path.basename(f)} ${(o.bytes / 1024).toFixed(0)} KB`)).flat();
  process.stderr.write(`build: ${production ? 'production' : 'development'} ${sizes.join(', ')}\n`);
}

main().catch((err) => {
  process.stderr.write(`build failed: ${err.message}\n`);
  process.exit(1);
});
