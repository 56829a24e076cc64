import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import LAZY_BUNDLES from '../../src/lazyBundles.json';
import { screenshot } from '../harness/browser';
import { openPackagedWorkbench, type PackagedWorkbench } from '../harness/packagedWorkbench';

// Tier 3: what a person sees, with the packaged .vsix installed the way a user installs it.
let wb: PackagedWorkbench;
let page: Page;
let installedDir: string;
const repo = path.resolve(__dirname, '..', '..', '..');

before(async () => {
  // A first-time user: no AWS config files, no keys, and no instance to ask (not this machine's ~/.aws).
  const none = path.join(repo, 'test-output', 'ui-packaged-no-aws');
  wb = await openPackagedWorkbench('ui-packaged', {
    env: {
      AWS_CONFIG_FILE: path.join(none, 'config'), AWS_SHARED_CREDENTIALS_FILE: path.join(none, 'credentials'), AWS_EC2_METADATA_DISABLED: 'true',
      AWS_PROFILE: undefined, AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_SESSION_TOKEN: undefined,
    },
  });
  page = wb.page;
  installedDir = wb.extensionDir;
});

after(async () => {
  await wb?.close();
});

test('the installed extension holds the bundle and assets, and no sources or node_modules', () => {
  const files = (fs.readdirSync(installedDir, { recursive: true }) as string[]).map((f) => f.split(path.sep).join('/'));
  // The lazily required bundles are the ones src/lazyBundles.json lists (the build reads it too).
  const bundles = LAZY_BUNDLES.bundles.filter((b) => !('testOnly' in b && b.testOnly)).map((b) => `dist/${b.name}.js`);
  assert.ok(bundles.length >= 7, `only ${bundles.length} lazy bundles listed`);
  for (const f of ['package.json', 'dist/extension.js', ...bundles, 'dist/tree-sitter-python.wasm', 'dist/data/lint-rules.json', 'media/mwaa.svg', 'syntaxes/mwaa-log.tmLanguage.json']) {
    assert.ok(files.includes(f), `${f} missing`);
  }
  const testOnly = LAZY_BUNDLES.bundles.filter((b) => 'testOnly' in b && b.testOnly).map((b) => `dist/${'out' in b ? b.out : `${b.name}.js`}`);
  assert.ok(testOnly.length >= 1);
  const forbidden = files.filter((f) => /^(node_modules|src|test|sandbox|scripts|out)\//.test(f) || /\.ts$|\.map$/.test(f) || testOnly.includes(f));
  assert.deepEqual(forbidden, []);
});

test('vsce packages the extension without a warning', () => {
  // The stores' own tool: any warning (a placeholder URL, a missing LICENSE, a relative image it
  // cannot rewrite) fails here rather than at publishing time. stdin is empty, so a question fails too.
  const out = path.join(repo, 'test-output', 'ui-packaged', 'vsce-check.vsix');
  const r = spawnSync(process.execPath, [path.join(repo, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '-o', out],
    { cwd: repo, encoding: 'utf8', input: '', timeout: 180_000 });
  const output = `${r.stdout}${r.stderr}`;
  assert.equal(r.status, 0, output.slice(-2000));
  assert.deepEqual(output.split('\n').filter((l) => /warn/i.test(l)), [], 'vsce warnings');
  assert.ok(fs.statSync(out).size > 100_000);
});

test('the installed extension carries its page, changelog, license and icon, the page\'s images on the repository', () => {
  const files = fs.readdirSync(installedDir);
  const manifest = JSON.parse(fs.readFileSync(path.join(installedDir, 'package.json'), 'utf8')) as { icon: string; repository: { url: string } };
  for (const want of ['readme.md', 'changelog.md', 'license.txt']) {
    assert.ok(files.some((f) => f.toLowerCase() === want), `${want} missing from the installed extension (${files.join(', ')})`);
  }
  assert.ok(fs.existsSync(path.join(installedDir, manifest.icon)), 'icon');
  assert.ok(!files.includes('docs'), 'docs/ is not shipped: the page links its images on the repository');
  // vsce rewrote the page's relative links against the repository; each must name a real file.
  const page = fs.readFileSync(path.join(installedDir, files.find((f) => f.toLowerCase() === 'readme.md')!), 'utf8');
  const base = manifest.repository.url.replace(/\.git$/, '');
  const targets = [...page.matchAll(/(!?)\[[^\]\n]*\]\(([^)\s]+)\)/g)].map((m) => ({ image: m[1] === '!', url: m[2]! }));
  const images = targets.filter((t) => t.image);
  assert.ok(images.length >= 8, `only ${images.length} images on the packaged page`);
  for (const { image, url } of targets) {
    if (url.startsWith('#') || (!image && url.startsWith(`${base}/issues/`))) continue;
    const inRepo = [`${base}/raw/HEAD/`, `${base}/blob/HEAD/`].find((prefix) => url.startsWith(prefix));
    if (!inRepo) {
      assert.match(url, /^https:\/\//, `${url}: a relative link left on the packaged page`);
      continue;
    }
    const file = decodeURIComponent(url.slice(inRepo.length).split('#')[0]!);
    assert.ok(fs.existsSync(path.join(repo, file)), `${url} names no file of the repository`);
  }
});

test('the MWAA activity bar item opens the Environments view with its welcome content', async () => {
  const item = page.getByRole('tab', { name: 'MWAA' });
  await item.waitFor({ state: 'visible', timeout: 30_000 });
  await item.click();
  // The container has one view, so VS Code merges its name into the sidebar title.
  const title = page.locator('.part.sidebar .composite.title');
  await title.waitFor({ state: 'visible', timeout: 30_000 });
  assert.match(await title.innerText(), /MWAA:\s*ENVIRONMENTS/i);
  // "Listing…" first; "None was found" once the listing is over (it takes the extension's context key).
  const welcome = page.locator('.welcome-view-content', { hasText: 'None was found' });
  await welcome.first().waitFor({ state: 'visible', timeout: 30_000 });
  assert.match(await welcome.first().innerText(), /AWS shared config files/);
  assert.equal(await page.getByRole('button', { name: 'Open MWAA Settings' }).count(), 1);
  const shot = await screenshot(page, 'mwaa-view-container');
  assert.ok(fs.statSync(shot).size > 10_000, 'screenshot is suspiciously small');
});

test('the welcome view button runs the extension command (activation on demand)', async () => {
  await page.getByRole('button', { name: 'Show MWAA Log' }).click();
  // The log channel appears in the panel's output view only if the extension activated.
  // Monaco renders spaces as non-breaking spaces, hence \s.
  const output = page.locator('.part.panel', { hasText: /MWAA\sToolkit\s\S+\sactivated\sin\s[\d.]+\sms/ });
  await output.first().waitFor({ state: 'visible', timeout: 30_000 });
  // Once the listing is over, the welcome still stands: nothing was found is not an error node.
  await page.locator('.part.panel', { hasText: /the\sdefault\schain\sfound\snothing/ }).first().waitFor({ state: 'visible', timeout: 30_000 });
  assert.equal(await page.locator('.part.sidebar .welcome-view-content', { hasText: 'None was found' }).count(), 1);
  assert.equal(await page.locator('.part.sidebar .monaco-list-row').count(), 0, 'no tree rows under the welcome');
  await screenshot(page, 'mwaa-log-channel');
});
