import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attemptsFromStreams, explainMissingStream, isTreeElement, parseRunLogRef, parseTaskLogRef, runTailPrefix, taskLogTitle } from '../../../src/core/logs/taskLogRef';

const envKey = JSON.stringify(['dev', 'us-east-1', 'env1']);
const ref = { envKey, dagId: 'etl', runId: 'manual__2025-01-01T00:00:00+00:00', taskId: 'load', tryNumber: 2 };

test('a task log reference: the object itself or a tree element\'s taskLog', () => {
  assert.deepEqual(parseTaskLogRef(ref), ref);
  assert.deepEqual(parseTaskLogRef({ label: 'load', taskLog: { ...ref, mapIndex: 3 } }), { ...ref, mapIndex: 3 });
  // An unmapped task's -1 (Airflow's value) is the same as none.
  assert.deepEqual(parseTaskLogRef({ ...ref, mapIndex: -1 }), ref);
  const { tryNumber: _t, ...noTry } = ref;
  void _t;
  assert.deepEqual(parseTaskLogRef(noTry), noTry);
  assert.equal(parseTaskLogRef({ ...ref, logicalDate: '2025-01-01T00:00:00+00:00' })?.logicalDate, '2025-01-01T00:00:00+00:00');
});

test('a task log reference rejects what is not one', () => {
  for (const bad of [undefined, null, 'env1', 42, {}, { ...ref, dagId: '' }, { ...ref, taskId: 7 }, { ...ref, tryNumber: 0 }, { ...ref, tryNumber: '2' }, { ...ref, mapIndex: -2 }, { taskLog: { dagId: 'x' } }]) {
    assert.equal(parseTaskLogRef(bad), undefined, JSON.stringify(bad));
  }
});

test('a run log reference, with an optional task and filter pattern', () => {
  assert.deepEqual(parseRunLogRef({ envKey, dagId: 'etl', runId: 'r1' }), { envKey, dagId: 'etl', runId: 'r1' });
  assert.deepEqual(parseRunLogRef({ runLog: { envKey, dagId: 'etl', runId: 'r1', filterPattern: 'ERROR' } }), { envKey, dagId: 'etl', runId: 'r1', filterPattern: 'ERROR' });
  assert.equal(parseRunLogRef({ envKey, dagId: 'etl' }), undefined);
  assert.equal(isTreeElement({ runLog: {} }, 'runLog'), true);
  assert.equal(isTreeElement({ envKey }, 'runLog'), false);
});

test('a run\'s tail prefix: the run, or one task of it; colons replaced', () => {
  assert.equal(runTailPrefix({ envKey, dagId: 'etl', runId: 'manual__2025-01-01T00:00:00+00:00' }, 'current'), 'dag_id=etl/run_id=manual__2025-01-01T00_00_00+00_00/');
  assert.equal(runTailPrefix({ envKey, dagId: 'etl', runId: 'r:1', taskId: 'load' }, 'current'), 'dag_id=etl/run_id=r_1/task_id=load/');
  assert.equal(runTailPrefix({ envKey, dagId: 'etl', runId: 'r:1' }, 'legacy'), 'etl/');
});

test('titles and the attempts that have streams', () => {
  assert.equal(taskLogTitle(ref), 'etl.load attempt 2');
  assert.equal(taskLogTitle({ ...ref, mapIndex: 0 }), 'etl.load [0] attempt 2');
  const p = 'dag_id=etl/run_id=manual__2025-01-01T00_00_00+00_00/task_id=load/';
  const streams = [`${p}attempt=1.log`, `${p}attempt=3.log`, `${p}map_index=0/attempt=1.log`, 'dag_id=etl/run_id=other/task_id=load/attempt=2.log'];
  assert.deepEqual(attemptsFromStreams(streams, ref), [1, 3]);
  assert.deepEqual(attemptsFromStreams(streams, { ...ref, mapIndex: 0 }), [1]);
});

test('a missing stream is explained by the task\'s state and its other attempts', () => {
  const base = { title: 'etl.load attempt 2', stream: 's', group: 'airflow-env1-Task', tryNumber: 2, attemptsWithLogs: [] as number[] };
  const other = explainMissingStream({ ...base, state: 'failed', attemptsWithLogs: [1] });
  assert.equal(other.kind, 'other-attempts');
  assert.match(other.message, /attempt 2 did not run\. Logs exist for attempt 1\./);
  assert.match(explainMissingStream({ ...base, state: 'queued', attemptsWithLogs: [1] }).message, /has not written one yet/);
  assert.equal(explainMissingStream({ ...base, state: 'queued' }).kind, 'not-started');
  assert.equal(explainMissingStream({ ...base, state: 'none' }).kind, 'not-started');
  assert.equal(explainMissingStream({ ...base, state: 'skipped' }).kind, 'never-runs');
  assert.equal(explainMissingStream({ ...base, state: 'upstream_failed' }).kind, 'never-runs');
  const none = explainMissingStream({ ...base, state: 'success' });
  assert.equal(none.kind, 'no-logs');
  assert.match(none.message, /airflow-env1-Task.*expected s.*disabled/);
  // Airflow unreachable: no state; still a useful answer.
  assert.equal(explainMissingStream(base).kind, 'no-logs');
});
