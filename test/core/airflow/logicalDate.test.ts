import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logicalDateProblem } from '../../../src/core/airflow/logicalDate';

test('a logical date needs a timezone; empty means now', () => {
  assert.equal(logicalDateProblem(''), undefined);
  assert.equal(logicalDateProblem('  '), undefined);
  assert.equal(logicalDateProblem('2025-01-31T00:00:00Z'), undefined);
  assert.equal(logicalDateProblem('2025-01-31T00:00:00.123+02:00'), undefined);
  assert.match(logicalDateProblem('2025-01-31T00:00:00')!, /timezone/);
  assert.match(logicalDateProblem('2025-01-31')!, /ISO 8601/);
  assert.match(logicalDateProblem('2025-13-45T00:00:00Z')!, /ISO 8601/);
});
