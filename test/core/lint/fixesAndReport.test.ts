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

test('fix all trigger_rule values on 2.x: strings and TriggerRule members in one pass', async () => {
  const src = py(
    'from airflow.operators.empty import EmptyOperator',
    'from airflow.utils.trigger_rule import TriggerRule',
    'a = EmptyOperator(task_id="a", trigger_rule="none_failed_or_skipped")',
    'b = EmptyOperator(task_id="b", trigger_rule=TriggerRule.NONE_FAILED_OR_SKIPPED)',
    'c = EmptyOperator(task_id="c", trigger_rule=TriggerRule.DUMMY)',
  );
  const fixes = (await lintPy(src, '2.10.3')).flatMap((f) => f.fixes.filter((x) => x.kind === 'replaceArgumentValue'));
  assert.equal(fixes.length, 3);
  const { edits, skipped } = mergeFixEdits(src, fixes);
  assert.equal(skipped.length, 0);
  const after = applyFixes(src, edits);
  assert.deepEqual(after.split('\n').slice(2, 5), [
    'a = EmptyOperator(task_id="a", trigger_rule="none_failed_min_one_success")',
    'b = EmptyOperator(task_id="b", trigger_rule=TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS)',
    'c = EmptyOperator(task_id="c", trigger_rule=TriggerRule.ALWAYS)',
  ]);
  assert.deepEqual((await lintPy(after, '3.0.6')).filter((f) => f.message.includes('trigger_rule') || f.message.includes('TriggerRule')), []);
});

test('the @apply_defaults removal: an import shared with other names loses that name only; an import alone in a block becomes `pass`', async () => {
  const src = py(
    'from airflow.utils.decorators import apply_defaults, fixup_decorator_warning_stack',
    'class Op:',
    '    @apply_defaults',
    '    def __init__(self):',
    '        pass',
    'if True:',
    '    from airflow.utils.decorators import apply_defaults',
  );
  const [first, last] = (await lintPy(src, '3.0.6')).filter((f) => f.message.includes('apply_defaults'));
  const after = applyFixes(src, first!.fixes[0]!.edits);
  assert.equal(after.split('\n')[0], 'from airflow.utils.decorators import fixup_decorator_warning_stack');
  assert.doesNotMatch(after, /@apply_defaults/);
  assert.match(applyFixes(src, last!.fixes[0]!.edits), /\nif True:\n {4}pass\n$/);
});

test('no @apply_defaults removal fix for an aliased or unused import (nothing the incremental linter could keep in step)', async () => {
  const aliased = py('from airflow.utils.decorators import apply_defaults as ad', 'class Op:', '    @ad', '    def __init__(self):', '        pass');
  const unused = py('from airflow.utils.decorators import apply_defaults');
  for (const src of [aliased, unused]) {
    const [f] = await lintPy(src, '3.0.6');
    assert.equal(f!.code, 'AIR301');
    assert.deepEqual(f!.fixes, []);
  }
});
