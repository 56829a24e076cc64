import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { dagTasksRequest, groupsFromIds, MAX_TASKS, parseDagFile, parseDagTasks, readDagStructure } from '../../../src/core/airflow/dagStructure';
import type { AirflowClient } from '../../../src/core/airflow/airflowClient';

const fixture = (name: string): unknown => JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'dag-view', name), 'utf8'));

for (const major of [2, 3]) {
  test(`Airflow ${major}'s real task list of the fixture DAG: 30 tasks, 8 nested groups from the ids, edges kept`, () => {
    const s = parseDagTasks('dag_view_fixture', fixture(`tasks.af${major}.json`));
    assert.equal(s.tasks.length, 30);
    assert.equal(s.truncated, false);
    assert.deepEqual(s.groups.map((g) => g.id).sort(), ['extract', 'load', 'notify', 'publish', 'quality', 'transform', 'transform.clean', 'transform.join']);
    assert.deepEqual(s.groups.find((g) => g.id === 'transform.join'), { id: 'transform.join', label: 'join', parent: 'transform' });
    const join = s.tasks.find((t) => t.id === 'transform.join.join_payments')!;
    assert.equal(join.group, 'transform.join');
    assert.equal(join.label, 'join_payments');
    assert.deepEqual(join.downstream, ['transform.enrich']);
    assert.equal(join.operator, 'EmptyOperator');
    const summarize = s.tasks.find((t) => t.id === 'summarize')!;
    assert.equal(summarize.mapped, true);
    assert.equal(summarize.operator, '@task');
    assert.equal(summarize.group, undefined);
    // The loop-made edges: each fetch feeds its clean step.
    for (const name of ['orders', 'customers', 'products', 'payments']) {
      assert.deepEqual(s.tasks.find((t) => t.id === `extract.fetch_${name}`)!.downstream, [`transform.clean.clean_${name}`]);
    }
    const edges = s.tasks.reduce((n, t) => n + t.downstream.length, 0);
    assert.equal(edges, 36);
  });
}

test('groups come from dotted ids, outermost first, each with its parent', () => {
  assert.deepEqual(groupsFromIds(['a.b.c', 'a.d', 'e']), [
    { id: 'a', label: 'a' },
    { id: 'a.b', label: 'b', parent: 'a' },
  ]);
});

test('entries that are not tasks are dropped: bad or duplicate ids, edges to unknown tasks or to itself', () => {
  const s = parseDagTasks('d', {
    tasks: [
      { task_id: 'ok', downstream_task_ids: ['ok', 'missing', 'next', 42, '../x'] },
      { task_id: 'next', downstream_task_ids: [] },
      { task_id: 'ok', downstream_task_ids: [] },
      { task_id: '../escape', downstream_task_ids: [] },
      { task_id: '', downstream_task_ids: [] },
      { task_id: 'a'.repeat(251), downstream_task_ids: [] },
      { task_id: 'has space', downstream_task_ids: [] },
      null,
      'text',
      { task_id: 'x.', downstream_task_ids: [] },
    ],
  });
  assert.deepEqual(s.tasks.map((t) => t.id), ['ok', 'next']);
  assert.deepEqual(s.tasks[0]!.downstream, ['next']);
  assert.deepEqual(parseDagTasks('d', { tasks: 'nope' }).tasks, []);
  assert.deepEqual(parseDagTasks('d', null).tasks, []);
});

test('a task list past the bound is cut and says so', () => {
  const tasks = Array.from({ length: MAX_TASKS + 500 }, (_, i) => ({ task_id: `t${i}`, downstream_task_ids: [`t${i + 1}`] }));
  const s = parseDagTasks('big', { tasks, total_entries: tasks.length });
  assert.equal(s.tasks.length, MAX_TASKS);
  assert.equal(s.truncated, true);
  // The last kept task's edge points past the cut: dropped, not dangling.
  assert.deepEqual(s.tasks.at(-1)!.downstream, []);
});

test('the requests refuse ids that would change the path', () => {
  assert.deepEqual(dagTasksRequest('etl_daily'), { method: 'GET', path: '/dags/etl_daily/tasks' });
  for (const bad of ['..', '.', 'a/b', '']) assert.throws(() => dagTasksRequest(bad), /Refusing to call the Airflow API/);
});

test('the DAG file is read from fileloc; anything else is not a file', () => {
  assert.equal(parseDagFile({ fileloc: '/usr/local/airflow/dags/etl.py' }), '/usr/local/airflow/dags/etl.py');
  assert.equal(parseDagFile({ fileloc: '' }), undefined);
  assert.equal(parseDagFile({ fileloc: 'a\0b' }), undefined);
  assert.equal(parseDagFile({}), undefined);
});

test('readDagStructure is one call of the tasks endpoint', async () => {
  const calls: unknown[] = [];
  const client = { call: async (req: unknown) => (calls.push(req), { status: 200, json: fixture('tasks.af3.json') }) } as unknown as AirflowClient;
  const s = await readDagStructure(client, 'dag_view_fixture');
  assert.equal(s.tasks.length, 30);
  assert.deepEqual(calls, [{ method: 'GET', path: '/dags/dag_view_fixture/tasks' }]);
});
