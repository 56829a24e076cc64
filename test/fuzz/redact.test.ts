/**
 * The redactor (src/core/redact.ts) on random secrets embedded in URL userinfo, secret-named
 * query parameters and JSON (as text, and as objects through redactValue), inside random
 * surrounding text: neither the secret nor any 12-character piece of it comes out, and every call
 * stays within the time and heap bounds.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { redact, redactValue } from '../../src/core/redact';
import { checkProperty, clip, ISSUE_BOUNDS, stopWatchdog, unicodeText } from './fuzzHarness';

after(stopWatchdog);

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const chars = (alphabet: string, minLength = 12, maxLength = 40) => fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });
const TOKEN = chars(ALNUM + '_-.~');
// Unencoded in userinfo: sub-delimiters, `:` and `@` too (pip and git accept them).
const USERINFO = chars(ALNUM + "-._~!$&'()*+,;=:@%");
const QUERY_VALUE = chars(ALNUM + '-._~%+/=');
const PRINTABLE = chars([...Array(95)].map((_, i) => String.fromCharCode(32 + i)).join(''));
/** Secret-bearing names: query parameters and JSON/INI keys (issue #13's list), any letter case. */
const NAMES = [
  'token', 'access_token', 'private_token', 'refresh_token', 'sig', 'X-Goog-Signature', 'X-Goog-Credential', 'X-Amz-Signature',
  'X-Amz-Credential', 'X-Amz-Security-Token', 'password', 'passwd', 'secret', 'client_secret', 'api_key', 'apikey', 'apiKey',
  'sessionToken', 'aws_secret_access_key',
];
const name = fc.tuple(fc.constantFrom(...NAMES), fc.array(fc.boolean(), { minLength: 30, maxLength: 30 }))
  .map(([n, up]) => [...n].map((c, i) => (up[i] ? c.toUpperCase() : c.toLowerCase())).join(''));
/** Text around the secret: log-line words, random unicode, nothing that continues a URL or value. */
const noise = fc.oneof(fc.constantFrom('', 'GET ', 'error: ', 'pip install -i ', '[2026-01-01T00:00:00Z] ', 'x '), unicodeText(12).map((s) => `${s} `));

interface Case {
  readonly form: string;
  readonly secret: string;
  readonly text: string;
}

const cases: fc.Arbitrary<Case> = fc.oneof(
  fc.tuple(TOKEN, fc.constantFrom('https', 'git+https', 'http')).map(([s, scheme]) => ({ form: 'token as URL userinfo', secret: s, text: `${scheme}://${s}@git.example/org/repo.git` })),
  fc.tuple(chars('abcdefghij', 1, 8), USERINFO).map(([u, s]) => ({ form: 'user:password userinfo', secret: s, text: `https://${u}:${s}@pypi.example/simple/` })),
  // A user name is not a secret; one as long as a token is one (GitHub's `<token>:x-oauth-basic`).
  chars(ALNUM, 20, 48).map((s) => ({ form: 'token as the user of user:password', secret: s, text: `https://${s}:x-oauth-basic@github.com/o/r.git` })),
  fc.tuple(name, QUERY_VALUE, fc.boolean()).map(([n, s, first]) => ({ form: `query ${n}`, secret: s, text: `https://h.example/p?${first ? '' : 'a=1&'}${n}=${s}&b=2#top` })),
  fc.tuple(name, PRINTABLE, fc.boolean()).map(([n, s, pretty]) => ({ form: `JSON ${n}`, secret: s, text: JSON.stringify({ ok: true, [n]: s, n: 1 }, null, pretty ? 2 : undefined) })),
  fc.tuple(name, PRINTABLE).map(([n, s]) => ({ form: `nested JSON ${n}`, secret: s, text: JSON.stringify({ outer: { list: [{ [n]: s }] } }) })),
);

/** The secret, its JSON-escaped form and each 12-character piece that is not also in the text around it. */
function leaks(out: string, c: Case, around: string): string | undefined {
  const escaped = JSON.stringify(c.secret).slice(1, -1);
  for (const whole of [c.secret, escaped]) if (out.includes(whole)) return whole;
  for (let i = 0; i + 12 <= c.secret.length; i++) {
    const piece = c.secret.slice(i, i + 12);
    if (out.includes(piece) && !around.includes(piece)) return piece;
  }
  return undefined;
}

test('fuzz: redact never lets an embedded secret through', (t) => {
  checkProperty(t, 'redact, embedded secrets', fc.tuple(cases, noise, noise), ([c, before, after], measure) => {
    const input = `${before}${c.text}${after}`;
    const around = input.split(c.secret).join('\u0000');
    const out = measure('redact', ISSUE_BOUNDS, () => redact(input));
    const leaked = leaks(out, c, around);
    assert.equal(leaked, undefined, `${c.form}: ${JSON.stringify(leaked)} came out: ${clip(out, 300)}`);
    const viaError = measure('redactValue(Error)', ISSUE_BOUNDS, () => redactValue(new Error(input)));
    assert.equal(leaks(viaError, c, around), undefined, `${c.form} in an Error: ${clip(viaError, 300)}`);
    const viaObject = measure('redactValue(object)', ISSUE_BOUNDS, () => redactValue({ detail: input, ok: true }));
    assert.equal(leaks(viaObject, c, around), undefined, `${c.form} in an object field: ${clip(viaObject, 300)}`);
  }, { numRuns: 400, describe: ([c, b, a]) => clip(JSON.stringify({ form: c.form, text: b + c.text + a })) });
});

test('fuzz: redactValue drops secret-named fields at any depth', (t) => {
  const obj = fc.tuple(name, PRINTABLE, fc.nat({ max: 5 })).map(([n, s, depth]) => {
    let value: unknown = { [n]: s, other: 'visible' };
    for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { level: i, inner: value };
    return { secret: s, value };
  });
  checkProperty(t, 'redactValue, secret fields', obj, ({ secret, value }, measure) => {
    const out = measure('redactValue', ISSUE_BOUNDS, () => redactValue(value));
    assert.ok(!out.includes(secret) && !out.includes(JSON.stringify(secret).slice(1, -1)), `secret came out: ${clip(out, 300)}`);
    assert.ok(out.includes('visible'), 'the other fields are kept');
  }, { numRuns: 300 });
});
