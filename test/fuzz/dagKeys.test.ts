/**
 * S3 key mapping of a bound DAG folder (src/core/sync/dagKeys.ts): any path under the folder maps
 * to a key strictly under the prefix and back to the same path, or is refused with a
 * SyncPathError; no key or local path ever carries a `..` (or `.`, or empty) segment or lands
 * outside the folder, whatever the segments (dots, spaces, backslashes, unicode) and the prefix.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { dagKeyFor, dagPrefix, isUnderPrefix, localPathOfKey, relativePathOfKey, SyncPathError, type DagBinding } from '../../src/core/sync/dagKeys';
import { checkProperty, ISSUE_BOUNDS, stopWatchdog, unicodeText } from './fuzzHarness';

after(stopWatchdog);

const segment = fc.oneof(
  { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9_-]{1,12}(\.py)?$/) },
  { weight: 2, arbitrary: fc.constantFrom('.', '..', '', ' ', '...', '.hidden', 'a b.py', 'a\\b.py', '..\\x', 'C:', '%2e%2e', 'é.py', '😀', '\t', 'a\u0000b') },
  { weight: 1, arbitrary: unicodeText(8, 1).filter((s) => !s.includes('/')) },
);
const segments = fc.array(segment, { minLength: 0, maxLength: 8 });
const prefix = fc.oneof(fc.constantFrom('dags', '/dags/', 'team//dags', 'a/./b', '', '/', 'x/../y', '..', 'dags\\sub'), segments.map((s) => s.join('/')));
const FOLDER = path.resolve('/work/proj/dags');

/** Segments of a key after the prefix, or of a folder-relative path. */
function assertPlain(rel: string, what: string): void {
  for (const s of rel.split('/')) assert.ok(s !== '..' && s !== '.' && s !== '', `${what}: segment ${JSON.stringify(s)} in ${JSON.stringify(rel)}`);
}

function refusedOrThrow(err: unknown): void {
  if (!(err instanceof SyncPathError)) throw err;
}

test('fuzz: a path in the folder maps to a key under the prefix and back, or is refused', (t) => {
  checkProperty(t, 'dag keys, path -> key -> path', fc.record({ segs: segments, prefix }), ({ segs, prefix: p }, measure) => {
    const binding: DagBinding = { folder: FOLDER, bucket: 'b', prefix: p };
    const file = `${FOLDER}/${segs.join('/')}`;
    let key: string;
    try {
      key = measure('dagKeyFor', ISSUE_BOUNDS, () => dagKeyFor(file, binding));
    } catch (err) {
      return refusedOrThrow(err);
    }
    const normal = dagPrefix(p);
    assert.ok(key.startsWith(`${normal}/`), `key ${key} not under ${normal}/`);
    assertPlain(key.slice(normal.length + 1), 'key');
    assert.ok(isUnderPrefix(key, p), `isUnderPrefix(${key}) is false`);
    let back: string;
    try {
      back = localPathOfKey(key, binding);
    } catch (err) {
      return refusedOrThrow(err); // a backslash or drive letter: pulled by hand
    }
    assert.equal(back, path.resolve(file), 'the key does not map back to the file');
  }, { numRuns: 400 });
});

test('fuzz: any key maps to a path inside the folder, or is refused', (t) => {
  // Keys under the prefix as written, under its normal form, under another prefix, or any text.
  const input = fc.record({ prefix, segs: segments, how: fc.constantFrom('asWritten', 'normal', 'normal', 'other', 'text'), text: fc.string({ maxLength: 40 }) });
  checkProperty(t, 'dag keys, key -> path', input, ({ prefix: p, segs, how, text }, measure) => {
    let normal = 'dags';
    try {
      normal = dagPrefix(p);
    } catch {
      // an unusable prefix: every key must be refused
    }
    const k = how === 'text' ? text : `${how === 'asWritten' ? p : how === 'other' ? 'dags' : normal}/${segs.join('/')}`;
    let rel: string;
    try {
      rel = measure('relativePathOfKey', ISSUE_BOUNDS, () => relativePathOfKey(k, p));
    } catch (err) {
      return refusedOrThrow(err);
    }
    assertPlain(rel, 'relative path');
    try {
      const local = localPathOfKey(k, { folder: FOLDER, bucket: 'b', prefix: p });
      const inside = path.relative(FOLDER, local);
      assert.ok(inside !== '' && inside.split(path.sep)[0] !== '..' && !path.isAbsolute(inside), `key ${k} lands at ${local}, outside ${FOLDER}`);
      assert.equal(dagKeyFor(local, { folder: FOLDER, bucket: 'b', prefix: p }), `${normal}/${rel}`, 'the path does not map back to the key');
    } catch (err) {
      refusedOrThrow(err);
    }
  }, { numRuns: 400 });
});

test('fuzz: a DagS3Path is normalised to plain segments or refused', (t) => {
  checkProperty(t, 'dag keys, prefix', fc.oneof(prefix, fc.string({ maxLength: 30 })), (p, measure) => {
    let normal: string;
    try {
      normal = measure('dagPrefix', ISSUE_BOUNDS, () => dagPrefix(p));
    } catch (err) {
      return refusedOrThrow(err);
    }
    assert.ok(!normal.startsWith('/') && !normal.endsWith('/'), `prefix ${JSON.stringify(normal)}`);
    assertPlain(normal, 'prefix');
  }, { numRuns: 200 });
});
