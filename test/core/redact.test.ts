import assert from 'node:assert/strict';
import { test } from 'node:test';
import { redact, redactValue } from '../../src/core/redact';

const FAKE_KEY = 'AKIA' + 'IOSFODNN7EXAMPLE';
const FAKE_SECRET = 'wJalrXUtnFEMI/K7MDENG' + '/bPxRfiCYEXAMPLEKEY'; // AWS's documented example secret, split likewise // AWS's documented example key, split so no key-like literal is committed

const cases: [string, string, RegExp][] = [
  ['access key id', 'using ' + FAKE_KEY + ' for s3', new RegExp(FAKE_KEY)],
  ['temporary key id', 'key ASIAXYZXYZXYZXYZXYZ1 expired', /ASIAXYZXYZXYZXYZXYZ1/],
  ['ini secret', 'aws_secret_access_key = ' + FAKE_SECRET, /wJalrXUtnFEMI/],
  ['json session token', '{"SessionToken":"IQoJb3JpZ2luX2VjEHYaCXVz"}', /IQoJb3JpZ2luX2VjEHYaCXVz/],
  ['cli token field', '{"CliToken":"abc.def-ghi","WebServerHostname":"h.example"}', /abc\.def-ghi/],
  ['bearer header', 'Authorization: Bearer eyJhbGciOi.eyJzdWIiOi.sig', /eyJhbGciOi/],
  ['bearer anywhere', 'sent Bearer 0123456789abcdefXYZ to host', /0123456789abcdefXYZ/],
  ['console sso fragment', 'https://h.example/aws_mwaa/aws-console-sso?login=true#s3cr3tWebToken', /s3cr3tWebToken/],
  ['presigned url', 'https://b.s3.amazonaws.com/k?X-Amz-Signature=deadbeef123&X-Amz-Security-Token=tok456', /deadbeef123|tok456/],
  ['jwt', 'cookie value eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.c2lnbmF0dXJl', /eyJzdWIiOiJhZG1pbiJ9/],
  ['url credentials', '--index-url https://user:hunter2@pypi.example/simple', /hunter2/],
  ['airflow session cookie', 'Set-Cookie: session=.eJwlzjEOwjAMRuG7ZO; Path=/', /eJwlzjEOwjAMRuG7ZO/],
];

for (const [name, input, secret] of cases) {
  test(`redacts ${name}`, () => {
    const out = redact(input);
    assert.doesNotMatch(out, secret);
    assert.match(out, /\[redacted\]/);
  });
}

test('keeps ordinary text intact', () => {
  const text = 'GetEnvironment sandbox-af2 in us-east-1 returned AVAILABLE (Airflow 2.11.0) at s3://bucket/dags';
  assert.equal(redact(text), text);
});

test('keeps the name of what was redacted', () => {
  assert.equal(redact('password=abc123'), 'password=[redacted]');
  assert.equal(redact('https://u:p4ss@host/x'), 'https://u:[redacted]@host/x');
});

test('redacts secret-named fields of objects, at any depth', () => {
  const out = redactValue({ name: 'env', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, nested: { webToken: 'zzz' } });
  assert.match(out, /"name":"env"/);
  assert.doesNotMatch(out, /"y"|"zzz"/);
});

test('redacts errors and survives cycles', () => {
  assert.equal(redactValue(new Error('token=abcdef')), 'Error: token=[redacted]');
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  assert.equal(typeof redactValue(cyclic), 'string');
});
