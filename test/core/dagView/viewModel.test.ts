import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DagRun, TaskInstance } from '../../../src/core/airflow/models';
import type { TimedTaskInstance } from '../../../src/core/airflow/runInstances';
import { cellsOfRun } from '../../../src/core/dagView/viewCells';
import { DagViewModel, MAX_RUNS, mergeUpdates } from '../../../src/core/dagView/viewModel';

const run = (runId: string, state: string, due: string, dagId = 'etl'): DagRun => ({ dagId, runId, state, logicalDate: due, runAfter: due, conf: {}, ...(state !== 'queued' ? { startDate: due } : {}) });
const ti = (runId: string, taskId: string, state: string | undefined, extra: Partial<TimedTaskInstance> = {}): TimedTaskInstance => ({ dagId: 'etl', runId, taskId, mapIndex: -1, state, tryNumber: 1, ...extra });

function model(): DagViewModel {
  const m = new DagViewModel({
    dagId: 'etl', title: 'etl · env', source: 'airflow', canAct: true, notices: [], linked: [],
    tasks: [{ id: 'a', label: 'a', downstream: ['b'], mapped: false }, { id: 'b', label: 'b', downstream: [], mapped: true }],
    groups: [],
  });
  m.setRuns([run('r2', 'running', '2026-01-02T00:00:00+00:00'), run('r1', 'success', '2026-01-01T00:00:00+00:00'), run('x', 'success', '2026-01-01T00:00:00+00:00', 'other_dag')], 7);
  return m;
}

test('a run of the view: its cells once, then only what changed; the same read again changes nothing', () => {
  const m = model();
  const first = m.applyInstances('r2', [ti('r2', 'a', 'success'), ti('r2', 'b', 'running', { mapIndex: 0 }), ti('r2', 'b', 'queued', { mapIndex: 1 })], true)!;
  assert.equal(first.cells.length, 2);
  assert.equal(m.applyInstances('r2', [ti('r2', 'a', 'success'), ti('r2', 'b', 'running', { mapIndex: 0 }), ti('r2', 'b', 'queued', { mapIndex: 1 })], true), undefined);
  const next = m.applyInstances('r2', [ti('r2', 'a', 'success'), ti('r2', 'b', 'success', { mapIndex: 0 }), ti('r2', 'b', 'failed', { mapIndex: 1, tryNumber: 2 })], true)!;
  assert.deepEqual(next.cells.map((c) => [c.taskId, c.state, c.tryNumber, c.mapped, c.mapIndex]), [['b', 'failed', 2, 2, 1]]);
  assert.equal(next.runs.length, 0);
  assert.equal(next.runsTotal, 7);
});

test('instances of other runs, other DAGs or unknown tasks are not cells of the view', () => {
  const m = model();
  assert.equal(m.applyInstances('r2', [ti('r1', 'a', 'success'), { ...ti('r2', 'a', 'success'), dagId: 'other' }, ti('r2', 'zzz', 'success')], true), undefined);
  assert.equal(m.applyInstances('not_shown', [ti('not_shown', 'a', 'success')], true), undefined);
  assert.deepEqual(m.snapshot().runs.map((r) => r.runId), ['r2', 'r1'], 'another DAG\'s run is not shown');
});

test('a complete read drops a cell that is gone; a partial read (the runs poller\'s) never does', () => {
  const m = model();
  m.applyInstances('r1', [ti('r1', 'a', 'success'), ti('r1', 'b', 'success')], true);
  assert.equal(m.applyInstances('r1', [ti('r1', 'a', 'success')], false), undefined);
  const gone = m.applyInstances('r1', [ti('r1', 'a', 'success')], true)!;
  assert.deepEqual(gone.cells, [{ runId: 'r1', taskId: 'b', tryNumber: 0, mapIndex: -1 }]);
  assert.equal(m.cell('r1', 'b'), undefined);
});

test('the queued time of a try survives a read without it (the poller\'s), not a new try', () => {
  const m = model();
  m.applyInstances('r2', [ti('r2', 'a', 'queued', { queuedWhen: '2026-01-02T00:00:01+00:00' })], true);
  m.applyInstances('r2', [ti('r2', 'a', 'running', { startDate: '2026-01-02T00:00:03+00:00' })], false);
  assert.equal(m.cell('r2', 'a')!.queued, '2026-01-02T00:00:01+00:00');
  m.applyInstances('r2', [ti('r2', 'a', 'up_for_retry', { tryNumber: 2 })], false);
  assert.equal(m.cell('r2', 'a')!.queued, undefined);
});

test('run states: a known run changes in place, a newer run (a trigger) goes first, an older unknown one is ignored', () => {
  const m = model();
  assert.equal(m.applyRuns([run('r2', 'running', '2026-01-02T00:00:00+00:00')]), undefined);
  const ended = m.applyRuns([run('r2', 'failed', '2026-01-02T00:00:00+00:00')])!;
  assert.deepEqual(ended.runs.map((r) => [r.runId, r.state]), [['r2', 'failed']]);
  assert.equal(m.applyRuns([run('old', 'success', '2025-01-01T00:00:00+00:00')]), undefined);
  const triggered = m.applyRuns([{ ...run('new', 'queued', '2026-01-03T00:00:00+00:00'), logicalDate: null }])!;
  assert.equal(triggered.runs[0]!.runId, 'new');
  assert.equal(triggered.runsTotal, 8);
  assert.deepEqual(m.snapshot().runs.map((r) => r.runId), ['new', 'r2', 'r1']);
  assert.deepEqual(m.unfinishedRuns().map((r) => r.runId), ['new']);
});

test('Load more appends older runs once, up to the bound', () => {
  const m = model();
  const u = m.appendRuns([run('r1', 'success', '2026-01-01T00:00:00+00:00'), run('r0', 'success', '2025-12-31T00:00:00+00:00')], 7);
  assert.deepEqual(u.runs.map((r) => r.runId), ['r0']);
  const many = Array.from({ length: MAX_RUNS + 50 }, (_, i) => run(`m${i}`, 'success', '2025-01-01T00:00:00+00:00'));
  m.appendRuns(many, 1000);
  assert.equal(m.runCount, MAX_RUNS);
});

test('a mapped task\'s instances are one cell: the state that needs a look, the latest try, first start to last end', () => {
  const [cell] = cellsOfRun([
    ti('r', 'm', 'success', { mapIndex: 0, startDate: '2026-01-01T00:00:02Z', endDate: '2026-01-01T00:00:04Z' }),
    ti('r', 'm', 'failed', { mapIndex: 1, tryNumber: 3, startDate: '2026-01-01T00:00:01Z', endDate: '2026-01-01T00:00:09Z' }),
    ti('r', 'm', 'success', { mapIndex: 2, startDate: '2026-01-01T00:00:03Z', endDate: '2026-01-01T00:00:05Z' }),
  ] as TaskInstance[]);
  assert.deepEqual(cell, { runId: 'r', taskId: 'm', state: 'failed', tryNumber: 3, mapIndex: 1, mapped: 3, start: '2026-01-01T00:00:01Z', end: '2026-01-01T00:00:09Z', duration: 8 });
});

test('updates of one poll merge into one message, the last word per cell winning', () => {
  const merged = mergeUpdates([
    { runs: [], cells: [{ runId: 'r', taskId: 'a', state: 'running', tryNumber: 1, mapIndex: -1 }], runsTotal: 3 },
    undefined,
    { runs: [{ runId: 'r', state: 'running', label: 'x' }], cells: [{ runId: 'r', taskId: 'a', state: 'success', tryNumber: 1, mapIndex: -1 }], runsTotal: 4 },
  ])!;
  assert.deepEqual(merged.cells.map((c) => c.state), ['success']);
  assert.equal(merged.runs.length, 1);
  assert.equal(merged.runsTotal, 4);
  assert.equal(mergeUpdates([undefined, undefined]), undefined);
});

test('a task id from the source text finds the task under its group prefix, only when that is unambiguous', () => {
  const m = new DagViewModel({
    dagId: 'etl', title: '', source: 'airflow', canAct: false, notices: [], linked: [], groups: [],
    tasks: ['grp.load', 'a.dup', 'b.dup', 'plain'].map((id) => ({ id, label: id, downstream: [], mapped: false })),
  });
  assert.equal(m.findTask('plain'), 'plain');
  assert.equal(m.findTask('load'), 'grp.load');
  assert.equal(m.findTask('dup'), undefined);
  assert.equal(m.findTask('nothing'), undefined);
});
