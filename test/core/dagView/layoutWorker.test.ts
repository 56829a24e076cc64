import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseDagTasks } from '../../../src/core/airflow/dagStructure';
import { layoutInput, nodeId } from '../../../src/core/dagView/graphModel';
import { LayoutWorkerClient } from '../../../src/core/dagView/layoutWorker';

const fixture = parseDagTasks('dag_view_fixture', JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'dag-view', 'tasks.af3.json'), 'utf8')));

test('layouts come from the worker thread as absolute boxes, one worker for many layouts', async () => {
  const client = new LayoutWorkerClient();
  try {
    const placed = await client.layout(layoutInput(fixture.tasks, fixture.groups, new Set()));
    assert.equal(placed.boxes.filter((b) => b.id.startsWith('t:')).length, 30);
    assert.equal(placed.edges.length, 36);
    const collapsed = await client.layout(layoutInput(fixture.tasks, fixture.groups, new Set(['transform'])));
    assert.ok(collapsed.boxes.some((b) => b.id === nodeId.group('transform') && !b.compound));
    assert.equal(collapsed.boxes.filter((b) => b.id.startsWith('t:transform.')).length, 0);
    assert.deepEqual(client.stats, { layouts: 2, starts: 1 });
  } finally {
    client.dispose();
  }
});

test('a layout past its time limit fails and stops the worker; the next layout starts a fresh one', async () => {
  const client = new LayoutWorkerClient({ timeoutMs: 1 });
  try {
    await assert.rejects(client.layout(layoutInput(fixture.tasks, fixture.groups, new Set())), /did not finish within/);
  } finally {
    client.dispose();
  }
  const again = new LayoutWorkerClient();
  try {
    // elkjs refuses a graph whose edge names no node: the error comes back, the worker stays.
    await assert.rejects(again.layout({ id: 'root', children: [{ id: 'a' }], edges: [{ id: 'e', sources: ['a'], targets: ['missing'] }] }), /the graph layout failed/);
    assert.equal((await again.layout(layoutInput(fixture.tasks.slice(0, 3), [], new Set()))).boxes.length, 3);
    assert.equal(again.stats.starts, 1);
  } finally {
    again.dispose();
  }
  await assert.rejects(again.layout({ id: 'root' }), /stopped/);
});
