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
  // Issue #13: forms the redactor used to miss.
  ['token as url userinfo', 'git clone https://ghp_' + 'abcDEF123456@github.com/org/repo.git', /abcDEF123456/],
  ['password holding an @', 'pip: https://user:p@ss@pypi.example/simple', /p@ss|ss@pypi/],
  ['token as user of user:password', 'https://ghp_' + 'abcdefghijklmnop123456:x-oauth-basic@github.com/o/r', /abcdefghijklmnop123456/],
  ['private_token query', 'GET https://gitlab.example/api/v4/projects?private_token=glpat-s3cr3tvalue&page=2', /s3cr3tvalue/],
  ['access_token query', 'https://h.example/cb?state=1&access_token=ya29.s3cr3tvalue', /s3cr3tvalue/],
  ['azure sas sig', 'https://acct.blob.core.windows.net/c/b?sv=2022-11-02&sig=abc%2Bdef%3D', /abc%2Bdef/],
  ['gcs signed url', 'https://storage.googleapis.com/b/o?X-Goog-Algorithm=GOOG4-RSA-SHA256&X-Goog-Signature=0a1b2c3d4e5f', /0a1b2c3d4e5f/],
  ['amz credential', 'https://b.s3.amazonaws.com/k?X-Amz-Credential=sts%2Fsomething&X-Amz-Date=20250101T000000Z', /sts%2Fsomething/],
  ['secret=', 'config secret=shhh-very-secret-1', /shhh-very-secret-1/],
  ['api_key=', 'called with api_key=k3y-v4lue and apikey=other-v4lue', /k3y-v4lue|other-v4lue/],
  ['passwd with specials', 'passwd=a&b;c,d#e failed', /a&b;c,d#e|b;c,d#e/],
  ['password in a quote the line cut off', 'login password="hunter2 and then the line ends', /hunter2/],
  ['escaped quote in json password', '{"password":"p\\"ss-w0rd"}', /ss-w0rd/],
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

test('keeps the readable rest of a line around the secrets', () => {
  assert.equal(
    redact('GET https://h.example/p?a=1&access_token=xyz123&b=2#top -> 401'),
    'GET https://h.example/p?a=1&access_token=[redacted]&b=2#top -> 401',
  );
  assert.equal(redact('https://user:p@ss@pypi.example/simple'), 'https://user:[redacted]@pypi.example/simple');
  assert.equal(redact('https://ghp_' + 'abc123abc123abc123@github.com/o/r'), 'https://[redacted]@github.com/o/r');
  assert.equal(redact('{"apiKey":"v4lue","region":"us-east-1"}'), '{"apiKey":"[redacted]","region":"us-east-1"}');
});

test('leaves prose and ordinary URLs alone', () => {
  for (const text of [
    "AWS profile 'dev' has no credentials: add keys, SSO settings, a role or credential_process in ~/.aws/config.",
    'GET https://h.example/api/v1/dags?limit=100&offset=0&design=2 -> 200',
    'mail admin@example.com or see https://example.com/docs#auth',
    'ssh-style remote git@github.com:org/repo.git',
    'refusing to send credentials: the token API returned an unusable webserver host',
    'paging stops when nextToken == lastToken',
  ]) assert.equal(redact(text), text);
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
