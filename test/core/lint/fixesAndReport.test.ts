import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyFixes, mergeFixEdits } from '../../../src/core/lint/applyFixes';
import { formatUpgradeReport } from '../../../src/core/lint/upgradeReport';
import { lintPy, py } from './lintSetup';

test('applyFixes rejects overlapping edits', () => {
  const r = (a: number, b: number) => ({ start: { line: 0, character: a }, end: { line: 0, character: b } });
  assert.equal(applyFixes('abcdef', [{ range: r(4, 6), newText: 'X' }, { range: r(0, 1), newText: 'Y' }]), 'YbcdX');
  assert.throws(() => applyFixes('abcdef', [{ range: r(0, 3), newText: '' }, { range: r(2, 4), newText: '' }]), /overlapping/);
});

test('fix all of a kind: every schedule_interval in the file renamed at once', async () => {
  const src = py('from airflow import DAG', 'a = DAG("a", schedule_interval=None)', 'b = DAG("b", schedule_interval="@daily")');
  const fixes = (await lintPy(src, '3.0.6')).flatMap((f) => f.fixes.filter((x) => x.kind === 'renameArgument'));
  assert.equal(fixes.length, 2);
  const { edits, skipped } = mergeFixEdits(src, fixes);
  assert.equal(skipped.length, 0);
  assert.equal(applyFixes(src, edits), py('from airflow import DAG', 'a = DAG("a", schedule=None)', 'b = DAG("b", schedule="@daily")'));
});

test('fix all: clashing import rewrites keep the first whole fix and skip the other', async () => {
  const src = py('from airflow.operators.dummy import DummyOperator, EmptyOperator', 'DummyOperator(task_id="x")');
  const fixes = (await lintPy(src, '3.0.6')).flatMap((f) => f.fixes.filter((x) => x.edits.length > 0));
  assert.equal(fixes.length, 2);
  const { edits, skipped } = mergeFixEdits(src, fixes);
  assert.equal(skipped.length, 1);
  const after = applyFixes(src, edits);
  assert.match(after, /from airflow\.providers\.standard\.operators\.empty import EmptyOperator/);
  assert.doesNotMatch(after, /DummyOperator\(/);
});

test('upgrade report lists breaking problems and deprecations per file', async () => {
  const src = py('from airflow import DAG', 'DAG("a", schedule_interval=None)');
  const findings = await lintPy(src, '2.2.2', '3.0');
  const report = formatUpgradeReport('2.2.2', '3.0', [{ file: 'dags/a.py', findings }, { file: 'dags/clean.py', findings: [] }]);
  assert.match(report, /^# Airflow upgrade check: 2\.2\.2 -> 3\.0/);
  assert.match(report, /2 file\(s\) checked: 1 problem\(s\) that break on 3\.0, 1 deprecation\(s\)/);
  assert.match(report, /\| 2 \| error \| AIR301 \| Argument `schedule_interval`/);
  assert.doesNotMatch(report, /clean\.py/);
});
