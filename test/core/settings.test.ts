import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseProposedBinding, parseSettings } from '../../src/core/settings';

const reader = (values: Record<string, unknown>) => (key: string) => values[key];

test('defaults when nothing is set', () => {
  assert.deepEqual(parseSettings(reader({})), { settings: { regions: [], endpoints: {} }, problems: [] });
});

test('keeps valid regions once, reports the rest', () => {
  const { settings, problems } = parseSettings(reader({ regions: ['us-east-1', ' eu-west-1 ', 'us-east-1', 'moon-1', 7] }));
  assert.deepEqual(settings.regions, ['us-east-1', 'eu-west-1']);
  assert.equal(problems.length, 2);
  assert.match(problems[0]!.message, /moon-1/);
});

test('regions of the wrong type fall back to the default with a problem', () => {
  const { settings, problems } = parseSettings(reader({ regions: 'us-east-1' }));
  assert.deepEqual(settings.regions, []);
  assert.equal(problems[0]!.key, 'mwaa.regions');
});

test('endpoint overrides: http(s) only, known services only, trailing slash dropped', () => {
  const { settings, problems } = parseSettings(reader({ endpoints: { mwaa: 'http://127.0.0.1:4566/', s3: 'ftp://x', sqs: 'http://y' } }));
  assert.deepEqual(settings.endpoints, { mwaa: 'http://127.0.0.1:4566' });
  assert.deepEqual(problems.map((p) => p.key).sort(), ['mwaa.endpoints.s3', 'mwaa.endpoints.sqs']);
});

test('a proposed binding keeps a region code; any other region is left out with the reason, never passed on', () => {
  assert.deepEqual(parseProposedBinding({ environment: 'analytics', profile: 'dev', region: 'eu-west-1' }), { environment: 'analytics', profile: 'dev', region: 'eu-west-1' });
  assert.deepEqual(parseProposedBinding({ environment: 'analytics', profile: 'dev', region: 'attacker.example/x#' }), {
    environment: 'analytics', profile: 'dev', problem: 'its region "attacker.example/x#" is not an AWS region code such as "eu-west-1"',
  });
  assert.equal(parseProposedBinding({ environment: 'analytics', region: 'eu-west-1.evil.example' })?.region, undefined);
  assert.deepEqual(parseProposedBinding({ environment: 'analytics' }), { environment: 'analytics' });
});

test('mwaa.regions takes the same region codes as every other entry point', () => {
  const { settings, problems } = parseSettings(reader({ regions: ['eu-west-1', 'attacker.example/x#', 'eu-west-1.evil.example'] }));
  assert.deepEqual(settings.regions, ['eu-west-1']);
  assert.equal(problems.length, 2);
});
