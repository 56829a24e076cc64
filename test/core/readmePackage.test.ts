/**
 * The manifest and the file list the stores receive: no placeholder, a publisher identity on one
 * repository, the page's companions (CHANGELOG, LICENSE, icon), and a .vscodeignore that ships the
 * bundles and assets but no source, test or docs file, judged by vsce's own file listing.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { listFiles, PackageManager } from '@vscode/vsce';
import { pngSize, readRepoFile, REPO } from './readmePage';

interface Manifest {
  name: string; version: string; publisher: string; private?: boolean; displayName: string; description: string; icon: string;
  repository: { type: string; url: string }; bugs: { url: string }; homepage: string;
  galleryBanner: { color: string; theme: string }; categories: string[]; keywords: string[]; l10n?: string;
}
const pkg = JSON.parse(readRepoFile('package.json')) as Manifest;
const nls = JSON.parse(readRepoFile('package.nls.json')) as Record<string, string>;
const text = (v: string) => (/^%.+%$/.test(v) ? nls[v.slice(1, -1)] ?? '' : v);

// The Marketplace's categories (vsce refuses others).
const CATEGORIES = ['AI', 'Azure', 'Chat', 'Data Science', 'Debuggers', 'Education', 'Extension Packs', 'Formatters', 'Keymaps', 'Language Packs',
  'Linters', 'Machine Learning', 'Notebooks', 'Other', 'Programming Languages', 'SCM Providers', 'Snippets', 'Testing', 'Themes', 'Visualization'];

test('the manifest has a publisher identity on one repository and no placeholder', () => {
  assert.equal(pkg.private, undefined, '"private" keeps a package out of registries');
  assert.match(pkg.publisher, /^[a-z0-9][a-z0-9-]*$/);
  const repo = /^https:\/\/github\.com\/([\w.-]+)\/([\w.-]+?)(?:\.git)?$/.exec(pkg.repository.url);
  assert.ok(repo, `repository.url ${pkg.repository.url} is not a GitHub repository`);
  const home = `https://github.com/${repo[1]}/${repo[2]}`;
  assert.equal(pkg.bugs.url, `${home}/issues`);
  assert.equal(pkg.homepage, `${home}#readme`);
  const urls = JSON.stringify({ r: pkg.repository, b: pkg.bugs, h: pkg.homepage });
  assert.doesNotMatch(urls, /example\.(invalid|com|org)|localhost|127\.0\.0\.1|TODO|your-/i);
  const changelog = readRepoFile('CHANGELOG.md');
  assert.ok(changelog.includes(`${home}/releases/tag/v${pkg.version}`), 'CHANGELOG links its release on the same repository');
});

test('the gallery page has a banner, categories, keywords, an icon, a name and a description', () => {
  assert.match(pkg.galleryBanner.color, /^#[0-9a-fA-F]{6}$/);
  assert.ok(['dark', 'light'].includes(pkg.galleryBanner.theme));
  assert.ok(pkg.categories.length >= 1 && pkg.categories.every((c) => CATEGORIES.includes(c)), `categories ${pkg.categories.join(', ')}`);
  assert.ok(pkg.keywords.length >= 3 && pkg.keywords.length <= 30, 'vsce allows at most 30 keywords');
  const icon = pngSize(fs.readFileSync(path.join(REPO, pkg.icon)));
  assert.ok(icon && icon.width >= 128 && icon.height >= 128, 'the icon is a PNG of at least 128×128');
  assert.match(text(pkg.displayName), /MWAA/);
  assert.ok(text(pkg.description).length >= 40, 'a description the gallery can show');
});

test('CHANGELOG.md has an entry for this version in Keep a Changelog form', () => {
  const changelog = readRepoFile('CHANGELOG.md');
  assert.match(changelog, /^# Changelog/);
  const entry = new RegExp(`^## \\[${pkg.version.replace(/\./g, '\\.')}\\] - \\d{4}-\\d{2}-\\d{2}$`, 'm');
  assert.match(changelog, entry, `no "## [${pkg.version}] - <date>" heading`);
  assert.match(changelog, /^### Added$/m);
});

/** A scratch tree with the repo's package.json and .vscodeignore and a file at each given path. */
function scratchTree(files: string[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-vsix-list-'));
  for (const f of ['package.json', 'package.nls.json', '.vscodeignore']) fs.copyFileSync(path.join(REPO, f), path.join(dir, f));
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.writeFileSync(path.join(dir, f), 'x');
  }
  return dir;
}

test('.vscodeignore ships the bundles, assets and page companions, and no source, test or docs file (vsce\'s own listing)', async () => {
  // Every file under media/ as it is in the repository, and stand-ins for what the build makes.
  const media = (fs.readdirSync(path.join(REPO, 'media'), { recursive: true }) as string[])
    .map((f) => `media/${f.split(path.sep).join('/')}`)
    .filter((f) => fs.statSync(path.join(REPO, f)).isFile());
  assert.ok(media.some((f) => /^media\/dagView\/.+\.ts$/.test(f)), 'the webview sources this guards against are gone: update this test');
  // The English strings: package.nls.json for the manifest, the l10n bundle for vscode.l10n.
  const l10n = pkg.l10n ? [`${pkg.l10n.replace(/^\.\//, '')}/bundle.l10n.json`] : [];
  const shipped = ['README.md', 'CHANGELOG.md', 'LICENSE', 'package.nls.json', ...l10n, 'dist/extension.js', 'dist/lint.js', 'dist/tree-sitter-python.wasm',
    'dist/data/lint-rules.json', 'dist/python/mwaa_parse_worker.py', 'syntaxes/mwaa-log.tmLanguage.json', 'language-configuration.pip-requirements.json'];
  const never = ['src/extension.ts', 'test/core/a.test.ts', 'out/test/core/a.test.js', 'dist/extension.js.map', 'dist/test/seams.js', 'docs/images/environments.png',
    'docs/screenshots.json', 'sandbox/src/main.ts', 'scripts/package.mjs', 'test-output/screenshots/runs-tree.png', 'tsconfig.json', '.github/workflows/ci.yml',
    'mwaa-toolkit-0.1.0.vsix', 'node_modules/x/index.js'];
  const dir = scratchTree([...media, ...shipped, ...never]);
  try {
    const listed = new Set((await listFiles({ cwd: dir, packageManager: PackageManager.None })).map((f) => f.split(path.sep).join('/')));
    assert.deepEqual(shipped.filter((f) => !listed.has(f)), [], 'files that must ship');
    assert.deepEqual([...listed].filter((f) => never.includes(f) || /\.(ts|map)$|(^|\/)tsconfig\.json$/.test(f)), [], 'files that must not ship');
    // Everything else under media/ is loaded at run time (icons, styles, webview scripts, walkthrough pages).
    const assets = media.filter((f) => !/\.ts$|(^|\/)tsconfig\.json$/.test(f));
    assert.deepEqual(assets.filter((f) => !listed.has(f)), [], 'media assets the extension loads at run time');
    assert.ok(listed.has(pkg.icon), 'the icon ships');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
