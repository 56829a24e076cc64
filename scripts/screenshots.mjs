#!/usr/bin/env node
// `npm run screenshots [-- --from DIR]`: refreshes the README's images in docs/images/ from the UI
// tier's screenshots (test-output/screenshots/, written by `npm test -- ui`). Which screenshot
// becomes which image is docs/screenshots.json, and nowhere else. Nothing is copied unless every
// screenshot is there: a half-refreshed page would mix two runs. Images stay under 300 KB (the
// Marketplace page loads them all): a larger one is downscaled with ImageMagick when installed.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MAX_BYTES = 300 * 1024;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const SAFE_NAME = /^[a-z0-9][a-z0-9-]*$/;
const SHOT_NAME = /^[A-Za-z0-9][A-Za-z0-9-]*$/;

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  process.stderr.write(`screenshots: ${message}\n`);
  process.exit(1);
}

/** @returns {Array<[string, string]>} [image file, screenshot name] */
function readMap() {
  const file = path.join(repo, 'docs', 'screenshots.json');
  /** @type {Record<string, unknown>} */
  const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  /** @type {Array<[string, string]>} */
  const entries = [];
  for (const [image, shot] of Object.entries(raw)) {
    if (image.startsWith('$')) continue;
    if (typeof shot !== 'string' || !SHOT_NAME.test(shot) || !SAFE_NAME.test(image.replace(/\.png$/, '')) || !image.endsWith('.png')) {
      fail(`docs/screenshots.json: "${image}": "${String(shot)}" is not <name>.png -> <screenshot name> (letters, digits, dashes; the image name in lower case)`);
    }
    entries.push([image, shot]);
  }
  return entries;
}

/** The UI test files that take a screenshot of this name (for the "missing" message). @param {string} shot */
function producers(shot) {
  const dir = path.join(repo, 'test', 'ui');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.test.ts') && fs.readFileSync(path.join(dir, f), 'utf8').includes(shot)).map((f) => `test/ui/${f}`);
}

/** @param {string} from @param {string} to */
function shrink(from, to) {
  for (const scale of [75, 60, 50]) {
    const r = spawnSync('convert', [from, '-resize', `${scale}%`, '-strip', '-define', 'png:compression-level=9', to], { stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.error) fail(`${path.basename(from)} is over ${MAX_BYTES / 1024} KB and ImageMagick's convert is not installed to downscale it (apt-get install imagemagick)`);
    if (r.status !== 0) fail(`convert failed on ${path.basename(from)}: ${r.stderr.toString().slice(0, 500)}`);
    if (fs.statSync(to).size <= MAX_BYTES) return scale;
  }
  return fail(`${path.basename(from)} stays over ${MAX_BYTES / 1024} KB at half size`);
}

const fromFlag = process.argv.indexOf('--from');
const source = fromFlag > 0 ? path.resolve(process.argv[fromFlag + 1] ?? '') : path.join(repo, 'test-output', 'screenshots');
const entries = readMap();
const missing = entries.filter(([, shot]) => !fs.existsSync(path.join(source, `${shot}.png`)));
if (missing.length > 0) {
  const lines = missing.map(([image, shot]) => `  ${shot}.png (for docs/images/${image}; taken by ${producers(shot).join(', ') || 'no test/ui file'})`);
  fail(`${missing.length} of ${entries.length} screenshots missing in ${path.relative(repo, source) || source}:\n${lines.join('\n')}\nrun those UI tests (npm test -- ui), then npm run screenshots again; nothing was copied`);
}
for (const [, shot] of entries) {
  const head = Buffer.alloc(8);
  const fd = fs.openSync(path.join(source, `${shot}.png`), 'r');
  fs.readSync(fd, head, 0, 8, 0);
  fs.closeSync(fd);
  if (!head.equals(PNG_SIGNATURE)) fail(`${shot}.png is not a PNG; nothing was copied`);
}
const target = path.join(repo, 'docs', 'images');
fs.mkdirSync(target, { recursive: true });
for (const [image, shot] of entries) {
  const from = path.join(source, `${shot}.png`);
  const to = path.join(target, image);
  const size = fs.statSync(from).size;
  if (size <= MAX_BYTES) fs.copyFileSync(from, to);
  const note = size <= MAX_BYTES ? '' : ` (downscaled to ${shrink(from, to)}%)`;
  process.stdout.write(`docs/images/${image} <- ${shot}.png, ${(fs.statSync(to).size / 1024).toFixed(0)} KB${note}\n`);
}
const wanted = new Set(entries.map(([image]) => image));
for (const stale of fs.readdirSync(target).filter((f) => f.endsWith('.png') && !wanted.has(f))) {
  fs.rmSync(path.join(target, stale));
  process.stdout.write(`docs/images/${stale} removed (no longer in docs/screenshots.json)\n`);
}
process.stdout.write(`screenshots: ${entries.length} images in docs/images\n`);
