import assert from 'node:assert/strict';
import { test } from 'node:test';
import { locateImportError, snippetColumn } from '../../../src/core/airflow/traceLocation';

test('a runtime error maps to the innermost frame inside the DAGs folder', () => {
  const trace = [
    'Traceback (most recent call last):',
    '  File "<frozen importlib._bootstrap>", line 241, in _call_with_frames_removed',
    '  File "/usr/local/airflow/dags/orders/etl.py", line 12, in <module>',
    '    from orders.helpers import load',
    '  File "/usr/local/airflow/dags/orders/helpers.py", line 3, in <module>',
    '    import pandas_missing',
    "ModuleNotFoundError: No module named 'pandas_missing'",
  ].join('\n');
  assert.deepEqual(locateImportError(trace, '/usr/local/airflow/dags/orders/etl.py'), {
    relativePath: 'orders/helpers.py',
    line: 3,
    summary: "ModuleNotFoundError: No module named 'pandas_missing'",
  });
});

test('a syntax error carries the snippet and caret; the local line gives the column', () => {
  const trace = [
    'Traceback (most recent call last):',
    '  File "/usr/local/airflow/dags/broken.py", line 7',
    '    with DAG("x" schedule=None) as dag:',
    '                 ^^^^^^^^',
    'SyntaxError: invalid syntax. Perhaps you forgot a comma?',
  ].join('\n');
  const loc = locateImportError(trace, '/usr/local/airflow/dags/broken.py')!;
  assert.equal(loc.relativePath, 'broken.py');
  assert.equal(loc.line, 7);
  assert.deepEqual(loc.snippet, { text: 'with DAG("x" schedule=None) as dag:', caret: 13 });
  assert.equal(snippetColumn('    with DAG("x" schedule=None) as dag:', loc.snippet!), 17);
  assert.equal(snippetColumn('something else', loc.snippet!), undefined);
});

test('a trace with no frame in the DAGs folder falls back to the reported file, line 1', () => {
  const loc = locateImportError('Traceback...\nairflow.exceptions.AirflowException: boom', '/usr/local/airflow/dags/a.py');
  assert.deepEqual(loc, { relativePath: 'a.py', line: 1, summary: 'airflow.exceptions.AirflowException: boom' });
});

test('files outside the DAGs folder are not mapped', () => {
  assert.equal(locateImportError('  File "/opt/x.py", line 1\nE: e', '/opt/x.py'), undefined);
});

test('Airflow 3 reports bundle-relative filenames: mapped through the trace\'s absolute frames', () => {
  const trace = [
    'Traceback (most recent call last):',
    '  File "/opt/airflow/dags/etl/broken.py", line 3',
    '    with DAG(dag_id="x" schedule=None) as dag:',
    '                    ^^^^^^^^^^^^^^^^^',
    'SyntaxError: invalid syntax. Perhaps you forgot a comma?',
  ].join('\n');
  const loc = locateImportError(trace, 'etl/broken.py');
  assert.equal(loc?.relativePath, 'etl/broken.py');
  assert.equal(loc?.line, 3);
  // No frame names it (an error raised outside the file): the MWAA root is assumed.
  assert.deepEqual(locateImportError('RuntimeError: x', 'a.py'), { relativePath: 'a.py', line: 1, summary: 'RuntimeError: x' });
});
