import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../../src/core/lint/types';
import { lintPy, py, sitesOf } from './lintSetup';

const triggers = (fs: readonly Finding[]) => fs.filter((f) => f.message.includes('external_trigger'));
const inlets = (fs: readonly Finding[]) => fs.filter((f) => f.message.includes('inlet_events'));

test('dag_run.external_trigger: AIR301 off a @task function\'s **context (as ruff), MWAA301 at the sites ruff skips', async () => {
  const src = py(
    'from airflow.sdk import task, get_current_context, BaseOperator',
    'from airflow.models.dagrun import DagRun',
    '@task',
    'def a(**context):',
    '    run = context["dag_run"]',
    '    return run.external_trigger, context.get("dag_run").external_trigger, context["dag_run"].external_trigger',
    '@task',
    'def b(dag_run=None):',
    '    return dag_run.external_trigger',
    'def on_failure(context):',
    '    return context["dag_run"].external_trigger',
    'def c():',
    '    ctx = get_current_context()',
    '    return ctx["dag_run"].external_trigger',
    'class Op(BaseOperator):',
    '    def execute(self, context):',
    '        return context["dag_run"].external_trigger',
    'manual = DagRun.external_trigger',
    'cmd = "{% if dag_run.external_trigger %}manual{% endif %} {{ dag_run.external_trigger }}"',
  );
  const found = triggers(await lintPy(src, '3.0.6'));
  assert.deepEqual(sitesOf(src, found), [
    [5, 'external_trigger', 'AIR301'],
    [5, 'external_trigger', 'AIR301'],
    [5, 'external_trigger', 'AIR301'],
    [8, 'external_trigger', 'MWAA301'],
    [10, 'external_trigger', 'MWAA301'],
    [13, 'external_trigger', 'MWAA301'],
    [16, 'external_trigger', 'MWAA301'],
    [17, 'external_trigger', 'MWAA301'],
    [18, 'external_trigger', 'MWAA301'],
    [18, 'external_trigger', 'MWAA301'],
  ]);
  assert.ok(found.every((f) => f.severity === 'error'));
  assert.match(found[0]!.message, /removed in Airflow 3\.0; use `run_type` \(`DagRunType\.MANUAL` for a manual trigger\)/);
});

test('external_trigger elsewhere is not a DAG run\'s: other objects, rebound variables, f-strings, plain text', async () => {
  const src = py(
    'from airflow.sdk import task',
    '@task',
    'def a(**context):',
    '    run = context["dag_run"]',
    '    run = load_other()',
    '    cfg = context["params"]',
    '    return run.external_trigger, cfg.external_trigger, context["ti"].external_trigger',
    'def b(dag_run):',
    '    return dag_run.external_trigger',
    'label = f"{{ dag_run.external_trigger }}"',
    'note = "dag_run.external_trigger is gone"',
    'config.external_trigger = True',
  );
  assert.deepEqual(triggers(await lintPy(src, '3.0.6')), []);
});

test('external_trigger: nothing on Airflow 2 (it still exists there), the upgrade check shows it', async () => {
  const src = py('from airflow.decorators import task', '@task', 'def a(**context):', '    return context["dag_run"].external_trigger');
  assert.deepEqual(triggers(await lintPy(src, '2.10.3')), []);
  const [up] = triggers(await lintPy(src, '2.10.3', '3.0.6'));
  assert.equal(up!.upgradeOnly, true);
  assert.match(up!.message, /\[upgrade check: Airflow 3\.0\.6\]$/);
});

test('inlet_events["<uri>"]: a string key is AIR301 off **context (also through a variable), MWAA301 elsewhere; Asset keys pass', async () => {
  const src = py(
    'from airflow.sdk import Asset, BaseOperator, task',
    '@task',
    'def a(**context):',
    '    events = context["inlet_events"]',
    '    first = events["s3://b/k"]',
    '    second = context.get("inlet_events")["s3://b/j"]',
    '    by_asset = context["inlet_events"][Asset("s3://b/k")]',
    '    by_index = events[0]',
    '    events = other()',
    '    return events["s3://b/not-inlets"]',
    '@task',
    'def b(inlet_events=None):',
    '    return inlet_events["s3://b/k"]',
    'class Op(BaseOperator):',
    '    def execute(self, context):',
    "        return context['inlet_events']['s3://b/k']",
  );
  const found = inlets(await lintPy(src, '3.0.6'));
  assert.deepEqual(sitesOf(src, found), [
    [4, '"s3://b/k"', 'AIR301'],
    [5, '"s3://b/j"', 'AIR301'],
    [12, '"s3://b/k"', 'MWAA301'],
    [15, "'s3://b/k'", 'MWAA301'],
  ]);
  assert.match(found[0]!.message, /Airflow 3 raises TypeError\); use `inlet_events\[Asset\("<uri>"\)\]`/);
  assert.deepEqual(inlets(await lintPy(src, '2.10.3')), []);
});
