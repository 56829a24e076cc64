import assert from 'node:assert/strict';
import { test } from 'node:test';
import { tailStopAdvice } from '../../../src/core/logs/tailAdvice';

test('a stopped tail says what to do next for the errors users hit', () => {
  assert.match(tailStopAdvice('The specified log group does not exist.')!, /monitoring settings/);
  assert.match(tailStopAdvice('AccessDeniedException: User is not authorized to perform: logs:FilterLogEvents')!, /logs:FilterLogEvents/);
  assert.match(tailStopAdvice('The security token included in the request is expired')!, /sign in again/);
  assert.match(tailStopAdvice('connect ECONNREFUSED 127.0.0.1:4566')!, /network or endpoint/);
  assert.equal(tailStopAdvice('something unforeseen'), undefined);
});
