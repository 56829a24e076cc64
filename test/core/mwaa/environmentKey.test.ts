import assert from 'node:assert/strict';
import { test } from 'node:test';
import { environmentKey, parseEnvironmentKey } from '../../../src/core/mwaa/environmentKey';

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
  const keyOf = (length: number) => environmentKey({ profile: 'p', region: 'r', name: 'n'.repeat(length - '["p","r",""]'.length) });
  assert.equal(keyOf(1_000).length, 1_000);
  assert.deepEqual(parseEnvironmentKey(keyOf(1_000))?.name.length, 1_000 - 12);
  assert.equal(parseEnvironmentKey(keyOf(1_001)), undefined);
});
