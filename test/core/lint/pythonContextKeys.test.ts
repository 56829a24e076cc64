import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../../src/core/lint/types';
import { lintPy, py, sitesOf, textOf, withFix } from './lintSetup';

const contextKeys = (fs: readonly Finding[]) => fs.filter((f) => f.message.startsWith('Context key'));

test('context["execution_date"] and kwargs.get("next_ds") inside a callable', async () => {
  const src = py(
    'def cb(**kwargs):',
    '    a = kwargs["execution_date"]',
    '    b = kwargs.get("next_ds")',
    'def other(context):',
    '    return context["prev_ds"]',
    'def unrelated(d):',
    '    return d["execution_date"]',
  );
  const keys = contextKeys(await lintPy(src, '3.0.6'));
  assert.deepEqual(keys.map((f) => textOf(src, f.range)), ['execution_date', 'next_ds', 'prev_ds']);
  assert.ok(keys.every((f) => f.severity === 'error'));
  // Not @task functions: ruff's AIR301 does not look there, so ours is MWAA301.
  assert.deepEqual(keys.map((f) => f.code), ['MWAA301', 'MWAA301', 'MWAA301']);
});

test('codes: AIR301 where ruff checks context keys (a @task function\'s **kwargs, task parameters), MWAA301 elsewhere', async () => {
  const src = py(
    'from airflow.decorators import task',
    'from airflow.operators.python import get_current_context',
    '@task(retries=2)',
    'def a(**context):',
    '    def inner():',
    '        return context["prev_ds"]',
    '    return context["execution_date"], context.get("next_ds")',
    '@task',
    'def b(execution_date=None):',
    '    ctx = get_current_context()',
    '    return ctx["prev_ds"]',
    'def on_failure(context):',
    '    return context["prev_ds"]',
    'cmd = "echo {{ prev_ds }}"',
  );
  const keys = contextKeys(await lintPy(src, '3.0.6'));
  assert.deepEqual(sitesOf(src, keys), [
    [5, 'prev_ds', 'MWAA301'],
    [6, 'execution_date', 'AIR301'],
    [6, 'next_ds', 'AIR301'],
    [8, 'execution_date', 'AIR301'],
    [10, 'prev_ds', 'MWAA301'],
    [12, 'prev_ds', 'MWAA301'],
    [13, 'prev_ds', 'MWAA301'],
  ]);
  // On 2.10 the same keys are 2.x deprecations, whatever the site.
  const on2 = contextKeys(await lintPy(src, '2.10.3'));
  assert.ok(on2.length > 0 && on2.every((f) => f.code === 'MWAA203' && f.severity === 'warning'));
});

test('custom **kw name and get_current_context() results are followed', async () => {
  const src = py(
    'from airflow.operators.python import get_current_context',
    'def f(**kw):',
    '    ctx2 = get_current_context()',
    '    return kw["yesterday_ds"], ctx2["tomorrow_ds"]',
  );
  const keys = contextKeys(await lintPy(src, '3.0.6'));
  assert.deepEqual(keys.map((f) => textOf(src, f.range)), ['yesterday_ds', 'tomorrow_ds']);
});

test('Jinja templates in strings: {{ execution_date }} yes, {{ dag_run.conf }} no, f-strings no', async () => {
  const src = py(
    'cmd = "echo {{ execution_date }} {{ dag_run.conf }} {{ next_ds_nodash }}"',
    'sql = """',
    'SELECT * FROM t WHERE d = \'{{ prev_ds }}\'',
    '"""',
    'x = f"{{{{ execution_date }}}}"',
  );
  const keys = (await lintPy(src, '2.10.3')).filter((f) => f.message.includes('Jinja'));
  assert.deepEqual(keys.map((f) => [textOf(src, f.range), f.range.start.line]), [
    ['execution_date', 0],
    ['next_ds_nodash', 0],
    ['prev_ds', 2],
  ]);
  assert.ok(keys.every((f) => f.severity === 'warning'));
  assert.match(keys[0]!.message, /deprecated since Airflow 2\.2/);
});

test('quick fix: renamed context key triggering_dataset_events -> triggering_asset_events', async () => {
  const src = py('def f(**context):', '    return context["triggering_dataset_events"]');
  const f = contextKeys(await lintPy(src, '3.0.6'))[0]!;
  assert.equal(withFix(src, f, 'renameContextKey'), py('def f(**context):', '    return context["triggering_asset_events"]'));
});

test('@task function parameters named after removed keys', async () => {
  const src = py('from airflow.decorators import task', '@task', 'def t(execution_date=None, other=1):', '    pass');
  const keys = contextKeys(await lintPy(src, '3.0.6'));
  assert.deepEqual(keys.map((f) => textOf(src, f.range)), ['execution_date']);
});

test('execute(self, next_ds, context) of an operator: AIR301 where ruff looks (any airflow BaseOperator, also through a class of the file), MWAA301 for other operator bases', async () => {
  const src = py(
    'from airflow.sdk import BaseOperator',
    'from airflow.models.baseoperator import BaseOperator as ModelsBaseOperator',
    'from airflow.providers.standard.operators.bash import BashOperator',
    'class A(BaseOperator):',
    '    def execute(self, next_ds, context):',
    '        pass',
    '    def helper(self, next_ds):',
    '        pass',
    'class B(A):',
    '    async def execute(self, context, *, prev_ds: str = None, triggering_dataset_events=None):',
    '        pass',
    'class C(ModelsBaseOperator):',
    '    def execute(self, context, execution_date):',
    '        pass',
    'class D(BashOperator):',
    '    def execute(self, yesterday_ds, context):',
    '        pass',
    'class NotAnOperator:',
    '    def execute(self, next_ds, context):',
    '        pass',
    'def execute(next_ds, context):',
    '    pass',
  );
  const keys = contextKeys(await lintPy(src, '3.0.6'));
  assert.deepEqual(sitesOf(src, keys), [
    [4, 'next_ds', 'AIR301'],
    [9, 'prev_ds', 'AIR301'],
    // ruff checks the renamed key in subscripts only, not as a parameter.
    [9, 'triggering_dataset_events', 'MWAA301'],
    [12, 'execution_date', 'AIR301'],
    [15, 'yesterday_ds', 'MWAA301'],
  ]);
  assert.match(keys[0]!.message, /^Context key `next_ds` \(execute\(\) parameter\) is removed in Airflow 3\.0/);
  const on2 = contextKeys(await lintPy(src, '2.10.3'));
  assert.deepEqual(on2.map((f) => [f.code, f.severity]), Array.from({ length: 4 }, () => ['MWAA203', 'warning']));
});

test('a key removed in 3.0 that ruff\'s table lacks (tomorrow_ds_nodash) is MWAA301 at 3.x, MWAA203 (deprecated) at 2.x', async () => {
  const src = py('def cb(**context):', '    return context["tomorrow_ds_nodash"]');
  const [on3] = contextKeys(await lintPy(src, '3.0.6'));
  assert.deepEqual([on3!.code, on3!.severity], ['MWAA301', 'error']);
  const [on2] = contextKeys(await lintPy(src, '2.10.3'));
  assert.deepEqual([on2!.code, on2!.severity], ['MWAA203', 'warning']);
});
