import assert from 'node:assert/strict';
import { test } from 'node:test';
import { environmentKey, parseEnvironmentKey, readEnvironmentKey } from '../../../src/core/mwaa/environmentKey';

test('an environment key is JSON [profile, region, name] and parses back', () => {
  const env = { profile: 'dev', region: 'eu-west-1', name: 'analytics', status: 'AVAILABLE' };
  assert.equal(environmentKey(env), '["dev","eu-west-1","analytics"]');
  assert.deepEqual(parseEnvironmentKey(environmentKey(env)), { profile: 'dev', region: 'eu-west-1', name: 'analytics' });
  const odd = { profile: 'team "a"/dev', region: 'us-gov-west-1', name: 'prod ü,[x]' };
  assert.deepEqual(parseEnvironmentKey(environmentKey(odd)), odd);
});

test('anything but a JSON array of exactly three non-empty strings is not a key', () => {
  const notKeys = [
    '', 'analytics', '[', '{"profile":"dev","region":"eu-west-1","name":"x"}', '"dev"', 'null', '3',
    '[]', '["dev","eu-west-1"]', '["dev","eu-west-1","x","y"]', '["","eu-west-1","x"]', '["dev","eu-west-1",""]',
    '["dev","eu-west-1",3]', '["dev",null,"x"]', '[["dev"],"eu-west-1","x"]',
  ];
  for (const text of notKeys) assert.equal(parseEnvironmentKey(text), undefined, text);
});

test('keys longer than 1,000 characters are not parsed', () => {
  // A real region code: a key's region must be one (below).
  const keyOf = (length: number) => environmentKey({ profile: 'p', region: 'us-east-1', name: 'n'.repeat(length - '["p","us-east-1",""]'.length) });
  assert.equal(keyOf(1_000).length, 1_000);
  assert.deepEqual(parseEnvironmentKey(keyOf(1_000))?.name.length, 1_000 - '["p","us-east-1",""]'.length);
  assert.equal(parseEnvironmentKey(keyOf(1_001)), undefined);
});

test('a key whose region is not a region code is refused, with the reason', () => {
  for (const region of ['attacker.example/x#', 'eu-west-1.evil.example', 'eu-west-1/', 'EU-WEST-1', 'r']) {
    const key = JSON.stringify(['dev', region, 'analytics']);
    assert.equal(parseEnvironmentKey(key), undefined, key);
    const problem = readEnvironmentKey(key).problem ?? '';
    assert.ok(problem.includes(`"analytics" was named with region ${JSON.stringify(region)}, which is not an AWS region code`), problem);
  }
  // What is not shaped like a key has no problem to report (it may be a bare name).
  assert.deepEqual(readEnvironmentKey('analytics'), {});
  assert.deepEqual(readEnvironmentKey('["dev","eu-west-1","analytics"]'), { parts: { profile: 'dev', region: 'eu-west-1', name: 'analytics' } });
});
