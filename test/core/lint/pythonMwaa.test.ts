import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findDuplicateDagIds } from '../../../src/core/lint/python/dagIds';
import { byCode, getLinter, lintPy, py, textOf } from './lintSetup';

test('expensive module-level work is reported with its line; the same inside functions is not', async () => {
  const src = py(
    'import boto3, requests',
    'from airflow.models import Variable',
    'from airflow.providers.postgres.hooks.postgres import PostgresHook',
    'cfg = Variable.get("cfg")',
    'client = boto3.client("s3")',
    'r = requests.get("https://example.com")',
    'hook = PostgresHook("pg")',
    'rows = hook.get_records("select 1")',
    'def task_fn():',
    '    Variable.get("fine")',
    '    boto3.resource("s3")',
    '    requests.post("https://example.com")',
    'lazy = lambda: boto3.client("sqs")',
  );
  const work = byCode(await lintPy(src, '2.10.3'), 'MWAA003');
  assert.deepEqual(work.map((f) => f.range.start.line), [3, 4, 5, 7]);
  assert.match(work[0]!.message, /line 4/);
  assert.equal(textOf(src, work[1]!.range), 'boto3.client("s3")');
  assert.match(work[3]!.message, /get_records/);
});

test('dynamic start_date: datetime.now(), utcnow via variable, days_ago in default_args', async () => {
  const src = py(
    'from datetime import datetime, timedelta',
    'import pendulum',
    'from airflow import DAG',
    'from airflow.utils.dates import days_ago',
    'START = datetime.utcnow() - timedelta(days=1)',
    'args = {"start_date": days_ago(2)}',
    'DAG("a", start_date=datetime.now())',
    'DAG("b", start_date=START, default_args=args)',
    'DAG("c", start_date=pendulum.datetime(2024, 1, 1, tz="UTC"))',
  );
  const dyn = byCode(await lintPy(src, '2.10.3'), 'MWAA004');
  assert.deepEqual(dyn.map((f) => textOf(src, f.range)), ['days_ago(2)', 'datetime.now()', 'START']);
});

test('syntax errors carry their position', async () => {
  const src = py('from airflow import DAG', 'def broken(:', '    pass', 'x = (1,');
  const errors = byCode(await lintPy(src), 'MWAA001');
  assert.ok(errors.length >= 1);
  assert.ok(errors.every((f) => f.severity === 'error'));
  assert.ok(errors.some((f) => f.range.start.line === 1), JSON.stringify(errors.map((e) => e.range)));
});

test('a clean file has no findings', async () => {
  const src = py(
    'import pendulum',
    'from airflow.sdk import DAG',
    'from airflow.providers.standard.operators.bash import BashOperator',
    'with DAG("clean", schedule="@daily", start_date=pendulum.datetime(2024, 1, 1, tz="UTC")):',
    '    BashOperator(task_id="t", bash_command="echo {{ ds }}")',
  );
  assert.deepEqual(await lintPy(src, '3.0.6'), []);
});

test('duplicate dag_id across files (DAG("id"), dag_id=, @dag function name)', async () => {
  const linter = await getLinter();
  const target = { airflowVersion: '2.10.3' };
  const a = linter.lintText(py('from airflow import DAG', 'DAG("sales")', 'DAG(dag_id="unique_a")'), target);
  const b = linter.lintText(py('from airflow.decorators import dag', '@dag(schedule=None)', 'def sales():', '    pass'), target);
  const c = linter.lintText(py('from airflow.decorators import dag', '@dag', 'def unique_c():', '    pass'), target);
  assert.deepEqual(c.dags.map((d) => d.dagId), ['unique_c']);
  const dups = findDuplicateDagIds([
    { file: 'a.py', dags: a.dags },
    { file: 'b.py', dags: b.dags },
    { file: 'c.py', dags: c.dags },
  ]);
  assert.deepEqual([...dups.keys()].sort(), ['a.py', 'b.py']);
  const fa = dups.get('a.py')!;
  assert.equal(fa.length, 1);
  assert.equal(fa[0]!.code, 'MWAA002');
  assert.match(fa[0]!.message, /"sales" is also defined at b\.py:3/);
  assert.deepEqual(fa[0]!.range.start, { line: 1, character: 4 });
});

test('dynamic start_date counts only for DAG(), @dag, @task, operators and their default_args, not other functions', async () => {
  const src = py(
    'from datetime import date, datetime, timedelta',
    'import pandas as pd',
    'import pendulum',
    'from airflow.sdk import DAG, dag, task',
    'from airflow.providers.standard.operators.bash import BashOperator',
    'from my_plugins.operators import WarehouseOperator',
    'window = build_report(start_date=datetime.now() - timedelta(days=7))',
    'days = pd.date_range(start_date=datetime.now(), periods=3)',
    'report_settings = {"start_date": datetime.now(), "format": "csv"}',
    'default_args = {"owner": "data", "start_date": date.today()}',
    'shared = {"start_date": pendulum.yesterday()}',
    'def make(name):',
    '    conf = {"start_date": datetime.now()}',
    '    return DAG(name, default_args=conf)',
    'with DAG("a", start_date=datetime.now(), default_args=shared):',
    '    BashOperator(task_id="b", bash_command="true", start_date=datetime.utcnow())',
    '    WarehouseOperator(task_id="w", start_date=pendulum.now())',
    '    helper(start_date=datetime.now())',
    'DAG("d", default_args=dict(start_date=datetime.now()))',
    'DAG("e", default_args={"start_date": datetime.now()}, params={"start_date": datetime.now()})',
    '@dag(start_date=datetime.today())',
    'def f():',
    '    @task(start_date=datetime.now())',
    '    def t():',
    '        pass',
    'BashOperator.partial(task_id="m", start_date=datetime.now()).expand(bash_command=["a"])',
    'functools.partial(run, start_date=datetime.now())',
  );
  const dyn = byCode(await lintPy(src, '2.10.3'), 'MWAA004');
  assert.deepEqual(dyn.map((f) => [f.range.start.line, textOf(src, f.range)]), [
    [9, 'date.today()'],
    [10, 'pendulum.yesterday()'],
    [12, 'datetime.now()'],
    [14, 'datetime.now()'],
    [15, 'datetime.utcnow()'],
    [16, 'pendulum.now()'],
    [18, 'datetime.now()'],
    [19, 'datetime.now()'],
    [20, 'datetime.today()'],
    [22, 'datetime.now()'],
    [25, 'datetime.now()'],
  ]);
});
