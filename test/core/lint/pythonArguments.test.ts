import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byCode, lintPy, py, sitesOf, textOf, withFix } from './lintSetup';

test('DAG(...) arguments: schedule_interval and concurrency, ranges on the keyword', async () => {
  const src = py('from airflow import DAG', 'dag = DAG("d", schedule_interval="@daily", concurrency=3)');
  const findings = await lintPy(src, '3.0.6');
  const args = byCode(findings, 'AIR301');
  assert.deepEqual(args.map((f) => textOf(src, f.range)), ['schedule_interval', 'concurrency']);
  assert.ok(args.every((f) => f.severity === 'error'));
});

test('quick fix: rename schedule_interval to schedule', async () => {
  const src = py('from airflow import DAG', 'dag = DAG("d", schedule_interval="@daily")');
  const f = (await lintPy(src, '2.10.3')).find((x) => x.message.includes('schedule_interval'))!;
  assert.equal(withFix(src, f, 'renameArgument'), py('from airflow import DAG', 'dag = DAG("d", schedule="@daily")'));
});

test('no rename fix when the new argument is already there', async () => {
  const src = py('from airflow import DAG', 'DAG("d", schedule_interval=None, schedule="@daily")');
  const f = (await lintPy(src, '3.0.6')).find((x) => x.message.includes('schedule_interval'))!;
  assert.equal(f.fixes.length, 0);
});

test('with DAG(...) as dag and @dag(...) are both checked', async () => {
  const src = py(
    'from airflow.models.dag import DAG',
    'from airflow.decorators import dag',
    'with DAG("a", timetable=None) as d:',
    '    pass',
    '@dag(schedule_interval=None, fail_stop=True)',
    'def b():',
    '    pass',
  );
  const findings = (await lintPy(src, '3.0.6')).filter((f) => f.message.startsWith('Argument'));
  assert.deepEqual(findings.map((f) => textOf(src, f.range)), ['timetable', 'schedule_interval', 'fail_stop']);
  assert.match(findings[1]!.message, /@dag/);
});

test('operator arguments: task_concurrency, provide_context, sla; only on Airflow operators', async () => {
  const src = py(
    'from airflow.operators.python import PythonOperator',
    'PythonOperator(task_id="t", python_callable=print, task_concurrency=1, provide_context=True, sla=5)',
    'class MyThing: pass',
    'MyThing(task_concurrency=1)',
  );
  const at3 = (await lintPy(src, '3.0.6')).filter((f) => f.message.startsWith('Argument'));
  assert.deepEqual(at3.map((f) => [textOf(src, f.range), f.severity]), [
    ['task_concurrency', 'error'],
    ['provide_context', 'error'],
    ['sla', 'warning'],
  ]);
  const at2 = (await lintPy(src, '2.10.3')).filter((f) => f.message.startsWith('Argument'));
  assert.deepEqual(at2.map((f) => f.code), ['MWAA202', 'MWAA202']);
});

test("quick fix: trigger_rule='dummy' -> 'always'", async () => {
  const src = py('from airflow.operators.empty import EmptyOperator', 'EmptyOperator(task_id="e", trigger_rule="dummy")');
  const f = (await lintPy(src, '2.10.3')).find((x) => x.message.includes('trigger_rule'))!;
  assert.equal(f.severity, 'warning');
  assert.equal(textOf(src, f.range), 'trigger_rule="dummy"');
  assert.equal(withFix(src, f, 'replaceArgumentValue'), py('from airflow.operators.empty import EmptyOperator', 'EmptyOperator(task_id="e", trigger_rule="always")'));
});

test('class-specific argument: TriggerDagRunOperator(execution_date=) only there', async () => {
  const src = py(
    'from airflow.operators.trigger_dagrun import TriggerDagRunOperator',
    'from airflow.operators.bash import BashOperator',
    'TriggerDagRunOperator(task_id="t", trigger_dag_id="x", execution_date="{{ ds }}")',
    'BashOperator(task_id="b", bash_command="x", execution_date=1)',
  );
  const f = (await lintPy(src, '3.0.6')).filter((x) => x.message.includes('`execution_date`') && x.message.startsWith('Argument'));
  assert.equal(f.length, 1);
  assert.equal(f[0]!.range.start.line, 2);
  assert.match(f[0]!.message, /logical_date/);
});

test("trigger_rule='none_failed_or_skipped': AIR301 on 3.x where ruff looks (operator classes, a bare @task), MWAA301 elsewhere, a 2.x deprecation before", async () => {
  const src = py(
    'from airflow.decorators import task',
    'from airflow.providers.standard.operators.empty import EmptyOperator',
    'from airflow.providers.amazon.aws.sensors.s3 import S3KeySensor',
    'EmptyOperator(task_id="a", trigger_rule="none_failed_or_skipped")',
    '@task(trigger_rule="none_failed_or_skipped")',
    'def b(): pass',
    '@task.python(trigger_rule="none_failed_or_skipped")',
    'def c(): pass',
    'S3KeySensor(task_id="d", bucket_key="k", trigger_rule="none_failed_or_skipped")',
    'EmptyOperator(task_id="e", trigger_rule="none_failed_min_one_success")',
  );
  const rule = (f: { message: string }) => f.message.includes('trigger_rule');
  const at3 = (await lintPy(src, '3.0.6')).filter(rule);
  assert.deepEqual(at3.map((f) => [f.range.start.line, f.code, f.severity]), [
    [3, 'AIR301', 'error'],
    [4, 'AIR301', 'error'],
    [6, 'MWAA301', 'error'],
    [8, 'MWAA301', 'error'],
  ]);
  assert.equal(withFix(src, at3[0]!, 'replaceArgumentValue').split('\n')[3], 'EmptyOperator(task_id="a", trigger_rule="none_failed_min_one_success")');
  const at2 = (await lintPy(src, '2.10.3')).filter(rule);
  assert.deepEqual(at2.map((f) => [f.code, f.severity]), Array(4).fill(['MWAA202', 'warning']));
  assert.match(at2[0]!.message, /deprecated since Airflow 2\.2, removed in 3\.0/);
  assert.equal((await lintPy(src, '2.1.4')).filter(rule).length, 0);
});

test("the enum form trigger_rule=TriggerRule.NONE_FAILED_OR_SKIPPED: a 2.x deprecation with an enum fix; on 3.x one finding (the name's), not two", async () => {
  const src = py(
    'from airflow.operators.empty import EmptyOperator',
    'from airflow.utils.trigger_rule import TriggerRule',
    'EmptyOperator(task_id="a", trigger_rule=TriggerRule.NONE_FAILED_OR_SKIPPED)',
  );
  const [at2] = (await lintPy(src, '2.10.3')).filter((f) => f.range.start.line === 2);
  assert.deepEqual([at2!.code, at2!.severity], ['MWAA202', 'warning']);
  assert.equal(textOf(src, at2!.range), 'trigger_rule=TriggerRule.NONE_FAILED_OR_SKIPPED');
  assert.equal(withFix(src, at2!, 'replaceArgumentValue').split('\n')[2], 'EmptyOperator(task_id="a", trigger_rule=TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS)');
  const at3 = (await lintPy(src, '3.0.6')).filter((f) => f.range.start.line === 2);
  assert.deepEqual(sitesOf(src, at3), [[2, 'TriggerRule.NONE_FAILED_OR_SKIPPED', 'AIR301']]);
});

test("trigger_rule='dummy' stays MWAA301 on 3.x: ruff lists it but reports only the enum member TriggerRule.DUMMY", async () => {
  const src = py('from airflow.operators.bash import BashOperator', 'BashOperator(task_id="t", bash_command="x", trigger_rule="dummy")');
  const [f] = (await lintPy(src, '3.0.6')).filter((x) => x.message.includes('trigger_rule'));
  assert.deepEqual([f!.code, f!.severity], ['MWAA301', 'error']);
});

test('one finding per argument: a ruff removal and a 2.x deprecation of the same argument do not both fire', async () => {
  const src = py(
    'from airflow import DAG',
    'from airflow.operators.weekday import BranchDayOfWeekOperator',
    'DAG("d", default_view="tree")',
    'BranchDayOfWeekOperator(task_id="b", week_day="Monday", follow_task_ids_if_true=[], follow_task_ids_if_false=[], use_task_execution_day=True)',
  );
  const args = (f: { message: string }) => /default_view|use_task_execution_day/.test(f.message);
  const at3 = (await lintPy(src, '3.0.6')).filter(args);
  assert.deepEqual(at3.map((f) => [f.range.start.line, f.code, f.severity]), [
    [2, 'AIR301', 'error'],
    [3, 'AIR301', 'error'],
  ]);
  // Removed outright in 3.0: the removal says "remove it", not the 2.x hint 'grid'.
  assert.match(at3[0]!.message, /remove it/);
  assert.deepEqual(at3[0]!.fixes, []);
  const at2 = (await lintPy(src, '2.10.3')).filter(args);
  assert.deepEqual(at2.map((f) => [f.range.start.line, f.code, f.severity]), [
    [2, 'MWAA202', 'warning'],
    [3, 'MWAA202', 'warning'],
  ]);
  assert.equal(withFix(src, at2[0]!, 'replaceArgumentValue').split('\n')[2], 'DAG("d", default_view="grid")');
});

test('FabAuthManager(appbuilder): the keyword and the first positional argument are removed in 3.0 (ruff AIR301)', async () => {
  const src = py(
    'from airflow.providers.fab.auth_manager.fab_auth_manager import FabAuthManager as Fab',
    'from airflow.providers.fab.auth_manager import fab_auth_manager',
    'a = Fab(None)',
    'b = fab_auth_manager.FabAuthManager(appbuilder=app)',
    'c = Fab()',
    'd = Fab(*args)',
    'class FabAuthManager: pass',
    'e = FabAuthManager(None)',
  );
  const found = await lintPy(src, '3.0.6');
  assert.deepEqual(sitesOf(src, found), [
    [2, 'None', 'AIR301'],
    [3, 'appbuilder', 'AIR301'],
  ]);
  assert.match(found[0]!.message, /Argument `appbuilder` of FabAuthManager\(\.\.\.\) \(passed positionally here\) is removed in Airflow 3\.0; remove it\. The constructor takes no parameter now\./);
  assert.deepEqual(await lintPy(src, '2.10.3'), []);
});

test('operator arguments are AIR3xx on the operator classes ruff checks, MWAA3xx on sensors, transfers and BaseOperator', async () => {
  const src = py(
    'from airflow.providers.amazon.aws.operators.s3 import S3CreateBucketOperator',
    'from airflow.providers.amazon.aws.sensors.s3 import S3KeySensor',
    'from airflow.providers.amazon.aws.transfers.s3_to_redshift import S3ToRedshiftOperator',
    'from airflow.models.baseoperator import BaseOperator',
    'S3CreateBucketOperator(task_id="a", bucket_name="b", task_concurrency=1)',
    'S3KeySensor(task_id="b", bucket_key="k", task_concurrency=1)',
    'S3ToRedshiftOperator(task_id="c", schema="s", table="t", s3_bucket="b", s3_key="k", task_concurrency=1)',
    'BaseOperator(task_id="d", task_concurrency=1)',
  );
  const found = (await lintPy(src, '3.0.6')).filter((f) => f.message.includes('task_concurrency'));
  assert.deepEqual(found.map((f) => [f.range.start.line, f.code]), [
    [4, 'AIR301'],
    [5, 'MWAA301'],
    [6, 'MWAA301'],
    [7, 'MWAA301'],
  ]);
});
