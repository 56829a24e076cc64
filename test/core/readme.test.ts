/**
 * README.md is the extension's page on the Marketplace and on GitHub: these tests hold it to the
 * code. Every setting is in its table with the real default, every link and image resolves, every
 * image is a screenshot the UI tier takes, and every script and benchmark it names exists.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { headings, links, pngSize, readRepoFile, REPO, screenshotPatterns, section, slug, tableRows } from './readmePage';

const readme = readRepoFile('README.md');
const pkg = JSON.parse(readRepoFile('package.json')) as {
  scripts: Record<string, string>;
  contributes: { configuration: ConfigSection | ConfigSection[] };
};
interface ConfigSection { properties: Record<string, { default?: unknown }> }

test('the first screen says what it does and names the two commands', () => {
  const first = readme.split('\n').slice(0, 12).join('\n');
  assert.match(first, /^# MWAA Toolkit/);
  assert.match(first, /Amazon MWAA/);
  assert.match(first, /`npm start`/, 'the first screen must name `npm start`');
  assert.match(first, /`npm test`/, 'the first screen must name `npm test`');
  // Development keeps both commands with what they do.
  const dev = section(readme, 'Development');
  assert.match(dev, /^npm start\s+# /m);
  assert.match(dev, /^npm test\s+# /m);
});

test('the user sections come before Development and Reference', () => {
  const order = headings(readme).filter((h) => h.level === 2).map((h) => h.text);
  const want = ['What it does', 'Install', 'Connect your AWS account', 'Try it without AWS', 'Settings', 'Development', 'Reference'];
  assert.deepEqual(order.filter((t) => want.includes(t)), want);
  // The technical sections stay, below.
  const below = headings(readme).slice(headings(readme).findIndex((h) => h.text === 'Development')).map((h) => h.text);
  for (const kept of ['Layout', 'Status', 'DAG sync', 'Diagnostics', 'Runs', 'Security notes', 'Benchmarks']) {
    assert.ok(below.includes(kept), `section "${kept}" missing below Development`);
  }
});

test('every setting in package.json is in the settings table with its default, and the table names no other', () => {
  const sections = Array.isArray(pkg.contributes.configuration) ? pkg.contributes.configuration : [pkg.contributes.configuration];
  const settings = new Map(sections.flatMap((s) => Object.entries(s.properties)));
  assert.ok(settings.size >= 10, `only ${settings.size} settings read from package.json`);
  const rows = tableRows(section(readme, 'Settings'));
  const documented = new Map(rows.map((r) => [r[0]!.replace(/`/g, ''), r[1]!.replace(/^`|`$/g, '')]));
  const missing = [...settings.keys()].filter((k) => !documented.has(k));
  assert.deepEqual(missing, [], 'settings missing from the README table');
  const unknown = [...documented.keys()].filter((k) => !settings.has(k));
  assert.deepEqual(unknown, [], 'the README table names settings package.json does not have');
  for (const [key, spec] of settings) {
    assert.equal(documented.get(key), JSON.stringify(spec.default ?? null), `default of ${key}`);
  }
});

test('every relative link and image resolves to a file, every #anchor to a heading', () => {
  const anchors = new Set(headings(readme).map((h) => slug(h.text)));
  const found = links(readme);
  assert.ok(found.filter((l) => l.image).length >= 8, 'the page shows a screenshot per capability');
  for (const { target } of found) {
    if (/^(https?:|mailto:)/.test(target)) continue;
    if (target.startsWith('#')) {
      assert.ok(anchors.has(target.slice(1)), `no heading for ${target}`);
      continue;
    }
    const file = path.resolve(REPO, decodeURIComponent(target.split('#')[0]!));
    assert.ok(file.startsWith(REPO + path.sep), `${target} leaves the repository`);
    assert.ok(fs.existsSync(file), `${target} does not exist`);
  }
});

test('the anchors are GitHub\'s', () => {
  assert.equal(slug('Logs: where they show, and why'), 'logs-where-they-show-and-why');
  assert.equal(slug('Know before you upload: the local MWAA runtime'), 'know-before-you-upload-the-local-mwaa-runtime');
  assert.equal(slug('Try it without AWS'), 'try-it-without-aws');
});

test('every image is a UI screenshot listed in docs/screenshots.json, a PNG under 300 KB, and every listed one is shown', () => {
  const map = JSON.parse(readRepoFile('docs/screenshots.json')) as Record<string, string>;
  const images = Object.keys(map).filter((k) => !k.startsWith('$'));
  const shown = links(readme).filter((l) => l.image && !/^https?:/.test(l.target)).map((l) => l.target);
  for (const target of shown) {
    assert.match(target, /^docs\/images\/[a-z0-9-]+\.png$/, `${target}: README images live in docs/images/`);
    assert.ok(images.includes(path.basename(target)), `${target} is not in docs/screenshots.json (npm run screenshots would not refresh it)`);
  }
  assert.deepEqual(images.filter((i) => !shown.includes(`docs/images/${i}`)), [], 'listed in docs/screenshots.json but not shown');
  for (const image of images) {
    const bytes = fs.readFileSync(path.join(REPO, 'docs', 'images', image));
    const size = pngSize(bytes);
    assert.ok(size, `${image} is not a PNG`);
    assert.ok(size.width >= 800, `${image} is ${size.width} px wide`);
    assert.ok(bytes.length <= 300 * 1024, `${image} is ${(bytes.length / 1024).toFixed(0)} KB`);
  }
  const uiDir = path.join(REPO, 'test', 'ui');
  const patterns = screenshotPatterns(fs.readdirSync(uiDir).filter((f) => f.endsWith('.test.ts')).map((f) => fs.readFileSync(path.join(uiDir, f), 'utf8')));
  for (const image of images) {
    assert.ok(patterns.some((p) => p.test(map[image]!)), `${map[image]} (for ${image}) is taken by no test/ui test`);
  }
});

test('screenshot names are read from literal and template calls', () => {
  const patterns = screenshotPatterns(["await screenshot(page, 'runs-tree');", 'screenshot(page, `dag-view-af${major}-${t.toLowerCase()}-dark`)']);
  assert.equal(patterns.length, 2);
  assert.ok(patterns[0]!.test('runs-tree') && !patterns[0]!.test('runs-tree-failed'));
  assert.ok(patterns[1]!.test('dag-view-af2-graph-dark') && !patterns[1]!.test('dag-view-af2-graph-light'));
});

test('every npm script the page names exists, and every benchmark has a row in the Benchmarks table', () => {
  const named = [...readme.matchAll(/`npm run ([a-z0-9:-]+)/g)].map((m) => m[1]!);
  assert.ok(named.length >= 8);
  assert.deepEqual(named.filter((s) => !(s in pkg.scripts)), [], 'scripts named in README but missing in package.json');
  const rows = tableRows(section(readme, 'Benchmarks')).map((r) => r[0]!);
  const benches = Object.keys(pkg.scripts).filter((s) => s.startsWith('bench:'));
  assert.ok(benches.length >= 8);
  assert.deepEqual(benches.filter((b) => !rows.includes(`\`npm run ${b}\``)), [], 'benchmarks without a row in README Benchmarks');
});
