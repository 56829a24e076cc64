import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findDagSites, type DagSite } from '../../../src/core/airflow/dagDefinitions';

/** A DAG file's lines and the sites findDagSites must report in it, in order. */
const CASES: Array<{ name: string; lines: string[]; sites: DagSite[] }> = [
  {
    name: 'DAG(...) calls: first argument, dag_id keyword, with-statements, dotted names',
    lines: [
      'from airflow import DAG',
      'import airflow',
      'with DAG("first", schedule=None) as dag:',
      '    pass',
      'd2 = DAG(',
      '    schedule=None,',
      "    dag_id='second',",
      ')',
      'd3 = airflow.DAG(dag_id="third")',
      '# DAG("commented")',
      'x = "DAG(\'in a string\')"',
      'MyDAG("not_ours")',
    ],
    sites: [{ dagId: 'first', line: 2 }, { dagId: 'second', line: 4 }, { dagId: 'third', line: 8 }],
  },
  {
    name: '@dag decorators: the function name, or dag_id when given',
    lines: [
      'from airflow.decorators import dag',
      '@dag(schedule=None, start_date=None)',
      'def my_pipeline():',
      '    pass',
      '',
      '@dag',
      'def bare():',
      '    pass',
      '@dag(',
      '    dag_id="explicit",',
      ')',
      'def ignored_name():',
      '    pass',
    ],
    sites: [{ dagId: 'my_pipeline', line: 1 }, { dagId: 'bare', line: 5 }, { dagId: 'explicit', line: 8 }],
  },
];

for (const c of CASES) {
  test(c.name, () => assert.deepEqual(findDagSites(c.lines.join('\n')), c.sites));
}

test('a dynamic id gives no site; a file without DAGs is skipped quickly', () => {
  assert.deepEqual(findDagSites('with DAG(dag_id=f"x_{i}") as d:\n  pass'), []);
  assert.deepEqual(findDagSites('print("hello")\n'), []);
});
