import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRunId, parseWebviewMessage } from '../../../src/core/dagView/messages';

test('each message of the webview is taken as it is when well formed', () => {
  const ok = [
    { type: 'ready' },
    { type: 'refresh' },
    { type: 'loadMore' },
    { type: 'painted', seq: 3, ms: 41.5 },
    { type: 'openTask', taskId: 'transform.join.join_orders' },
    { type: 'openLog', runId: 'manual__2026-01-01T00:00:00+00:00', taskId: 'quality.check_quality' },
    { type: 'clearTask', runId: 'scheduled__2026-01-01T00:00:00+00:00', taskId: 'a' },
    { type: 'markRun', runId: 'r', state: 'failed' },
    { type: 'selectRun', runId: 'r' },
    { type: 'layout', collapsed: ['extract', 'transform.join'] },
  ];
  for (const m of ok) assert.deepEqual(parseWebviewMessage(m), m);
});

test('anything else from the webview is refused: other shapes, extra keys, bad ids, out-of-range numbers', () => {
  const bad: unknown[] = [
    undefined, null, 'ready', 42, [], [{ type: 'ready' }],
    { type: 'ready', extra: 1 },
    { type: 'nope' },
    { type: 'openTask' },
    { type: 'openTask', taskId: 7 },
    { type: 'openTask', taskId: '../../etc/passwd' },
    { type: 'openTask', taskId: 'a b' },
    { type: 'openTask', taskId: 'x'.repeat(251) },
    { type: 'openTask', taskId: 'ok', file: '/etc/passwd' },
    { type: 'openLog', runId: 'r', taskId: 'a', tryNumber: 3 },
    { type: 'openLog', runId: '..', taskId: 'a' },
    { type: 'openLog', runId: 'a/b', taskId: 'a' },
    { type: 'openLog', runId: 'line\nbreak', taskId: 'a' },
    { type: 'openLog', runId: 'r'.repeat(251), taskId: 'a' },
    { type: 'clearTask', runId: 'r' },
    { type: 'markRun', runId: 'r', state: 'running' },
    { type: 'markRun', runId: 'r' },
    { type: 'painted', seq: -1, ms: 1 },
    { type: 'painted', seq: 1.5, ms: 1 },
    { type: 'painted', seq: 1, ms: Number.NaN },
    { type: 'painted', seq: 1, ms: 1e12 },
    { type: 'selectRun', runId: '' },
    { type: 'layout' },
    { type: 'layout', collapsed: 'extract' },
    { type: 'layout', collapsed: ['../x'] },
    { type: 'layout', collapsed: Array.from({ length: 1001 }, (_, i) => `g${i}`) },
  ];
  for (const m of bad) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m));
});

test('collapsed groups come back sorted and once each', () => {
  assert.deepEqual(parseWebviewMessage({ type: 'layout', collapsed: ['b', 'a', 'b'] }), { type: 'layout', collapsed: ['a', 'b'] });
});

test('run ids: Airflow\'s own forms pass; empty, dot segments, slashes and control characters do not', () => {
  for (const id of ['manual__2026-01-01T00:00:00.123456+00:00', 'scheduled__2026-01-01T00:00:00+00:00', 'backfill__x', 'my run']) assert.ok(isRunId(id), id);
  for (const id of ['', '.', '..', 'a/b', 'a\u0000', 'tab\there', 7, null]) assert.ok(!isRunId(id), String(id));
});
