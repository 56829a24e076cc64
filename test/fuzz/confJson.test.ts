/**
 * The DAG-run conf the user types (src/core/airflow/confJson.ts): any text, deeply nested JSON
 * (valid or cut off) included, gets an answer and never an exception, within the time and heap
 * bounds; valid objects parse like JSON.parse (those nested deeper than 100 levels are refused
 * with a message), anything else is refused with a position inside
 * the text whose line and column agree with it.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { lineColumn, parseConf } from '../../src/core/airflow/confJson';
import { checkProperty, clip, ISSUE_BOUNDS, stopWatchdog, unicodeText } from './fuzzHarness';

after(stopWatchdog);

/** Nested openers, optionally closed, optionally cut or broken at a random point. */
const deep = fc
  .record({
    opener: fc.constantFrom('[', '{"a":', '{"a":[', '[{"b":'),
    n: fc.oneof(fc.constantFrom(10_000, 100_000), fc.integer({ min: 1, max: 100_000 })),
    closed: fc.boolean(),
    cut: fc.option(fc.nat(), { nil: undefined }),
  })
  .map(({ opener, n, closed, cut }) => {
    const closer = [...opener].filter((c) => c === '[' || c === '{').reverse().map((c) => (c === '[' ? ']' : '}')).join('');
    const text = `{"conf":${opener.repeat(n)}1${closed ? closer.repeat(n) : ''}}`;
    return cut === undefined ? text : text.slice(0, cut % (text.length + 1));
  });

const anyText = fc.oneof(
  fc.json(),
  unicodeText(200),
  unicodeText(50),
  fc.json().map((j) => j.slice(0, Math.max(0, j.length - 1))),
  fc.tuple(fc.json(), fc.nat(), fc.string({ maxLength: 3 })).map(([j, at, junk]) => j.slice(0, at % (j.length + 1)) + junk + j.slice(at % (j.length + 1))),
  deep,
);

const MAX_CONF_DEPTH = 100;

/** Bracket depth outside strings (an independent count, not the product's). */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '[' || c === '{') max = Math.max(max, ++depth);
    else if (c === ']' || c === '}') depth--;
  }
  return max;
}

test('fuzz: parseConf answers every text, deep nesting included', (t) => {
  checkProperty(t, 'conf JSON', anyText, (text, measure) => {
    const r = measure('parseConf', ISSUE_BOUNDS, () => parseConf(text));
    let parsed: unknown;
    let valid = true;
    try {
      parsed = JSON.parse(text);
    } catch {
      valid = false;
    }
    if (text.trim() === '') return assert.ok(r.ok);
    if (valid && nestingDepth(text) > MAX_CONF_DEPTH) {
      // Deeper than any real conf (and than JSON.stringify can write back): refused, said why.
      assert.ok(!r.ok, 'a conf nested deeper than the cap accepted');
      return assert.match(r.message, /nests deeper than \d+ levels/);
    }
    if (valid) {
      const isObject = parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
      assert.equal(r.ok, isObject);
      if (r.ok) assert.deepEqual(r.conf, parsed);
      return;
    }
    assert.ok(!r.ok, 'invalid JSON accepted');
    assert.ok(r.message.length > 0 && r.message.length <= 400, `message of ${r.message.length} characters`);
    if (r.offset !== undefined) {
      assert.ok(r.offset >= 0 && r.offset <= text.length, `offset ${r.offset} outside 0..${text.length}`);
      assert.deepEqual({ line: r.line, column: r.column }, lineColumn(text, r.offset));
    }
  }, { numRuns: 402, describe: (s) => clip(JSON.stringify(s)), examples: ['['.repeat(100_000), `{"a":${'['.repeat(5000)}${']'.repeat(5000)}}`] });
});
