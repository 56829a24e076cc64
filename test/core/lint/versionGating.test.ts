import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareVersions, gateRule } from '../../../src/core/lint/airflowVersion';
import { lintPy, py } from './lintSetup';

test('compareVersions is numeric per segment', () => {
  assert.ok(compareVersions('2.10.3', '2.9.2') > 0);
  assert.ok(compareVersions('3.0', '3.0.6') < 0);
  assert.equal(compareVersions('3.0.0', '3.0'), 0);
});

test('gateRule: removed -> error, deprecated -> warning, later -> nothing unless upgrade target', () => {
  const rule = { deprecatedIn: '2.4', removedIn: '3.0' };
  assert.equal(gateRule(rule, { airflowVersion: '3.0.6' })?.severity, 'error');
  assert.equal(gateRule(rule, { airflowVersion: '2.5.1' })?.severity, 'warning');
  assert.match(gateRule(rule, { airflowVersion: '2.5.1' })!.reason, /deprecated since Airflow 2\.4/);
  assert.equal(gateRule(rule, { airflowVersion: '2.2.2' }), undefined);
  const upgrade = gateRule(rule, { airflowVersion: '2.2.2', upgradeTarget: '3.0' })!;
  assert.equal(upgrade.severity, 'error');
  assert.equal(upgrade.upgradeOnly, true);
  // Deprecated today, removed in the upgrade target: the check reports what breaks.
  const breaks = gateRule(rule, { airflowVersion: '2.5.1', upgradeTarget: '3.0' })!;
  assert.deepEqual([breaks.severity, breaks.upgradeOnly, breaks.at], ['error', true, '3.0']);
  // Already removed today: judged today, not as an upgrade finding.
  assert.equal(gateRule(rule, { airflowVersion: '3.0.6', upgradeTarget: '3.1' })!.upgradeOnly, false);
});

test('schedule_interval across versions: silent on 2.2, warning on 2.4+, error on 3.x', async () => {
  const src = py('from airflow import DAG', 'DAG("d", schedule_interval="@daily")');
  const at = async (v: string, up?: string) => (await lintPy(src, v, up)).filter((f) => f.message.includes('schedule_interval'));
  assert.equal((await at('2.2.2')).length, 0);
  assert.equal((await at('2.4.3'))[0]!.severity, 'warning');
  assert.equal((await at('3.0.6'))[0]!.severity, 'error');
  const upgrade = (await at('2.2.2', '3.0'))[0]!;
  assert.equal(upgrade.severity, 'error');
  assert.equal(upgrade.upgradeOnly, true);
  assert.match(upgrade.message, /upgrade check: Airflow 3\.0/);
});

test('a name deprecated only in 3.0 is not reported on 2.10 without an upgrade target', async () => {
  const src = py('from airflow.decorators import task');
  assert.equal((await lintPy(src, '2.10.3')).length, 0);
  const [f] = await lintPy(src, '3.0.6');
  assert.equal(f!.severity, 'warning');
  assert.equal(f!.code, 'AIR311');
  const [u] = await lintPy(src, '2.10.3', '3.0.6');
  assert.equal(u!.upgradeOnly, true);
});

test('trigger_rule none_failed_or_skipped across versions: silent on 2.1, MWAA202 warning on 2.2+, AIR301 error on 3.x, the removal in an upgrade check', async () => {
  const src = py('from airflow.operators.empty import EmptyOperator', 'EmptyOperator(task_id="e", trigger_rule="none_failed_or_skipped")');
  const at = async (v: string, up?: string) => (await lintPy(src, v, up)).filter((f) => f.message.includes('trigger_rule'));
  assert.equal((await at('2.1.4')).length, 0);
  assert.deepEqual((await at('2.2.2')).map((f) => [f.code, f.severity]), [['MWAA202', 'warning']]);
  assert.deepEqual((await at('3.0.6')).map((f) => [f.code, f.severity]), [['AIR301', 'error']]);
  const upgrade = await at('2.10.3', '3.0.6');
  assert.deepEqual(upgrade.map((f) => [f.code, f.severity, f.upgradeOnly]), [['AIR301', 'error', true]]);
});

test('TriggerRule.NONE_FAILED_OR_SKIPPED from 2.10 with an upgrade target: the removal (name row), not also the 2.x deprecation', async () => {
  const src = py(
    'from airflow.operators.empty import EmptyOperator',
    'from airflow.utils.trigger_rule import TriggerRule',
    'EmptyOperator(task_id="e", trigger_rule=TriggerRule.NONE_FAILED_OR_SKIPPED)',
  );
  const found = (await lintPy(src, '2.10.3', '3.0.6')).filter((f) => f.range.start.line === 2);
  assert.deepEqual(found.map((f) => [f.code, f.severity, f.upgradeOnly]), [['AIR301', 'error', true]]);
});
