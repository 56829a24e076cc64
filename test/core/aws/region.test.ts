import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRegionCode, quoteRegion, requireRegionCode } from '../../../src/core/aws/region';
import { UserFacingError } from '../../../src/core/errors';

test('region codes pass; anything that could change a host name does not', () => {
  for (const ok of ['us-east-1', 'eu-west-1', 'us-gov-west-1', 'cn-north-1', 'ap-southeast-2', 'il-central-1', 'us-isob-east-1']) {
    assert.equal(isRegionCode(ok), true, ok);
  }
  const bad = [
    'attacker.example/x#', 'eu-west-1.attacker.example', 'eu-west-1/', 'eu-west-1#', 'eu-west-1?x', 'eu-west-1@evil', 'EU-WEST-1',
    ' eu-west-1', 'eu-west-1 ', 'eu-west-12', 'moon-1', 'eu', '', `${'a'.repeat(40)}-west-1`, 'eu-west-1\n', undefined, null, 7,
  ];
  for (const value of bad) assert.equal(isRegionCode(value), false, JSON.stringify(value));
});

test('a refused region is named (quoted and cut short) with where it came from', () => {
  assert.equal(requireRegionCode('eu-west-1', 'anywhere'), 'eu-west-1');
  assert.throws(() => requireRegionCode('attacker.example/x#', 'the proposed binding'), (e: unknown) => {
    assert.ok(e instanceof UserFacingError);
    assert.match(e.message, /region "attacker\.example\/x#" \(the proposed binding\): it is not a region code such as "eu-west-1"/);
    return true;
  });
  assert.equal(quoteRegion('x'.repeat(500)).length, 63);
  assert.equal(quoteRegion('a\nb'), '"a\\nb"');
});
