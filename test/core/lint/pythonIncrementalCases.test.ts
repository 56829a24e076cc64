/**
 * Rules that judge one statement by another (a context bound in one statement and read in the
 * next, a default_args dict passed to a DAG elsewhere, a class's bases, a variable's bindings):
 * after every edit, the incremental linter must give exactly what a full lint of the text gives.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IncrementalPythonLint } from '../../../src/core/lint/python/incrementalLint';
import { TextIndex } from '../../../src/core/lint/textIndex';
import { getLinter, py } from './lintSetup';

const TARGET = { airflowVersion: '3.0.6' };

/** Applies each [from, to] replacement in turn; after each the result must equal a full lint. Returns the finding counts. */
async function editsMatchFullLint(src: string, edits: readonly (readonly [string, string])[]): Promise<number[]> {
  const linter = await getLinter();
  const inc = IncrementalPythonLint.open(linter, src, TARGET);
  const counts = [inc.current.findings.length];
  try {
    let text = src;
    for (const [from, to] of edits) {
      const at = text.indexOf(from);
      assert.ok(at >= 0, `"${from}" not in the text`);
      const index = new TextIndex(text);
      const r = inc.update({ range: { start: index.positionAt(at), end: index.positionAt(at + from.length) }, text: to });
      text = text.slice(0, at) + to + text.slice(at + from.length);
      assert.deepEqual(r.findings, linter.lintText(text, TARGET).findings, `after "${from}" -> "${to}"`);
      counts.push(r.findings.length);
    }
  } finally {
    inc.doc.dispose();
  }
  return counts;
}

test('a get_current_context() binding edited in another statement', async () => {
  const src = py(
    'from airflow.sdk import get_current_context',
    'def f():',
    '    ctx2 = get_current_context()',
    '    print("x")',
    '    return ctx2["tomorrow_ds"]',
  );
  assert.deepEqual(await editsMatchFullLint(src, [['ctx2 = get_current_context()', 'ctx2 = load()'], ['ctx2 = load()', 'ctx2 = get_current_context()'], ['print("x")', 'ctx2 = 1']]), [1, 0, 1, 1]);
});

test('a dag_run or inlet_events variable rebound in another statement', async () => {
  const src = py(
    'from airflow.sdk import task',
    '@task',
    'def f(**context):',
    '    run = context["dag_run"]',
    '    events = context["inlet_events"]',
    '    print(run.external_trigger)',
    '    return events["s3://b/k"]',
  );
  assert.deepEqual(
    await editsMatchFullLint(src, [
      ['context["dag_run"]', 'context["ti"]'],
      ['context["inlet_events"]', 'context["outlet_events"]'],
      ['context["outlet_events"]', 'context["inlet_events"]'],
      ['print(run.external_trigger)', 'print(events["s3://b/j"])'],
    ]),
    [2, 1, 0, 1, 2],
  );
});

test('a default_args dict and the DAG it is passed to, in different statements of a function', async () => {
  const src = py(
    'from datetime import datetime',
    'from airflow.sdk import DAG',
    'def make(name):',
    '    conf = {"start_date": datetime.now()}',
    '    print(name)',
    '    return DAG(name, default_args=conf)',
  );
  assert.deepEqual(
    await editsMatchFullLint(src, [
      ['return DAG(name, default_args=conf)', 'return build(name, default_args=conf)'],
      ['build(name, default_args=conf)', 'DAG(name, default_args=conf)'],
      ['print(name)', 'conf = {}'],
    ]),
    [1, 0, 1, 1],
  );
});

test('class bodies: plugin attributes, an operator\'s execute parameters, a secrets backend\'s overrides', async () => {
  const src = py(
    'from airflow.plugins_manager import AirflowPlugin',
    'from airflow.sdk import BaseOperator',
    'from airflow.secrets.base_secrets import BaseSecretsBackend',
    'class P(AirflowPlugin):',
    '    name = "p"',
    '    macros = []',
    'class Op(BaseOperator):',
    '    def execute(self, context):',
    '        return 1',
    'class B(BaseSecretsBackend):',
    '    def get_conn_value(self, conn_id):',
    '        return None',
  );
  assert.deepEqual(
    await editsMatchFullLint(src, [
      ['macros = []', 'hooks = []'],
      ['def execute(self, context)', 'def execute(self, next_ds, context)'],
      ['def get_conn_value(self, conn_id)', 'def get_conn_uri(self, conn_id)'],
      ['        return None', '        return self.get_connections(conn_id)'],
      ['hooks = []', 'macros = []'],
    ]),
    [0, 1, 2, 3, 4, 3],
  );
});
