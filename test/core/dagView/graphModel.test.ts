import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import ELK from 'elkjs/lib/elk.bundled.js';
import { parseDagTasks } from '../../../src/core/airflow/dagStructure';
import { layoutInput, nodeId, placeLayout, visibleEdges, type LayoutNode } from '../../../src/core/dagView/graphModel';
import { neighbour } from '../../../src/core/dagView/graphNavigation';
import { groupParents, topologicalOrder, treeRows } from '../../../src/core/dagView/taskTree';
import type { ViewTask } from '../../../src/core/dagView/viewTypes';

const fixture = parseDagTasks('dag_view_fixture', JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'dag-view', 'tasks.af2.json'), 'utf8')));
const t = (id: string, downstream: string[] = [], group?: string): ViewTask => ({ id, label: id, downstream, mapped: false, ...(group ? { group } : {}) });

test('reading order: upstream first, ties in listed order, a cycle does not lose tasks', () => {
  assert.deepEqual(topologicalOrder([t('c'), t('b', ['c']), t('a', ['b'])]), ['a', 'b', 'c']);
  assert.deepEqual(topologicalOrder([t('x', ['y']), t('y', ['x']), t('z')]), ['z', 'x', 'y']);
  const order = topologicalOrder(fixture.tasks);
  const at = new Map(order.map((id, i) => [id, i]));
  for (const task of fixture.tasks) for (const d of task.downstream) assert.ok(at.get(task.id)! < at.get(d)!, `${task.id} before ${d}`);
});

test('grid rows nest tasks in their groups; a collapsed group is one row that knows its tasks', () => {
  const rows = treeRows(fixture.tasks, fixture.groups, new Set());
  assert.equal(rows.filter((r) => r.kind === 'task').length, 30);
  assert.equal(rows.filter((r) => r.kind === 'group').length, 8);
  assert.deepEqual(rows.slice(0, 3).map((r) => [r.kind, r.id, r.depth]), [['task', 'start', 0], ['group', 'extract', 0], ['task', 'extract.list_sources', 1]]);
  const clean = rows.find((r) => r.id === 'transform.clean')!;
  assert.equal(clean.depth, 1);
  const collapsed = treeRows(fixture.tasks, fixture.groups, new Set(['transform']));
  const row = collapsed.find((r) => r.id === 'transform')!;
  assert.equal(row.collapsed, true);
  assert.equal(row.members!.length, 7, '4 clean, 2 join, enrich');
  assert.ok(!collapsed.some((r) => r.id.startsWith('transform.')), 'nothing inside a collapsed group');
});

test('edges to tasks inside a collapsed group end at the group, once', () => {
  const parents = groupParents(fixture.groups);
  const open = visibleEdges(fixture.tasks, parents, new Set());
  assert.equal(open.length, 36);
  const closed = visibleEdges(fixture.tasks, parents, new Set(['extract']));
  // start -> list_sources and the four fetch -> clean edges now leave from the group.
  assert.ok(closed.some(([a, b]) => a === nodeId.task('start') && b === nodeId.group('extract')));
  assert.equal(closed.filter(([a]) => a === nodeId.group('extract')).length, 4);
  assert.ok(!closed.some(([a, b]) => a === b), 'no edge from a group to itself');
  assert.equal(closed.length, 32, 'list_sources -> fetch (4) vanish inside the group; the rest are moved, not merged');
  // Two groups collapsed: the four fetch -> clean edges become one extract -> transform edge.
  const both = visibleEdges(fixture.tasks, parents, new Set(['extract', 'transform']));
  assert.equal(both.filter(([a, b]) => a === nodeId.group('extract') && b === nodeId.group('transform')).length, 1);
});

test('the layout input nests expanded groups as compound nodes and a collapsed group as one node', () => {
  const input = layoutInput(fixture.tasks, fixture.groups, new Set(['transform.clean']));
  const ids = (n: LayoutNode): string[] => [n.id, ...(n.children ?? []).flatMap(ids)];
  const all = ids(input);
  assert.ok(all.includes(nodeId.group('transform.clean')));
  assert.ok(!all.includes(nodeId.task('transform.clean.clean_orders')));
  const transform = input.children!.find((c) => c.id === nodeId.group('transform'))!;
  assert.ok(transform.children!.some((c) => c.id === nodeId.group('transform.clean') && !c.children?.length));
  assert.ok(transform.children!.some((c) => c.id === nodeId.group('transform.join') && c.children!.length === 2));
});

test('laid out by elkjs: left to right, every task boxed inside its group, edges as absolute polylines', async () => {
  const elk = new ELK();
  const result = (await elk.layout(layoutInput(fixture.tasks, fixture.groups, new Set()) as Parameters<typeof elk.layout>[0])) as unknown as LayoutNode;
  const placed = placeLayout(result);
  const boxes = new Map(placed.boxes.map((b) => [b.id, b]));
  assert.equal(placed.boxes.filter((b) => b.id.startsWith('t:')).length, 30);
  for (const task of fixture.tasks) {
    const box = boxes.get(nodeId.task(task.id))!;
    if (task.group) {
      const g = boxes.get(nodeId.group(task.group))!;
      assert.ok(box.x >= g.x && box.y >= g.y && box.x + box.width <= g.x + g.width && box.y + box.height <= g.y + g.height, `${task.id} inside ${task.group}`);
    }
    for (const d of task.downstream) assert.ok(boxes.get(nodeId.task(d))!.x > box.x, `${d} right of ${task.id}`);
  }
  assert.equal(placed.edges.length, 36);
  for (const e of placed.edges) {
    const from = boxes.get(e.from)!;
    const to = boxes.get(e.to)!;
    const [first, last] = [e.points[0]!, e.points.at(-1)!];
    assert.ok(Math.abs(first.x - (from.x + from.width)) < 1.5, `${e.from} edge starts at its right side`);
    assert.ok(Math.abs(last.x - to.x) < 1.5, `${e.to} edge ends at its left side`);
  }
  // Keyboard: Right from start follows its edge; Left comes back.
  const right = neighbour(nodeId.task('start'), 'right', placed.boxes, placed.edges);
  assert.equal(right, nodeId.task('extract.list_sources'));
  assert.equal(neighbour(right!, 'left', placed.boxes, placed.edges), nodeId.task('start'));
  const fetch = nodeId.task('extract.fetch_orders');
  const down = neighbour(fetch, 'down', placed.boxes, placed.edges)!;
  assert.ok(boxes.get(down)!.y > boxes.get(fetch)!.y);
  assert.equal(neighbour('t:not-there', 'down', placed.boxes, placed.edges), placed.boxes.find((b) => !b.compound)!.id);
});
