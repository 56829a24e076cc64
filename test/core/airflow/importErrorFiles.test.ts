import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dagsRootOf, mapImportErrors } from '../../../src/core/airflow/importErrorFiles';

const files: Record<string, string[]> = {
  'broken.py': ['from airflow import DAG', 'import nope_module', ''],
  'sub/syntax.py': ['from airflow import DAG', '', '    with DAG(dag_id="x" schedule=None) as dag:', '        pass'],
};
const readLine = (rel: string, line: number) => files[rel]?.[line - 1] ?? (files[rel] ? '' : undefined);

test('an MWAA import error maps to the local file and line, first non-blank column', () => {
  const trace = 'Traceback (most recent call last):\n  File "/usr/local/airflow/dags/broken.py", line 2, in <module>\n    import nope_module\nModuleNotFoundError: No module named \'nope_module\'';
  const { local, remote } = mapImportErrors([{ id: 1, filename: '/usr/local/airflow/dags/broken.py', stackTrace: trace }], readLine);
  assert.equal(remote.length, 0);
  assert.deepEqual({ ...local[0], error: undefined }, { relativePath: 'broken.py', line: 1, column: 0, message: "ModuleNotFoundError: No module named 'nope_module'", error: undefined });
});

test('a SyntaxError takes its column from the caret in the local line', () => {
  const trace = '  File "/usr/local/airflow/dags/sub/syntax.py", line 3\n    with DAG(dag_id="x" schedule=None) as dag:\n                    ^^^^^^^^^^^^^^^^^^^\nSyntaxError: invalid syntax. Perhaps you forgot a comma?';
  const { local } = mapImportErrors([{ id: 2, filename: '/usr/local/airflow/dags/sub/syntax.py', stackTrace: trace }], readLine);
  assert.equal(local[0]!.line, 2);
  assert.equal(local[0]!.column, 4 + 'with DAG(dag_id='.length);
});

test('a file not in the workspace stays remote; another DAGs root is found from the local files', () => {
  const trace = 'Traceback:\n  File "/opt/elsewhere/dags/broken.py", line 2, in <module>\nModuleNotFoundError: x';
  assert.equal(dagsRootOf('/opt/elsewhere/dags/broken.py', readLine), '/opt/elsewhere/dags');
  const mapped = mapImportErrors([
    { id: 3, filename: '/opt/elsewhere/dags/broken.py', stackTrace: trace },
    { id: 4, filename: '/usr/local/airflow/dags/gone.py', stackTrace: '  File "/usr/local/airflow/dags/gone.py", line 1\nNameError: x' },
  ], readLine);
  assert.deepEqual(mapped.local.map((l) => [l.relativePath, l.line]), [['broken.py', 1]]);
  assert.deepEqual(mapped.remote.map((r) => r.id), [4]);
});
