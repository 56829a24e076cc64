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

// Modules required on first use, each bundled apart so activation never evaluates them (the list,
// with what each holds, is src/lazyBundles.json): an import of a bundle's entry module from any
// other bundle becomes a run-time require of `./<name>.js` beside the main bundle.
const LAZY = JSON.parse(fs.readFileSync(path.join(repo, 'src', 'lazyBundles.json'), 'utf8')).bundles.map(
  (/** @type {{name: string, entry: string, out?: string}} */ b) => ({ out: b.out ?? `${b.name}.js`, entry: path.join(repo, b.entry) }),
);

/** @param {string} from @returns {string | undefined} the .ts module a relative import names */
function tsModule(from) {
  for (const candidate of [from, `${from}.ts`, path.join(from, 'index.ts')]) {
    if (candidate.endsWith('.ts') && fs.existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * @param {string | undefined} self the entry of the bundle being built (bundled, not required)
 * @param {string} outDir where the bundle being built is written (requires are relative to it)
 */
const lazyModules = (self, outDir = dist) => ({
  name: 'lazy-modules',
  /** @param {import('esbuild').PluginBuild} build */
  setup(build) {
    build.onResolve({ filter: /^\./ }, (args) => {
      const target = tsModule(path.resolve(args.resolveDir, args.path));
      const lazy = target && target !== self ? LAZY.find((/** @type {{entry: string}} */ l) => l.entry === target) : undefined;
      if (!lazy) return undefined;
      const rel = path.relative(outDir, path.join(dist, lazy.out)).split(path.sep).join('/');
      return { path: rel.startsWith('.') ? rel : `./${rel}`, external: true };
    });
  },
});

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
  // The local runtime's Python scripts (the DAG parse worker) run from dist/python/.
  const py = path.join(repo, 'src', 'core', 'runtime', 'python');
  if (fs.existsSync(py)) {
    fs.mkdirSync(path.join(dist, 'python'), { recursive: true });
    for (const f of fs.readdirSync(py).filter((n) => n.endsWith('.py'))) fs.copyFileSync(path.join(py, f), path.join(dist, 'python', f));
  }
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
      plugins: [lazyModules(undefined)],
      // First statement of the bundle: lets activate() report how long evaluating the bundle took.
      banner: { js: 'var __mwaaBundleStart = performance.now();' },
    },
    // A lazy bundle may itself require another lazily (the lint core reaches the SDK only via loadSdk).
    ...LAZY.map((/** @type {{out: string, entry: string}} */ l) => ({ ...common, entryPoints: [l.entry], outfile: path.join(dist, l.out), plugins: [lazyModules(l.entry, path.dirname(path.join(dist, l.out)))] })),
    // The DAG view's webview script runs in the browser, not in node: its own entry, always minified
    // (it is parsed on each show). elkjs is not in it: the layout runs in the `dagLayout` worker.
    { ...common, platform: /** @type {const} */ ('browser'), format: /** @type {const} */ ('iife'), target: 'es2022', external: [], minify: true, entryPoints: [path.join(repo, 'media', 'dagView', 'main.ts')], outfile: path.join(dist, 'dagViewWebview.js') },
  ];
  if (watch) {
    for (const b of builds) await (await esbuild.context(b)).watch();
    copyAssets();
    process.stderr.write('build: watching\n');
    return;
  }
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  copyAssets();
  const sizes = results.map((r) => Object.entries(/** @type {esbuild.Metafile} */ (r.metafile).outputs).filter(([f]) => f.endsWith('.js')).map(([f, o]) => `${path.basename(f)} ${(o.bytes / 1024).toFixed(0)} KB`)).flat();
  process.stderr.write(`build: ${production ? 'production' : 'development'} ${sizes.join(', ')}\n`);
}

main().catch((err) => {
  process.stderr.write(`build failed: ${err.message}\n`);
  process.exit(1);
});
