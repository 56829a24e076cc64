import assert from 'node:assert/strict';
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

before(async () => {
  wb = await openPackagedWorkbench('ui-packaged');
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

test('the MWAA activity bar item opens the Environments view with its welcome content', async () => {
  const item = page.getByRole('tab', { name: 'MWAA' });
  await item.waitFor({ state: 'visible', timeout: 30_000 });
  await item.click();
  // The container has one view, so VS Code merges its name into the sidebar title.
  const title = page.locator('.part.sidebar .composite.title');
  await title.waitFor({ state: 'visible', timeout: 30_000 });
  assert.match(await title.innerText(), /MWAA:\s*ENVIRONMENTS/i);
  const welcome = page.locator('.welcome-view-content', { hasText: 'Amazon MWAA environments' });
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
  await screenshot(page, 'mwaa-log-channel');
});
