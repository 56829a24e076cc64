import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readSubmission } from '../../../../src/features/secrets/formSubmission';

const SECRET = 'pw-Zq9-never-echo';
const base = { type: 'save', connectionId: 'my_db', connType: 'postgres', host: ' db.example.com ', schema: '', login: 'app', password: SECRET, port: '5432', extra: '{"sslmode": "require"}' };

test('a filled form becomes connection fields: trimmed names, port as a number, extra as an object', () => {
  const r = readSubmission(base);
  assert.ok('submission' in r);
  assert.deepEqual(r.submission, {
    connectionId: 'my_db', keepPassword: false,
    fields: { connType: 'postgres', host: 'db.example.com', login: 'app', password: SECRET, port: 5432, extra: { sslmode: 'require' } },
  });
});

test('an empty password on Edit keeps the current one; the fixed id wins over what the page sent', () => {
  const r = readSubmission({ ...base, password: '', connectionId: 'other' }, 'my_db');
  assert.ok('submission' in r);
  assert.equal(r.submission.connectionId, 'my_db');
  assert.equal(r.submission.keepPassword, true);
  assert.equal('password' in r.submission.fields, false);
});

test('Extra that is not JSON says where it breaks, and never repeats what was typed', () => {
  const r = readSubmission({ ...base, extra: `{"token": "${SECRET}",}` });
  assert.ok('errors' in r);
  assert.equal(r.errors.length, 1);
  assert.equal(r.errors[0]!.field, 'extra');
  assert.match(r.errors[0]!.message, /^Extra is not valid JSON at line 1, column \d+/);
  assert.ok(!r.errors[0]!.message.includes(SECRET));
  for (const notObject of [`["${SECRET}"]`, `"${SECRET}"`, '42', 'null']) {
    const e = readSubmission({ ...base, extra: notObject });
    assert.ok('errors' in e, notObject);
    assert.match(e.errors[0]!.message, /^Extra must be a JSON object/);
    assert.ok(!e.errors[0]!.message.includes(SECRET));
  }
});

test('port, id and field types are checked; every problem is reported at once, by field', () => {
  for (const port of ['0', '65536', '-1', '80a', '1.5', '1e3', '99999999']) {
    const r = readSubmission({ ...base, port });
    assert.ok('errors' in r, port);
    assert.deepEqual(r.errors.map((e) => e.field), ['port'], port);
  }
  const r = readSubmission({ type: 'save', connectionId: '  ', connType: 'x', host: 42, port: 'x', extra: '[' });
  assert.ok('errors' in r);
  assert.deepEqual(r.errors.map((e) => e.field).sort(), ['connectionId', 'extra', 'host', 'port']);
  const long = readSubmission({ ...base, host: 'h'.repeat(2001) });
  assert.ok('errors' in long);
  assert.match(long.errors[0]!.message, /^Host is longer than 2000 characters/);
  for (const junk of [undefined, null, 'save', 42, []]) assert.ok('errors' in readSubmission(junk), String(junk));
});

test('empty optional fields are left out; an empty Extra object is no extra', () => {
  const r = readSubmission({ type: 'save', connectionId: 'c', connType: 'http', host: '', login: '', password: '', port: '', schema: '', extra: '  {} ' });
  assert.ok('submission' in r);
  assert.deepEqual(r.submission.fields, { connType: 'http' });
});
