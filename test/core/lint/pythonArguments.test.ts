import assert from 'node:assert/strict';
import { test } from 'node:test';
import { byCode, lintPy, py, textOf, withFix } from './lintSetup';

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
