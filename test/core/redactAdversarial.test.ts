/**
 * The redactor stays linear on 256 KB adversarial lines (one CloudWatch event): runs where `\b`
 * offers a start at nearly every character (`a.a.a…`, `eyJaaaaa.eyJaaaaa.…`) used to make the
 * URL-scheme, JWT and console-SSO rules rescan the run from each start (3.8 s to 20 s). Each line
 * must take under 1 s, and a secret inside or after such a run must still be redacted.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import { redact } from '../../src/core/redact';

const MAX_CHARS = 256 * 1024;
const BOUND_MS = 1000;

const SHAPES = [
  'eyJaaaaa.', 'eyJhbGciOi.eyJzdWIi.', 'aws-console-sso?', 'aws-console-sso?a#"', 'a.', 'a-', 'a+', '.a', 'x.', 'eyJaa-',
  '-eyJaaaaa', 'x.https://', 'https://', 'a://', 'x://a:b@', ';a://', 'a:', ':@', '@', 'eyJa:', '\\eyJ', 'token="\\', 'token="\\\n',
  '{"password": ', '"secret":"', '?token=&', 'Bearer ', 'Authorization: ', 'AKIA', 'session=', 'a.token', ' a',
];

const repeated = (unit: string) => unit.repeat(Math.max(1, Math.floor(MAX_CHARS / unit.length)));

function timed(text: string): [string, number] {
  const start = performance.now();
  const out = redact(text);
  return [out, performance.now() - start];
}

for (const shape of SHAPES) {
  test(`redact: ${JSON.stringify(shape)} repeated to 256 KB takes under 1 s`, () => {
    const [, ms] = timed(repeated(shape));
    assert.ok(ms < BOUND_MS, `${ms.toFixed(0)} ms`);
  });
}

const JWT = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl';

test('redact: a secret after a 256 KB adversarial run is still redacted, under 1 s', () => {
  const secrets: [string, string, string][] = [
    ['jwt', ` ${JWT}`, 'eyJzdWIiOiJhZG1pbiJ9'],
    ['url userinfo', ' https://user:hunter2@pypi.example/simple', 'hunter2'],
    ['console sso', ' https://h.example/aws-console-sso?login=true#s3cr3tWebToken', 's3cr3tWebToken'],
  ];
  for (const shape of ['eyJaaaaa.', 'a.', 'a-', 'aws-console-sso?', 'a://']) {
    for (const [form, text, secret] of secrets) {
      const [out, ms] = timed(repeated(shape) + text);
      assert.ok(ms < BOUND_MS, `${form} after ${JSON.stringify(shape)}: ${ms.toFixed(0)} ms`);
      assert.ok(!out.includes(secret), `${form} after ${JSON.stringify(shape)} came out`);
    }
  }
});

test('redact: a secret starting inside a run that is not one is still found', () => {
  // The JWT rule skips the rest of a run whose first `eyJ` is no JWT; a JWT may still start after a dot.
  assert.equal(redact(`eyJab.${JWT}`), 'eyJab.[redacted]');
  assert.equal(redact('eyJaaaaa.bb.eyJccccc.ddddd.e'), 'eyJaaaaa.bb.[redacted]');
  assert.equal(redact(`x-${JWT}`), 'x-[redacted]');
  // The URL rule: a scheme after `-`, `.` or `+` still starts a URL, as before.
  assert.equal(redact('x-https://u:p4ss@host/x'), 'x-https://u:[redacted]@host/x');
  assert.equal(redact('a.b.c git+https://u:p4ss@host a.b://u:p4ss@h'), 'a.b.c git+https://u:[redacted]@host a.b://u:[redacted]@h');
  assert.equal(redact('a://nouser a://u:p4ss@host'), 'a://nouser a://u:[redacted]@host');
  // The console-SSO rule: a URL without the fragment does not hide a later one.
  assert.equal(
    redact('aws-console-sso?a aws-console-sso?b#tok3n aws-console-sso?c#"'),
    'aws-console-sso?a aws-console-sso?b#[redacted] aws-console-sso?c#"',
  );
  // A quoted value cut off after a backslash is redacted (it used to be left whole).
  assert.equal(redact('password="hunter2\\'), 'password="[redacted]"');
  assert.equal(redact('{"token": "abc\\\nnext'), '{"token": "[redacted]"\nnext');
});
