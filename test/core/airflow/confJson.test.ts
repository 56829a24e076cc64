import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseConf } from '../../../src/core/airflow/confJson';

test('empty input is an empty conf', () => {
  assert.deepEqual(parseConf('  '), { ok: true, conf: {} });
});

test('an object is accepted as is', () => {
  assert.deepEqual(parseConf('{"date": "2025-01-01", "n": 3, "nested": {"a": [1]}}'), { ok: true, conf: { date: '2025-01-01', n: 3, nested: { a: [1] } } });
});

test('malformed JSON reports the line and column of the error', () => {
  const r = parseConf('{\n  "a": 1,\n  "b": ,\n}');
  assert.equal(r.ok, false);
  assert.ok(!r.ok && r.line === 3 && r.column === 8, JSON.stringify(r));
  assert.ok(!r.ok && /line 3, column 8/.test(r.message));
});

test('a truncated object points at the end of the input', () => {
  const r = parseConf('{"a": 1');
  assert.ok(!r.ok && r.line === 1 && r.column === 8, JSON.stringify(r));
});

test('an escape at the very end of the input is located at the end', () => {
  const r = parseConf('{"a": "x\\');
  assert.ok(!r.ok && r.offset === 9, JSON.stringify(r));
});

test('non-objects are refused with a message saying what is expected', () => {
  for (const text of ['[1,2]', '"s"', '42', 'null']) {
    const r = parseConf(text);
    assert.ok(!r.ok && /must be a JSON object/.test(r.message), text);
  }
});

test('property: any text either parses like JSON.parse or yields a position inside it', async () => {
  const fc = await import('fast-check');
  const jsonish = fc.oneof(fc.json(), fc.string(), fc.json().map((j) => j.slice(0, Math.max(0, j.length - 1))), fc.json().map((j) => j.replace(/"/, "'")));
  fc.assert(
    fc.property(jsonish, (text) => {
      const r = parseConf(text);
      let valid = true;
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        valid = false;
      }
      if (text.trim() === '') return r.ok;
      if (!valid) return !r.ok && r.offset !== undefined && r.offset >= 0 && r.offset <= text.length;
      const isObject = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
      return r.ok === isObject;
    }),
    { numRuns: 2000 },
  );
});
