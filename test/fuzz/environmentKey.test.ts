/**
 * Environment keys (src/core/mwaa/environmentKey.ts): a key built from any profile, region code
 * and name parses back to the same parts; parsing any text whatsoever (JSON of every shape,
 * random unicode, huge strings, non-strings from a command's arguments) never throws, and what
 * it returns is either nothing or three non-empty strings.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { environmentKey, parseEnvironmentKey } from '../../src/core/mwaa/environmentKey';
import { checkProperty, ISSUE_BOUNDS, stopWatchdog, unicodeText } from './fuzzHarness';

after(stopWatchdog);

const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-gov-west-1', 'cn-north-1', 'eu-central-2', 'il-central-1', 'ca-west-1'];
const part = fc.oneof(unicodeText(40, 1), unicodeText(20, 1), fc.constantFrom('default', 'my-env', '"', '\\', '[', 'a,b', '\u2028'));

test('fuzz: environmentKey -> parseEnvironmentKey round trip', (t) => {
  const parts = fc.record({ profile: part, region: fc.constantFrom(...REGIONS), name: part });
  checkProperty(t, 'environment key round trip', parts, (p, measure) => {
    const key = environmentKey(p);
    const back = measure('parseEnvironmentKey', ISSUE_BOUNDS, () => parseEnvironmentKey(key));
    // Keys over the length cap are refused as a whole; any other must come back as it went in.
    if (back === undefined) assert.ok(key.length > 1000, `key of ${key.length} characters refused: ${key.slice(0, 120)}`);
    else assert.deepEqual(back, { profile: p.profile, region: p.region, name: p.name });
  }, { numRuns: 300 });
});

test('fuzz: parseEnvironmentKey never throws', (t) => {
  const anything = fc.oneof(
    unicodeText(60),
    unicodeText(60),
    fc.json(),
    fc.array(fc.oneof(part, fc.integer(), fc.constant(null), fc.constant(''), fc.object()), { maxLength: 5 }).map((a) => JSON.stringify(a)),
    fc.nat({ max: 3_000_000 }).map((n) => JSON.stringify(['p', 'us-east-1', 'x'.repeat(n)])),
    fc.anything(),
  );
  checkProperty(t, 'environment key parse', anything, (value, measure) => {
    const r = measure('parseEnvironmentKey', ISSUE_BOUNDS, () => parseEnvironmentKey(value as string));
    if (r === undefined) return;
    for (const k of ['profile', 'region', 'name'] as const) assert.ok(typeof r[k] === 'string' && r[k] !== '', `${k} ${JSON.stringify(r[k])}`);
  }, { numRuns: 300 });
});
