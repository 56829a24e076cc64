import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Dag, DagRun, TaskInstance } from '../../../src/core/airflow/models';
import { dagDescription, failedTaskNames, formatDuration, formatTimestamp, importErrorCount, importErrorsDescription, latestRunByDag, runDescription, runLabel, sortTasks, stateLook, taskDescription, taskLabel } from '../../../src/core/airflow/runsView';
import { EMPTY_PAGE, hasMore, nextOffset, withPage } from '../../../src/core/airflow/pagedList';

const dag = (over: Partial<Dag> = {}): Dag => ({ dagId: 'etl', displayName: 'etl', isPaused: false, tags: [], owners: [], ...over });
const run = (over: Partial<DagRun> = {}): DagRun => ({ dagId: 'etl', runId: 'r1', state: 'running', logicalDate: null, conf: {}, ...over });
const ti = (over: Partial<TaskInstance> = {}): TaskInstance => ({ dagId: 'etl', runId: 'r1', taskId: 't', mapIndex: -1, tryNumber: 1, ...over });

test('state looks: finished states are coloured, running spins, unknown states are readable', () => {
  assert.deepEqual(stateLook('success'), { icon: 'pass-filled', color: 'testing.iconPassed', label: 'success' });
  assert.equal(stateLook('failed').color, 'testing.iconFailed');
  assert.equal(stateLook('running').icon, 'sync~spin');
  assert.equal(stateLook(undefined).label, 'no status');
  assert.equal(stateLook('some_new_state').label, 'some new state');
});

test('durations read naturally at each scale', () => {
  assert.equal(formatDuration(4), '4 s');
  assert.equal(formatDuration(2.34), '2.3 s');
  assert.equal(formatDuration(125), '2 min 05 s');
  assert.equal(formatDuration(3720), '1 h 02 min');
  assert.equal(formatDuration(undefined), undefined);
  assert.equal(formatDuration(-1), undefined);
});

test('a DAG line says paused, schedule, tags and the last run', () => {
  assert.equal(dagDescription(dag({ isPaused: true, schedule: '0 * * * *', tags: ['a', 'b'] }), run({ state: 'failed' })), 'paused · 0 * * * * · a, b · last run failed');
  assert.equal(dagDescription(dag(), undefined), 'no schedule');
  assert.equal(dagDescription(dag({ schedule: 'Never, external triggers only' }), undefined), 'no schedule');
});

test('runs: label from the start date in UTC, description with state, type and duration', () => {
  const r = run({ state: 'success', runType: 'manual', startDate: '2025-01-02T03:04:05.123+00:00', endDate: '2025-01-02T03:05:10.123+00:00' });
  assert.equal(runLabel(r), '2025-01-02 03:04 UTC');
  assert.equal(runDescription(r), 'success · manual · 1 min 05 s');
  assert.equal(runLabel(run({ runId: 'manual__x' })), 'manual__x');
  // A running run's duration counts up to now.
  assert.equal(runDescription(run({ startDate: '2025-01-01T00:00:00Z' }), Date.parse('2025-01-01T00:00:30Z')), 'running · 30 s');
});

test('task instances: map index in the label, tries shown once retries are possible', () => {
  assert.equal(taskLabel(ti({ mapIndex: 3 })), 't [3]');
  assert.equal(taskDescription(ti({ state: 'success', durationSeconds: 3 })), 'success · 3 s');
  assert.equal(taskDescription(ti({ state: 'failed', tryNumber: 2, maxTries: 2, durationSeconds: 61 })), 'failed · try 2/3 · 1 min 01 s');
  assert.equal(taskDescription(ti({ state: undefined, tryNumber: 0 })), 'no status');
});

test('the newest run per DAG from one listing, sorted tasks, failed names', () => {
  const latest = latestRunByDag([run({ runId: 'new' }), run({ runId: 'old' }), run({ dagId: 'b', runId: 'b1' })]);
  assert.equal(latest.get('etl')!.runId, 'new');
  assert.equal(latest.get('b')!.runId, 'b1');
  const sorted = sortTasks([ti({ taskId: 'z' }), ti({ taskId: 'b', startDate: '2025-01-01T00:00:02Z' }), ti({ taskId: 'a', startDate: '2025-01-01T00:00:01Z' })]);
  assert.deepEqual(sorted.map((t) => t.taskId), ['a', 'b', 'z']);
  assert.deepEqual(failedTaskNames([ti({ taskId: 'ok', state: 'success' }), ti({ taskId: 'boom', state: 'failed' }), ti({ taskId: 'm', mapIndex: 1, state: 'failed' })]), ['boom', 'm [1]']);
});

test('paged lists: first page replaces, later pages append without repeats, more is known', () => {
  const key = (s: string) => s;
  let l = withPage(undefined, 0, { items: ['a', 'b'], total: 4 }, key);
  assert.ok(hasMore(l));
  assert.equal(nextOffset(l), 2);
  l = withPage(l, 2, { items: ['b', 'c', 'd'], total: 4 }, key); // shifted listing repeats b
  assert.deepEqual(l.items, ['a', 'b', 'c', 'd']);
  assert.ok(!hasMore(l));
  l = withPage(l, 0, { items: ['x'], total: 1 }, key);
  assert.deepEqual(l.items, ['x']);
  assert.ok(!hasMore(EMPTY_PAGE));
});

test('the Import errors node counts the workspace\'s errors and the others', () => {
  assert.equal(importErrorsDescription(0, 0), 'none');
  assert.equal(importErrorsDescription(0, 3), '3 outside this workspace');
  assert.equal(importErrorsDescription(2, 0), '2 in this workspace (Problems), none outside');
  assert.equal(importErrorsDescription(1, 4), '1 in this workspace (Problems), 4 outside');
  assert.equal(importErrorCount(1), '1 import error');
  assert.equal(importErrorCount(2), '2 import errors');
});

test('Airflow timestamps read as UTC seconds, without microseconds or offsets', () => {
  assert.equal(formatTimestamp('2026-12-06T09:31:05.123456+00:00'), '2026-12-06 09:31:05 UTC');
  assert.equal(formatTimestamp('2026-12-06T11:31:05+02:00'), '2026-12-06 09:31:05 UTC');
  assert.equal(formatTimestamp('not a date'), undefined);
  assert.equal(formatTimestamp(undefined), undefined);
});
