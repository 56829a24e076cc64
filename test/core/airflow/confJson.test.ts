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

/** parseConf's answer and how long it took. */
function timed(text: string) {
  const t0 = performance.now();
  const r = parseConf(text);
  return { r, ms: performance.now() - t0 };
}

test('100,000 levels of nesting, valid or not, get the nesting error (not a RangeError) in under a second', () => {
  const n = 100_000;
  const texts = [
    '['.repeat(n),
    '{"a":'.repeat(n),
    `${'[{"b":'.repeat(n)}1`,
    `{"a":${'['.repeat(n)}1${']'.repeat(n)}}`,
    `{"a":${'{"b":'.repeat(n)}1${'}'.repeat(n)}}`,
    `{"a":${'['.repeat(n)}1${']'.repeat(n - 1)}}}`,
  ];
  for (const text of texts) {
    const { r, ms } = timed(text);
    assert.ok(ms < 1000, `${ms.toFixed(0)} ms for ${text.slice(0, 20)}…`);
    assert.ok(!r.ok && /^The conf nests deeper than 100 levels \(line 1, column \d+\)$/.test(r.message), JSON.stringify(r).slice(0, 300));
    // The position is the bracket that opens level 101.
    assert.ok(!r.ok && r.offset !== undefined && r.line === 1 && r.column === r.offset + 1 && '[{'.includes(text[r.offset]!), JSON.stringify(r).slice(0, 300));
    assert.equal(text.slice(0, r.offset!).split('').filter((c) => c === '[' || c === '{').length, 100);
  }
});

test('nesting up to 100 levels is accepted; level 101 is refused at its bracket', () => {
  const at = (depth: number) => `{"a":${'['.repeat(depth - 1)}1${']'.repeat(depth - 1)}}`;
  const r100 = parseConf(at(100));
  assert.ok(r100.ok, JSON.stringify(r100));
  const r101 = parseConf(at(101));
  assert.deepEqual(r101, { ok: false, message: 'The conf nests deeper than 100 levels (line 1, column 105)', line: 1, column: 105, offset: 104 });
  // Brackets inside strings (escaped quotes included) do not count.
  assert.ok(parseConf(`{"a": "\\"${'['.repeat(1000)}"}`).ok);
});

test('a syntax error before the too-deep part is still reported as the syntax error', () => {
  const r = parseConf(`{"a": x, "b": ${'['.repeat(1000)}}`);
  assert.ok(!r.ok && r.offset === 6 && r.message === 'Invalid JSON at line 1, column 7: expected a value, found "x"', JSON.stringify(r));
});
