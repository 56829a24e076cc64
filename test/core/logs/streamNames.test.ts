import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseTaskStreamName, runStreamPrefix, taskLogTemplateFor, taskStreamName, taskStreamPrefix } from '../../../src/core/logs/streamNames';

const attempt = { dagId: 'orders_etl', runId: 'manual__2025-01-01T00:00:00.123456+00:00', taskId: 'load', tryNumber: 2 };

test('Airflow 2.3+ and 3.x task streams use the dag_id= template with every colon replaced', () => {
  assert.equal(
    taskStreamName(attempt, 'current'),
    'dag_id=orders_etl/run_id=manual__2025-01-01T00_00_00.123456+00_00/task_id=load/attempt=2.log',
  );
});

test('mapped tasks carry map_index; unmapped (-1) do not', () => {
  assert.equal(taskStreamName({ ...attempt, mapIndex: 3 }, 'current'), 'dag_id=orders_etl/run_id=manual__2025-01-01T00_00_00.123456+00_00/task_id=load/map_index=3/attempt=2.log');
  assert.equal(taskStreamName({ ...attempt, mapIndex: -1 }, 'current'), taskStreamName(attempt, 'current'));
  assert.equal(taskStreamName({ ...attempt, mapIndex: 0 }, 'current').includes('/map_index=0/'), true);
});

test('Airflow 2.0-2.2 streams use the old template with the logical date', () => {
  assert.equal(
    taskStreamName({ ...attempt, logicalDate: '2025-01-01T00:00:00+00:00' }, 'legacy'),
    'orders_etl/load/2025-01-01T00_00_00+00_00/2.log',
  );
  assert.throws(() => taskStreamName(attempt, 'legacy'), /logical date/);
});

test('template by version, unknown versions treated as current', () => {
  assert.equal(taskLogTemplateFor('2.0.2'), 'legacy');
  assert.equal(taskLogTemplateFor('2.2.2'), 'legacy');
  assert.equal(taskLogTemplateFor('1.10.12'), 'legacy');
  assert.equal(taskLogTemplateFor('2.4.3'), 'current');
  assert.equal(taskLogTemplateFor('3.0.6'), 'current');
  assert.equal(taskLogTemplateFor('3.9.0'), 'current');
  assert.equal(taskLogTemplateFor('nightly'), 'current');
});

test('prefixes for a run and a task', () => {
  assert.equal(runStreamPrefix('d', 'scheduled__2025-01-01T00:00:00+00:00', 'current'), 'dag_id=d/run_id=scheduled__2025-01-01T00_00_00+00_00/');
  assert.equal(runStreamPrefix('d', 'r', 'legacy'), 'd/');
  assert.equal(taskStreamPrefix('d', 'r:1', 't'), 'dag_id=d/run_id=r_1/task_id=t/');
  assert.ok(taskStreamName(attempt, 'current').startsWith(taskStreamPrefix(attempt.dagId, attempt.runId, attempt.taskId)));
});

test('stream names parse back into their parts', () => {
  assert.deepEqual(parseTaskStreamName('dag_id=d/run_id=r_1/task_id=t/map_index=4/attempt=3.log'), { dagId: 'd', runId: 'r_1', taskId: 't', mapIndex: 4, tryNumber: 3 });
  assert.deepEqual(parseTaskStreamName('dag_id=d/run_id=r/task_id=t/attempt=1.log'), { dagId: 'd', runId: 'r', taskId: 't', tryNumber: 1 });
  assert.equal(parseTaskStreamName('scheduler_ip-10-0-0-1_1700000000.log'), undefined);
});
