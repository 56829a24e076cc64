import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MfaCodes, mfaPromptText, validateMfaCode, type MfaQuestion } from '../../../src/core/aws/mfa';

test('six digits only', () => {
  assert.equal(validateMfaCode('123456'), undefined);
  assert.equal(validateMfaCode(' 123456 '), undefined);
  for (const bad of ['12345', '1234567', 'abcdef', '12 456', '']) assert.match(validateMfaCode(bad)!, /6-digit code/);
});

test('the box names the device and the profile', () => {
  assert.deepEqual(mfaPromptText({ profile: 'prod', serial: 'arn:aws:iam::123456789012:mfa/me' }), {
    title: "MFA code for AWS profile 'prod'", prompt: 'Code from MFA device arn:aws:iam::123456789012:mfa/me',
  });
});

test('questions are asked one at a time; the code goes to the SDK trimmed', async () => {
  let open = 0;
  let maxOpen = 0;
  const asked: MfaQuestion[] = [];
  const codes = new MfaCodes(async (q) => {
    asked.push(q);
    maxOpen = Math.max(maxOpen, ++open);
    await new Promise((r) => setTimeout(r, 5));
    open--;
    return ' 654321 ';
  });
  const results = await Promise.all([codes.provider('a')('serial-a'), codes.provider('b')('serial-b')]);
  assert.deepEqual(results, ['654321', '654321']);
  assert.equal(maxOpen, 1);
  assert.deepEqual(asked.map((q) => q.profile), ['a', 'b']);
});

test('cancel: a clear error, and no new box for that profile until reset (no retry storm)', async () => {
  let asks = 0;
  const codes = new MfaCodes(async () => (asks++, undefined), 'mwaa.refreshEnvironments');
  const ask = codes.provider('prod');
  await assert.rejects(ask('arn:mfa/me'), (e: Error & { actions?: unknown[] }) =>
    /No MFA code was entered for AWS profile 'prod' \(device arn:mfa\/me\).*Refresh to be asked again/.test(e.message) && (e.actions?.length ?? 0) === 1);
  for (let i = 0; i < 5; i++) await assert.rejects(ask('arn:mfa/me'), /No MFA code was entered/);
  assert.equal(asks, 1);
  codes.reset();
  await assert.rejects(ask('arn:mfa/me'));
  assert.equal(asks, 2);
});

test('a code that is not 6 digits is refused without reaching STS', async () => {
  const codes = new MfaCodes(async () => '12ab56');
  await assert.rejects(codes.provider('p')('s'), /must be 6 digits/);
});
