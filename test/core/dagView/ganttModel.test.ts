import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cellHover, stateColor, summaryState } from '../../../src/core/dagView/cellText';
import { axisTicks, criticalPath, ganttChart, type TaskTiming } from '../../../src/core/dagView/ganttModel';
import type { ViewCell, ViewTask } from '../../../src/core/dagView/viewTypes';

const t = (id: string, downstream: string[] = []): ViewTask => ({ id, label: id, downstream, mapped: false });
const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const cell = (taskId: string, state: string, queued: number | undefined, start: number | undefined, end: number | undefined): ViewCell => ({
  runId: 'r', taskId, state, tryNumber: 1, mapIndex: -1,
  ...(queued !== undefined ? { queued: at(queued) } : {}), ...(start !== undefined ? { start: at(start) } : {}), ...(end !== undefined ? { end: at(end) } : {}),
});

// a -> b -> d, a -> c -> d: c takes longer, so the path is a, c, d.
const diamond = [t('a', ['b', 'c']), t('b', ['d']), t('c', ['d']), t('d')];

test('the critical path follows, from the last task to end, the upstream task each one waited for', () => {
  const timing = new Map<string, TaskTiming>([['a', { start: 0, end: 10 }], ['b', { start: 10, end: 15 }], ['c', { start: 10, end: 40 }], ['d', { start: 40, end: 50 }]]);
  assert.deepEqual(criticalPath(diamond, timing), ['a', 'c', 'd']);
  timing.set('b', { start: 10, end: 45 });
  assert.deepEqual(criticalPath(diamond, timing), ['a', 'b', 'd']);
  assert.deepEqual(criticalPath(diamond, new Map()), []);
  // A task that did not run breaks the chain where it is.
  assert.deepEqual(criticalPath(diamond, new Map([['c', { start: 10, end: 40 }], ['d', { start: 40, end: 50 }]])), ['c', 'd']);
});

test('the chart: queued and running segments per task, in start order, the critical path marked', () => {
  const cells = [cell('a', 'success', 0, 1, 10), cell('b', 'success', 10, 12, 15), cell('c', 'success', 11, 14, 40), cell('d', 'failed', 41, 42, 50)];
  const chart = ganttChart(diamond, cells, Date.UTC(2026, 0, 1, 0, 5));
  assert.deepEqual(chart.bars.map((b) => b.taskId), ['a', 'b', 'c', 'd']);
  assert.deepEqual(chart.critical, ['a', 'c', 'd']);
  assert.deepEqual(chart.bars.map((b) => b.critical), [true, false, true, true]);
  const c = chart.bars[2]!;
  assert.equal(c.start! - c.queued!, 3000);
  assert.equal(c.end - c.start!, 26_000);
  assert.equal(chart.from, Date.UTC(2026, 0, 1));
  assert.equal(chart.to, Date.UTC(2026, 0, 1, 0, 0, 50));
});

test('what still runs ends now; what waits in the queue has no running part; what never queued is not drawn', () => {
  const now = Date.UTC(2026, 0, 1, 0, 1);
  const chart = ganttChart(diamond, [cell('a', 'success', undefined, 0, 10), cell('c', 'running', 10, 11, undefined), cell('b', 'queued', 12, undefined, undefined)], now);
  const byId = new Map(chart.bars.map((b) => [b.taskId, b]));
  assert.equal(byId.get('c')!.end, now);
  assert.equal(byId.get('c')!.open, true);
  assert.equal(byId.get('b')!.start, undefined);
  assert.equal(byId.get('b')!.queued, Date.UTC(2026, 0, 1, 0, 0, 12));
  assert.ok(!byId.has('d'));
  assert.equal(ganttChart(diamond, [], now).bars.length, 0);
});

test('axis ticks are round steps inside the span', () => {
  const from = Date.UTC(2026, 0, 1, 0, 0, 3);
  const ticks = axisTicks(from, from + 50_000);
  assert.deepEqual(ticks.map((x) => (x - Date.UTC(2026, 0, 1)) / 1000), [10, 20, 30, 40, 50]);
  assert.ok(axisTicks(0, 3 * 86_400_000 * 30).length <= 50);
});

test('states are drawn in the editor\'s theme colours, the most urgent of several shown', () => {
  assert.equal(stateColor('failed'), 'var(--vscode-testing-iconFailed)');
  assert.equal(stateColor('running'), 'var(--vscode-charts-blue)');
  assert.equal(stateColor(undefined), 'var(--vscode-descriptionForeground)');
  assert.equal(summaryState(['success', 'running', undefined, 'failed']), 'failed');
  assert.equal(summaryState(['success', 'skipped']), 'success');
  assert.equal(summaryState([undefined]), undefined);
});

test('a cell\'s hover says its state, try and times', () => {
  const text = cellHover('load', { ...cell('load', 'failed', 0, 2, 9), tryNumber: 2, duration: 7 }, { runId: 'r', state: 'failed', label: '2026-01-01 00:00 UTC' });
  assert.equal(text, 'load · 2026-01-01 00:00 UTC\nfailed · try 2\nqueued 2026-01-01 00:00:00 UTC\nstarted 2026-01-01 00:00:02 UTC\nended 2026-01-01 00:00:09 UTC\ntook 7 s');
  assert.equal(cellHover('load', undefined, undefined), 'load\nno status');
});
