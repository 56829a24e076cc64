import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeError, isCancellation, isUserFacingError, UserFacingError } from '../../src/core/errors';

const FAKE_KEY = 'AKIA' + 'IOSFODNN7EXAMPLE'; // AWS's documented example key, split so no key-like literal is committed

test('recognises the ways work is cancelled', () => {
  const ac = new AbortController();
  ac.abort();
  let aborted: unknown;
  try {
    ac.signal.throwIfAborted();
  } catch (e) {
    aborted = e;
  }
  assert.equal(isCancellation(aborted), true);
  const vscodeStyle = Object.assign(new Error('Canceled'), { name: 'Canceled' });
  assert.equal(isCancellation(vscodeStyle), true);
  assert.equal(isCancellation({ name: 'AbortError', message: 'Request aborted' }), true);
});

test('does not mistake failures for cancellation', () => {
  assert.equal(isCancellation(new Error('ThrottlingException: Rate exceeded')), false);
  assert.equal(isCancellation(Object.assign(new Error('x'), { name: 'AccessDeniedException' })), false);
  assert.equal(isCancellation('Canceled'), false);
  assert.equal(isCancellation(undefined), false);
});

test('describes errors on one line with their kind, redacted', () => {
  const e = Object.assign(new Error('User is not authorized, key ' + FAKE_KEY), { name: 'AccessDeniedException' });
  assert.equal(describeError(e), 'AccessDeniedException: User is not authorized, key [redacted]');
  assert.equal(describeError(new Error('plain')), 'plain');
  assert.equal(describeError(new UserFacingError('Run aws sso login --profile dev')), 'Run aws sso login --profile dev');
  assert.equal(describeError('a string'), 'a string');
  assert.equal(describeError({ code: 42 }), '{"code":42}');
});

test('a UserFacingError is recognised by its brand, even from another bundle\'s copy of the class', () => {
  const own = new UserFacingError('x', [{ label: 'Fix', command: 'c' }]);
  assert.equal(isUserFacingError(own), true);
  // What a second bundle's class produces: same brand in the global symbol registry, other prototype.
  const foreign = Object.assign(new Error('Run aws sso login'), { name: 'UserFacingError', actions: [], [Symbol.for('mwaa-toolkit.UserFacingError')]: true });
  assert.equal(isUserFacingError(foreign), true);
  assert.equal(describeError(foreign), 'Run aws sso login');
  assert.equal(isUserFacingError(Object.assign(new Error('look-alike'), { name: 'UserFacingError' })), false);
  assert.equal(isUserFacingError(undefined), false);
});
