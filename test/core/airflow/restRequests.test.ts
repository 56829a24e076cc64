import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AirflowClient } from '../../../src/core/airflow/airflowClient';
import {
  clearTaskRequest, dagDetailsRequest, dagSourceRequest, parseDag, parsePage, parseRun, parseTaskInstance, listRunsRequest, listTaskInstancesRequest, setPausedRequest, setRunStateRequest, triggerRequest,
} from '../../../src/core/airflow/restRequests';
import { UserFacingError } from '../../../src/core/errors';

test('Airflow 3 trigger bodies always carry logical_date, null for "now", and no unknown keys', () => {
  assert.deepEqual(triggerRequest(3, 'etl', { conf: { a: 1 } }), { method: 'POST', path: '/dags/etl/dagRuns', body: { conf: { a: 1 }, logical_date: null } });
  assert.deepEqual(triggerRequest(3, 'etl', { logicalDate: '2025-01-01T00:00:00+00:00', runId: 'r1', note: 'n' }).body, {
    conf: {}, dag_run_id: 'r1', note: 'n', logical_date: '2025-01-01T00:00:00+00:00',
  });
});

test('Airflow 2 trigger bodies omit logical_date for "now"', () => {
  assert.deepEqual(triggerRequest(2, 'etl', {}).body, { conf: {} });
  assert.equal(triggerRequest(2, 'etl', { logicalDate: '2025-01-01T00:00:00Z' }).body!.logical_date, '2025-01-01T00:00:00Z');
});

test('ids are path-escaped', () => {
  // A `/` is refused now (below): servers decode its %2F back into a separator.
  assert.equal(triggerRequest(2, 'a b?c#d%e', {}).path, '/dags/a%20b%3Fc%23d%25e/dagRuns');
});

test('DAG and run ids that would change the path (".", "..", empty, "/") are refused before any request', async () => {
  const refused = (what: string) => (e: unknown) => e instanceof UserFacingError && new RegExp(`^Refusing to call the Airflow API with ${what} `).test(e.message);
  for (const id of ['.', '..', '', 'a/..', '../clearTaskInstances', 'x/dagRuns/y']) {
    assert.throws(() => clearTaskRequest(id, 'run', ['t']), refused('DAG id'), id);
    assert.throws(() => triggerRequest(3, id, {}), refused('DAG id'), id);
    assert.throws(() => setPausedRequest(id, true), refused('DAG id'), id);
    assert.throws(() => dagDetailsRequest(id), refused('DAG id'), id);
    assert.throws(() => setRunStateRequest('etl', id, 'failed'), refused('run id'), id);
  }
  // Dots inside an id are fine (Airflow allows them).
  assert.equal(setRunStateRequest('my.dag', 'manual__2025-01-01T00:00:00.1+00:00', 'success').path, '/dags/my.dag/dagRuns/manual__2025-01-01T00%3A00%3A00.1%2B00%3A00');
  // Through the client: no transport is asked.
  let calls = 0;
  const client = new AirflowClient({ major: 2, transports: [{ kind: 'InvokeRestApi', request: async () => (calls++, { status: 200, json: {} }) }] });
  await assert.rejects(client.clearTask('..', 'run', ['t']), refused('DAG id'));
  await assert.rejects(client.setRunState('etl', '..', 'failed'), refused('run id'));
  assert.equal(calls, 0);
});

test('runs and task instances use the batch endpoints, whose paths fit InvokeRestApi', () => {
  const runs = listRunsRequest(3, ['etl'], { limit: 10, offset: 20 });
  assert.equal(runs.path, '/dags/~/dagRuns/list');
  assert.deepEqual(runs.body, { dag_ids: ['etl'], page_limit: 10, page_offset: 20, order_by: '-run_after' });
  assert.equal(listRunsRequest(2, ['etl'], { limit: 1, offset: 0 }).body!.order_by, '-execution_date');
  const tis = listTaskInstancesRequest(2, 'etl', 'manual__2025-01-01T00:00:00.123456+00:00');
  assert.equal(tis.path, '/dags/~/dagRuns/~/taskInstances/list');
  assert.ok(tis.path.length <= 64);
  assert.deepEqual(tis.body, { dag_ids: ['etl'], dag_run_ids: ['manual__2025-01-01T00:00:00.123456+00:00'] });
});

test('DAGs normalise from both API versions', () => {
  const v1 = parseDag({ dag_id: 'a', is_paused: true, tags: [{ name: 'x' }], owners: ['o'], schedule_interval: { __type: 'CronExpression', value: '0 2 * * *' }, fileloc: '/usr/local/airflow/dags/a.py' });
  assert.deepEqual([v1.dagId, v1.isPaused, v1.schedule, v1.tags], ['a', true, '0 2 * * *', ['x']]);
  assert.equal(parseDag({ dag_id: 'b', schedule_interval: { __type: 'TimeDelta', days: 1, seconds: 0 } }).schedule, 'every 1 day(s)');
  const v2 = parseDag({ dag_id: 'c', dag_display_name: 'C!', is_paused: false, tags: [{ name: 'y', dag_id: 'c' }], timetable_summary: '@daily', next_dagrun_run_after: '2025-01-02T00:00:00Z' });
  assert.deepEqual([v2.displayName, v2.schedule, v2.tags, v2.nextRun], ['C!', '@daily', ['y'], '2025-01-02T00:00:00Z']);
  assert.equal(parseDag({ dag_id: 'd', schedule_interval: null }).schedule, undefined);
});

test('runs normalise: Airflow 3 runs may have no logical date', () => {
  const r3 = parseRun({ dag_id: 'a', dag_run_id: 'manual__x', state: 'running', logical_date: null, run_after: '2025-01-01T00:00:00Z', conf: { k: 1 } });
  assert.equal(r3.logicalDate, null);
  assert.equal(r3.runAfter, '2025-01-01T00:00:00Z');
  const r2 = parseRun({ dag_id: 'a', dag_run_id: 'r', state: 'success', execution_date: '2025-01-01T00:00:00+00:00', conf: null });
  assert.equal(r2.logicalDate, '2025-01-01T00:00:00+00:00');
  assert.deepEqual(r2.conf, {});
});

test('task instances and pages', () => {
  const page = parsePage({ task_instances: [{ dag_id: 'a', dag_run_id: 'r', task_id: 't', map_index: -1, state: 'failed', try_number: 2, duration: 1.5 }], total_entries: 7 }, 'task_instances', parseTaskInstance);
  assert.equal(page.total, 7);
  assert.deepEqual([page.items[0]!.taskId, page.items[0]!.state, page.items[0]!.tryNumber, page.items[0]!.durationSeconds], ['t', 'failed', 2, 1.5]);
  assert.deepEqual(parsePage(undefined, 'dags', parseDag), { items: [], total: 0 });
});

test('one task-instance call for several runs; DAG params become a conf to start from', async () => {
  const { listRunsTaskInstancesRequest, paramDefaults, dagDetailsRequest } = await import('../../../src/core/airflow/restRequests');
  const req = listRunsTaskInstancesRequest(3, [{ dagId: 'a', runId: 'r1' }, { dagId: 'b', runId: 'r2' }, { dagId: 'a', runId: 'r3' }]);
  assert.deepEqual(req.body, { dag_ids: ['a', 'b'], dag_run_ids: ['r1', 'r2', 'r3'], page_limit: 1000 });
  assert.equal(dagDetailsRequest('etl').path, '/dags/etl/details');
  // Airflow 2 (__class) and 3 ({value, schema}) shapes, and a bare value.
  assert.deepEqual(paramDefaults({ params: { a: { __class: 'airflow.models.param.Param', value: 5, description: null }, b: { value: null, schema: {} }, c: 'x' } }), { a: 5, b: null, c: 'x' });
  assert.deepEqual(paramDefaults({}), {});
});

test('the stored DAG source: by file token on Airflow 2 (none without one), by DAG id on 3; the client reads JSON or text', async () => {
  assert.deepEqual(dagSourceRequest(2, { dagId: 'etl', fileToken: 'Ii9kYWdzL2V0bC5weSI.abc-_' }), { method: 'GET', path: '/dagSources/Ii9kYWdzL2V0bC5weSI.abc-_' });
  assert.equal(dagSourceRequest(2, { dagId: 'etl' }), undefined);
  assert.deepEqual(dagSourceRequest(3, { dagId: 'etl' }), { method: 'GET', path: '/dagSources/etl' });
  assert.throws(() => dagSourceRequest(2, { dagId: 'etl', fileToken: '../config' }), UserFacingError);
  assert.equal(parseDag({ dag_id: 'etl', file_token: 'tok' }).fileToken, 'tok');
  assert.equal('fileToken' in parseDag({ dag_id: 'etl' }), false);
  const paths: string[] = [];
  const client = (major: 2 | 3, json: unknown) => new AirflowClient({ major, transports: [{ kind: 'WebLoginSession', request: async (req) => (paths.push(req.path), { status: 200, json }) }] });
  assert.equal(await client(2, { content: 'x = 1\n' }).dagSource({ dagId: 'etl', fileToken: 'tok' }), 'x = 1\n');
  assert.equal(await client(3, 'y = 2\n').dagSource({ dagId: 'etl' }), 'y = 2\n');
  assert.equal(await client(2, { content: 'z' }).dagSource({ dagId: 'etl' }), undefined);
  assert.deepEqual(paths, ['/dagSources/tok', '/dagSources/etl']);
});
