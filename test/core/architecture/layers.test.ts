/**
 * The layering the README's Layout section describes, checked on the sources: data flows from
 * core up through services to features, never back; features do not reach into each other; no
 * module is over 400 lines; no import cycle. (ESLint holds the same import boundaries in the
 * editor; this test also sees cycles and sizes.)
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { findCycles, importGraph, REPO, resolveLocal, sourceFiles, specifiers, SRC } from './importGraph';

const rel = (f: string) => path.relative(REPO, f).split(path.sep).join('/');
const files = sourceFiles();
const layerOf = (f: string) => rel(f).split('/')[1];
const featureOf = (f: string) => (rel(f).startsWith('src/features/') ? rel(f).split('/')[2] : undefined);

test('the graph is read from the real sources', () => {
  assert.ok(files.length > 150, `only ${files.length} source files found under ${SRC}`);
  assert.ok(importGraph(files).get(path.join(SRC, 'extension.ts'))!.some((t) => rel(t) === 'src/services/services.ts'));
});

test('no import cycle in src', () => {
  const cycles = findCycles(importGraph(files)).map((c) => c.map(rel).join(' -> '));
  assert.deepEqual(cycles, []);
});

test('findCycles finds a cycle', () => {
  assert.deepEqual(findCycles(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]])), [['a', 'b', 'c', 'a']]);
  assert.deepEqual(findCycles(new Map([['a', ['b']], ['b', []], ['c', ['b']]])), []);
});

test('the core imports no editor API and nothing above it', () => {
  const bad = files.filter((f) => layerOf(f) === 'core').flatMap((f) => specifiers(f)
    .filter((s) => s === 'vscode' || ['host', 'services', 'features'].includes(layerOf(resolveLocal(f, s) ?? '') ?? ''))
    .map((s) => `${rel(f)} imports ${s}`));
  assert.deepEqual(bad, []);
});

test('host and services import no feature', () => {
  const bad = files.filter((f) => ['host', 'services'].includes(layerOf(f)!)).flatMap((f) => specifiers(f)
    .filter((s) => featureOf(resolveLocal(f, s) ?? '') !== undefined).map((s) => `${rel(f)} imports ${s}`));
  assert.deepEqual(bad, []);
});

test('a feature imports no other feature', () => {
  const bad = files.filter((f) => featureOf(f)).flatMap((f) => specifiers(f).filter((s) => {
    const target = featureOf(resolveLocal(f, s) ?? '');
    return target !== undefined && target !== featureOf(f);
  }).map((s) => `${rel(f)} imports ${s}`));
  assert.deepEqual(bad, []);
});

test('no source module is over 400 lines', () => {
  const lines = (text: string) => text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  const big = files.map((f) => [rel(f), lines(fs.readFileSync(f, 'utf8'))] as const).filter(([, n]) => n > 400);
  assert.deepEqual(big, []);
});

test('every lazy bundle entry exists, is required lazily, and is never imported as a value', () => {
  const { bundles } = JSON.parse(fs.readFileSync(path.join(SRC, 'lazyBundles.json'), 'utf8')) as { bundles: { name: string; entry: string }[] };
  assert.ok(bundles.length >= 5);
  for (const b of bundles) {
    const entry = path.join(REPO, b.entry);
    assert.ok(fs.existsSync(entry), `${b.name}: ${b.entry} does not exist`);
    const refs = files.filter((f) => f !== entry).flatMap((f) => moduleReferences(f).filter((r) => resolveLocal(f, r.spec) === entry).map((r) => ({ file: rel(f), kind: r.kind })));
    assert.ok(refs.some((r) => r.kind === 'require'), `${b.name}: nothing requires ${b.entry} lazily`);
    // A value import would put the bundle's code into the importer's bundle as well (or load it early).
    assert.deepEqual(refs.filter((r) => r.kind === 'value'), [], `${b.name}: imported as a value`);
  }
});

/** References by kind: `import type` (erased), a literal `require()` (lazy), anything else (value). */
function moduleReferences(file: string): { spec: string; kind: 'type' | 'require' | 'value' }[] {
  const text = fs.readFileSync(file, 'utf8');
  const out: { spec: string; kind: 'type' | 'require' | 'value' }[] = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s)?[^'";]*?from\s+['"]([^'"]+)['"]/gm)) out.push({ spec: m[3]!, kind: m[2] ? 'type' : 'value' });
  for (const m of text.matchAll(/require\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push({ spec: m[1]!, kind: 'require' });
  return out;
}
