import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  connectionFormatFor, formatConnectionSecret, parseConnectionSecret, validateConnectionFields, type ConnectionFields,
} from '../../../src/core/secrets/connectionFormat';

const SECRET = 'p@ss:w/rd#1 x+y%z';

function parsed(text: string, version?: string, opts: { fullUrlMode?: boolean } = {}) {
  const r = parseConnectionSecret(text, version, opts);
  if ('error' in r) assert.fail(`unexpected error: ${r.error}`);
  return r;
}

function parseError(text: string, version?: string, opts: { fullUrlMode?: boolean } = {}): string {
  const r = parseConnectionSecret(text, version, opts);
  if (!('error' in r)) assert.fail(`expected an error, got ${JSON.stringify(r)}`);
  assert.doesNotMatch(r.error, /w\/rd|supersecret/, 'an error never quotes the secret');
  return r.error;
}

test('format by provider version: JSON from 7.0.0 (inferred), URI before and when unknown', () => {
  assert.equal(connectionFormatFor(undefined), 'uri');
  assert.equal(connectionFormatFor('9.22.0'), 'json');
  assert.equal(connectionFormatFor('9.34.0'), 'json');
  assert.equal(connectionFormatFor('7.0.0'), 'json');
  assert.equal(connectionFormatFor('6.0.0'), 'uri');
  assert.equal(connectionFormatFor('2.4.0'), 'uri');
  assert.equal(connectionFormatFor('6.0.0', { fullUrlMode: false }), 'json', 'full_url_mode false reads JSON only');
  assert.equal(connectionFormatFor('not-a-version'), 'uri');
});

test('URI: Airflow get_uri encoding (quote with safe=""), dashes for underscores in the type', () => {
  const f: ConnectionFields = { connType: 'google_cloud_platform', host: 'db.example.com', login: 'u s', password: SECRET, port: 5432, schema: 'an/alytics' };
  const uri = formatConnectionSecret(f, 'uri');
  assert.equal(uri, 'google-cloud-platform://u%20s:p%40ss%3Aw%2Frd%231%20x%2By%25z@db.example.com:5432/an%2Falytics');
  assert.deepEqual(parsed(uri).fields, f);
});

test('URI: extras as a query when all strings, else __extra__ JSON; "/?" without a schema', () => {
  const flat = formatConnectionSecret({ connType: 'aws', extra: { region_name: 'eu-west-1', 'role arn': 'x' } }, 'uri');
  assert.equal(flat, 'aws:///?region_name=eu-west-1&role+arn=x');
  const nested: ConnectionFields = { connType: 'http', host: 'api.example.com', extra: { headers: { a: 1 }, verify: false } };
  const uri = formatConnectionSecret(nested, 'uri');
  assert.match(uri, /^http:\/\/api\.example\.com\/\?__extra__=%7B/);
  assert.deepEqual(parsed(uri).fields, nested);
  assert.deepEqual(parsed('aws://?region_name=eu-west-1').fields, { connType: 'aws', extra: { region_name: 'eu-west-1' } });
});

test('URI: a port with no host or login is written "@:port"; a host with its own protocol keeps it', () => {
  assert.equal(formatConnectionSecret({ connType: 'redis', port: 6379 }, 'uri'), 'redis://@:6379');
  assert.deepEqual(parsed('redis://@:6379').fields, { connType: 'redis', port: 6379 });
  const withProtocol: ConnectionFields = { connType: 'http', host: 'https://api.example.com', login: 'bot' };
  const uri = formatConnectionSecret(withProtocol, 'uri');
  assert.equal(uri, 'http://https://bot@api.example.com');
  assert.deepEqual(parsed(uri).fields, withProtocol);
});

test('URI parsing follows Python: host lower-cased, postgresql alias, last query value wins, "+" in userinfo kept', () => {
  const r = parsed('postgresql://Us+er:pw@DB.Example.com:5432/Sales?a=1&a=2&b=');
  assert.equal(r.format, 'uri');
  assert.deepEqual(r.fields, { connType: 'postgres', host: 'db.example.com', login: 'Us+er', password: 'pw', port: 5432, schema: 'Sales', extra: { a: '2', b: '' } });
});

test('URI errors: no scheme, "#", bad port, capital type, three "://" (never quoting the text)', () => {
  assert.match(parseError('just-a-supersecret-string'), /neither JSON nor a connection URI/);
  assert.match(parseError(`postgres://u:${SECRET}@h/db`), /%23/);
  assert.match(parseError('postgres://u:supersecret@h:notaport/db'), /port is not a number/);
  assert.match(parseError('Postgres://u:supersecret@h/db'), /lower case/);
  assert.match(parseError('a://b://c://supersecret'), /more than two/);
  assert.match(parseError('postgres://h:70000'), /outside 0-65535/);
  assert.match(parseError('   '), /empty/);
});

test('JSON (provider >= 7): alias names, string port, extra as object or JSON text', () => {
  const text = JSON.stringify({ engine: 'postgres', user: 'u', pass: 'supersecret', server: 'h', port: '5432', database: 'd', extra: '{"sslmode":"require"}', note: 'ignored' });
  const r = parsed(text, '9.22.0');
  assert.equal(r.format, 'json');
  assert.deepEqual(r.fields, { connType: 'postgres', login: 'u', password: 'supersecret', host: 'h', port: 5432, schema: 'd', extra: { sslmode: 'require' } });
  const f: ConnectionFields = { connType: 'aws', extra: { region_name: 'us-east-1' }, login: 'AKIDEXAMPLE', password: 'x' };
  assert.deepEqual(parsed(formatConnectionSecret(f, 'json'), '9.34.0').fields, f);
});

test('JSON errors: invalid JSON, no conn_type, bad port, bad extra', () => {
  assert.match(parseError('{"conn_type": "x", password: supersecret}', '9.22.0'), /not a valid JSON object \(error at character \d+\)/);
  assert.match(parseError('{"host": "h"}', '9.22.0'), /no conn_type/);
  assert.match(parseError('{"conn_type": "x", "port": "54a"}', '9.22.0'), /whole number/);
  assert.match(parseError('{"conn_type": "x", "extra": "nope"}', '9.22.0'), /not a JSON object/);
  assert.match(parseError('{"conn_type": "x", "extra": [1]}', '9.22.0'), /must be an object/);
});

test('JSON by provider version: URIs only before 6.0.0; Airflow\'s own names only with 6.x', () => {
  const json = JSON.stringify({ conn_type: 'postgres', login: 'u', password: 'supersecret', host: 'h' });
  assert.match(parseError(json, '2.4.0'), /reads connection secrets as URIs only.*7\.0\.0/);
  assert.deepEqual(parsed(json, '6.0.0').fields, { connType: 'postgres', login: 'u', password: 'supersecret', host: 'h' });
  assert.match(parseError(JSON.stringify({ conn_type: 'postgres', user: 'u' }), '6.0.0'), /rename or remove "user"/);
  assert.deepEqual(parsed(JSON.stringify({ conn_type: 'postgres', user: 'u' }), '6.0.0', { fullUrlMode: false }).fields, { connType: 'postgres', login: 'u' });
  assert.match(parseError('postgres://u:supersecret@h/db', '6.0.0', { fullUrlMode: false }), /reads JSON connection secrets only/);
  assert.equal(parsed('postgres://u:p@h/db', '9.22.0', { fullUrlMode: false }).format, 'uri', 'full_url_mode means nothing from 7.0.0');
});

test('validateConnectionFields: each field\'s rule, never a value', () => {
  assert.deepEqual(validateConnectionFields({ connType: 'postgres', host: 'h', port: 5432, extra: { a: 1 } }), []);
  const problems = validateConnectionFields({ connType: 'bad type!', host: 'has space', port: 70000, extra: [] as never, password: 'supersecret' });
  assert.equal(problems.length, 4);
  assert.doesNotMatch(problems.join(' '), /supersecret|has space/);
  assert.match(validateConnectionFields({ connType: '' })[0]!, /type is required/);
  assert.match(validateConnectionFields({ connType: 'x', password: 'y'.repeat(70_000) }).join(' '), /too long/);
});

test('URI extras that read as JSON stay strings: written as __extra__; Airflow 3 decodes flat query values', () => {
  const f: ConnectionFields = { connType: 'http', host: 'h', extra: { timeout: '5', mode: 'fast' } };
  const uri = formatConnectionSecret(f, 'uri');
  assert.match(uri, /__extra__=/);
  assert.deepEqual(parsed(uri).fields, f);
  assert.deepEqual(parseConnectionSecret('http://h/?timeout=5&mode=fast&opts=%7B%22a%22%3A1%7D', undefined, { airflowMajor: 3 }), {
    format: 'uri', fields: { connType: 'http', host: 'h', extra: { timeout: 5, mode: 'fast', opts: { a: 1 } } },
  });
  assert.deepEqual(parsed('http://h/?timeout=5').fields.extra, { timeout: '5' }, 'Airflow 2 keeps strings');
});
