import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DagRun, TaskInstance } from '../../../src/core/airflow/models';
import { endedRuns, planCalls, planPoll, pollDelayMs, runStateFromTasks, type ShownRun } from '../../../src/core/airflow/runsPolling';

const run = (runId: string, state: string, dagId = 'etl'): DagRun => ({ dagId, runId, state, logicalDate: null, conf: {} });
const tis = (n: number, state: string | undefined): TaskInstance[] =>
  Array.from({ length: n }, (_, i) => ({ dagId: 'etl', runId: 'r1', taskId: `t${i}`, mapIndex: -1, tryNumber: 1, state }));

test('nothing to poll when everything shown has finished, or the view is hidden', () => {
  assert.equal(planPoll([{ run: run('r1', 'success'), open: true, followed: false, tasks: tis(3, 'success') }], true), undefined);
  assert.equal(planPoll([{ run: run('r1', 'running'), open: true, followed: false, tasks: tis(3, 'running') }], false), undefined);
  assert.equal(planPoll([], true), undefined);
});

test('an open running run with 50 tasks costs one batch call per poll', () => {
  const shown: ShownRun[] = [{ run: run('r1', 'running'), open: true, followed: true, tasks: [...tis(10, 'success'), ...tis(40, 'running')] }];
  const plan = planPoll(shown, true)!;
  assert.deepEqual(plan, { taskRuns: [{ dagId: 'etl', runId: 'r1' }], runDags: [] });
  assert.equal(planCalls(plan), 1);
});

test('several open runs still share one task-instance call; collapsed unfinished runs one runs call', () => {
  const shown: ShownRun[] = [
    { run: run('r1', 'running'), open: true, followed: false, tasks: tis(2, 'running') },
    { run: run('r2', 'queued', 'other'), open: true, followed: false, tasks: tis(1, 'queued') },
    { run: run('r3', 'running', 'third'), open: false, followed: false },
    { run: run('r4', 'success'), open: false, followed: false },
  ];
  const plan = planPoll(shown, true)!;
  assert.equal(plan.taskRuns.length, 2);
  assert.deepEqual(plan.runDags, ['third']);
  assert.equal(planCalls(plan), 2);
});

test('when every task of a running run ended, the run state is asked once more', () => {
  const plan = planPoll([{ run: run('r1', 'running'), open: true, followed: true, tasks: tis(3, 'success') }], true)!;
  assert.deepEqual(plan.runDags, ['etl']);
});

test('a followed run is polled in the background, at a slower pace', () => {
  const plan = planPoll([{ run: run('r1', 'running'), open: true, followed: true, tasks: tis(1, 'running') }], false);
  assert.ok(plan);
  assert.equal(pollDelayMs(false, 3000), 15_000);
  assert.equal(pollDelayMs(true, 3000), 3000);
});

test('ended runs: only those seen unfinished before', () => {
  const ended = endedRuns([run('a', 'running'), run('b', 'success'), run('c', 'queued')], [run('a', 'failed'), run('b', 'success'), run('c', 'running'), run('d', 'success')]);
  assert.deepEqual(ended.map((r) => r.runId), ['a']);
});

test('a queued run whose tasks started reads as running, without asking for the run', () => {
  const started = runStateFromTasks(run('r1', 'queued'), [{ ...tis(1, 'scheduled')[0]! }, { ...tis(1, 'running')[0]!, startDate: '2025-01-01T00:00:01Z' }]);
  assert.equal(started.state, 'running');
  assert.equal(started.startDate, '2025-01-01T00:00:01Z');
  assert.equal(runStateFromTasks(run('r1', 'queued'), tis(3, undefined)).state, 'queued');
  assert.equal(runStateFromTasks(run('r1', 'failed'), tis(1, 'running')).state, 'failed');
});
