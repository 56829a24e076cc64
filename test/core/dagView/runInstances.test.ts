import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AirflowClient } from '../../../src/core/airflow/airflowClient';
import type { RestRequest } from '../../../src/core/airflow/restRequests';
import { INSTANCE_PAGE, readRunInstances, runInstancesRequest } from '../../../src/core/airflow/runInstances';

/** An Airflow that holds `tis` and answers the batch endpoint page by page (at most `cap` a page). */
function fakeAirflow(tis: Record<string, unknown>[], cap = INSTANCE_PAGE, totals = true) {
  const requests: RestRequest[] = [];
  const client = {
    call: async (req: RestRequest) => {
      requests.push(req);
      const body = req.body as { page_offset: number; page_limit: number };
      const page = tis.slice(body.page_offset, body.page_offset + Math.min(cap, body.page_limit));
      return { status: 200, json: { task_instances: page, ...(totals ? { total_entries: tis.length } : {}) } };
    },
  } as unknown as AirflowClient;
  return { client, requests };
}

const ti = (runId: string, i: number, extra: Record<string, unknown> = {}) => ({
  dag_id: 'etl', dag_run_id: runId, task_id: `t${i}`, map_index: -1, state: 'success', try_number: 1,
  start_date: '2026-01-01T00:00:02+00:00', end_date: '2026-01-01T00:00:05+00:00', queued_when: '2026-01-01T00:00:01+00:00', ...extra,
});

test('25 runs of 200 tasks: 5,000 instances in 5 calls, never one per task', async () => {
  const runs = Array.from({ length: 25 }, (_, r) => ({ dagId: 'etl', runId: `r${r}` }));
  const all = runs.flatMap((r) => Array.from({ length: 200 }, (_, i) => ti(r.runId, i)));
  const { client, requests } = fakeAirflow(all);
  const read = await readRunInstances(client, runs);
  assert.equal(read.items.length, 5000);
  assert.equal(read.calls, 5);
  assert.equal(requests.length, 5);
  assert.equal(read.truncated, false);
  assert.equal(read.items[0]!.queuedWhen, '2026-01-01T00:00:01+00:00');
  assert.deepEqual(requests.map((r) => (r.body as { page_offset: number }).page_offset), [0, 1000, 2000, 3000, 4000]);
});

test('a server paging below our limit is followed to its total; without a total, a short page ends the read', async () => {
  const runs = [{ dagId: 'etl', runId: 'r1' }];
  const tis = Array.from({ length: 250 }, (_, i) => ti('r1', i));
  const capped = fakeAirflow(tis, 100);
  assert.equal((await readRunInstances(capped.client, runs)).items.length, 250);
  assert.equal(capped.requests.length, 3);
  const noTotal = fakeAirflow(tis, 100, false);
  assert.equal((await readRunInstances(noTotal.client, runs)).items.length, 100, 'a short page with no total is taken as the last');
});

test('only the asked (DAG, run) pairs are kept, each instance once; mapped instances are distinct', async () => {
  const tis = [ti('r1', 1), ti('r1', 1), ti('other', 1), { ...ti('r1', 2), dag_id: 'another_dag' }, ti('r1', 3, { map_index: 0 }), ti('r1', 3, { map_index: 1 }), 'junk', null];
  const { client } = fakeAirflow(tis as Record<string, unknown>[]);
  const read = await readRunInstances(client, [{ dagId: 'etl', runId: 'r1' }]);
  assert.deepEqual(read.items.map((t) => [t.taskId, t.mapIndex]), [['t1', -1], ['t3', 0], ['t3', 1]]);
});

test('the read stops at its bound and says so', async () => {
  // A server that always claims more: the bound, not the server, ends the loop.
  const client = {
    call: async (req: RestRequest) => {
      const off = (req.body as { page_offset: number }).page_offset;
      return { status: 200, json: { task_instances: Array.from({ length: INSTANCE_PAGE }, (_, i) => ti('r1', off + i)), total_entries: 10_000_000 } };
    },
  } as unknown as AirflowClient;
  const read = await readRunInstances(client, [{ dagId: 'etl', runId: 'r1' }]);
  assert.equal(read.truncated, true);
  assert.equal(read.calls, 50);
});

test('no runs, no call; the request names each DAG and run once', async () => {
  const { client, requests } = fakeAirflow([]);
  assert.deepEqual(await readRunInstances(client, []), { items: [], truncated: false, calls: 0 });
  assert.equal(requests.length, 0);
  const req = runInstancesRequest([{ dagId: 'a', runId: 'r1' }, { dagId: 'a', runId: 'r2' }, { dagId: 'a', runId: 'r1' }], 0);
  assert.deepEqual(req.body, { dag_ids: ['a'], dag_run_ids: ['r1', 'r2'], page_offset: 0, page_limit: INSTANCE_PAGE });
  assert.equal(req.path, '/dags/~/dagRuns/~/taskInstances/list');
});
