import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findLocalRunSites, MAX_SCANNED_CHARS } from '../../../src/core/localRun/taskLocations';

const tasksOf = (lines: string[]) => findLocalRunSites(lines.join('\n')).tasks.map((t) => [t.taskId, t.line, t.dagId ?? null, t.kind]);

test('operators in a `with DAG` block: literal task_id, the call\'s first line, the block\'s DAG', () => {
  const text = [
    'from airflow import DAG',
    'from airflow.operators.python import PythonOperator',
    'from airflow.operators.bash import BashOperator',
    'with DAG("etl", schedule=None) as dag:',
    '    extract = PythonOperator(',
    '        task_id="extract",',
    '        python_callable=lambda: 1,',
    '    )',
    "    load = BashOperator(task_id='load', bash_command='echo')",
    '    for i in range(3):',
    '        BashOperator(task_id=f"dyn_{i}", bash_command="x")',
    '    name = "computed"',
    '    BashOperator(task_id=name, bash_command="x")',
    '    extract >> load',
  ];
  const sites = findLocalRunSites(text.join('\n'));
  assert.deepEqual(sites.dags, [{ dagId: 'etl', line: 3 }]);
  assert.deepEqual(tasksOf(text), [['extract', 4, 'etl', 'operator'], ['load', 8, 'etl', 'operator']]);
});

test('@task functions: the function name, task_id= in the decorator, @task.xxx, not @task_group', () => {
  const text = [
    'from airflow.decorators import dag, task, task_group',
    '@dag(schedule=None)',
    'def pipeline():',
    '    @task',
    '    def first():',
    '        return 1',
    '    @task.bash',
    '    def shell():',
    '        return "echo"',
    '    @task(task_id="renamed", retries=2)',
    '    def original():',
    '        pass',
    '    @task.virtualenv(',
    '        requirements=["x"],',
    '    )',
    '    @some_other_decorator',
    '    async def in_venv():',
    '        pass',
    '    @task_group',
    '    def group():',
    '        pass',
    '    first() >> shell()',
    'pipeline()',
  ];
  assert.deepEqual(tasksOf(text), [
    ['first', 3, 'pipeline', 'decorator'],
    ['shell', 6, 'pipeline', 'decorator'],
    ['renamed', 9, 'pipeline', 'decorator'],
    ['in_venv', 12, 'pipeline', 'decorator'],
  ]);
});

test('several DAGs: each task goes to its block, its dag= variable, or none when the file does not say', () => {
  const text = [
    'from airflow import DAG',
    'from airflow.decorators import task',
    'from airflow.operators.empty import EmptyOperator',
    '@task',
    'def shared():',
    '    pass',
    'a = DAG("dag_a", schedule=None)',
    'b = DAG(dag_id="dag_b", schedule=None)',
    'EmptyOperator(task_id="on_b", dag=b)',
    'with a:',
    '    EmptyOperator(task_id="in_a")',
    'with DAG("dag_c") as c:',
    '    EmptyOperator(task_id="in_c")',
    '',
    '    # a comment at column 0 does not end the block',
    '# so does this one',
    '    EmptyOperator(task_id="still_c")',
    'EmptyOperator(task_id="loose")',
  ];
  assert.deepEqual(tasksOf(text), [
    ['shared', 3, null, 'decorator'],
    ['on_b', 8, 'dag_b', 'operator'],
    ['in_a', 10, 'dag_a', 'operator'],
    ['in_c', 12, 'dag_c', 'operator'],
    ['still_c', 16, 'dag_c', 'operator'],
    ['loose', 17, null, 'operator'],
  ]);
});

test('one DAG in the file: module-level @task functions and operators belong to it', () => {
  const text = [
    'from airflow.sdk import DAG, task',
    '@task',
    'def helper_task():',
    '    pass',
    'with DAG(dag_id="only"):',
    '    helper_task()',
  ];
  assert.deepEqual(tasksOf(text), [['helper_task', 1, 'only', 'decorator']]);
});

test('TaskGroup blocks prefix ids as Airflow does; prefix_group_id=False does not; .override(task_id=) counts', () => {
  const text = [
    'from airflow import DAG',
    'from airflow.utils.task_group import TaskGroup',
    'from airflow.operators.empty import EmptyOperator',
    'with DAG("g") as dag:',
    '    with TaskGroup("outer") as tg:',
    '        EmptyOperator(task_id="a")',
    '        with TaskGroup(group_id="inner"):',
    '            EmptyOperator(task_id="b")',
    '        EmptyOperator(task_id="c")',
    '    with TaskGroup("flat", prefix_group_id=False):',
    '        EmptyOperator(task_id="d")',
    '    EmptyOperator(task_id="e")',
    '    my_task.override(task_id="overridden")()',
  ];
  assert.deepEqual(tasksOf(text).map((t) => t[0]), ['outer.a', 'outer.inner.b', 'outer.c', 'd', 'e', 'overridden']);
});

test('strings and comments are not code: task_id inside them, brackets in them, triple quotes', () => {
  const text = [
    'from airflow import DAG',
    'from airflow.operators.bash import BashOperator',
    'DOC = """',
    'BashOperator(task_id="in_docstring")',
    '"""',
    '# BashOperator(task_id="commented")',
    'with DAG("s") as dag:',
    '    BashOperator(task_id="real", bash_command="echo \')(\' # not a comment")',
    "    BashOperator(bash_command=r'a\\'b', task_id='second')",
    '    print(dict(task_id="not_a_task"))',
    '    ExternalTaskSensor(task_id="sensor", external_task_id="other")',
    '    BashOperator(task_id="""triple""")',
    '    BashOperator(task_id="bad id with spaces")',
  ];
  assert.deepEqual(tasksOf(text).map((t) => [t[0], t[1]]), [['real', 7], ['second', 8], ['sensor', 10]]);
});

test('a line continued with a backslash or inside brackets does not end a block; CRLF files work', () => {
  const text = [
    'from airflow import DAG',
    'from airflow.operators.empty import EmptyOperator',
    'with DAG("cont") as dag:',
    '    x = 1 + \\',
    '2',
    '    y = [',
    '1,',
    ']',
    '    EmptyOperator(task_id="after")',
  ].join('\r\n');
  const sites = findLocalRunSites(text);
  assert.deepEqual(sites.tasks.map((t) => [t.taskId, t.line, t.dagId]), [['after', 8, 'cont']]);
});

test('bounded: an oversized text is not scanned; many tasks are capped; unterminated strings end', () => {
  assert.deepEqual(findLocalRunSites('task'.repeat(MAX_SCANNED_CHARS / 4 + 1)), { dags: [], tasks: [] });
  const many = ['with DAG("m") as d:', ...Array.from({ length: 3000 }, (_, i) => `    EmptyOperator(task_id="t${i}")`)].join('\n');
  const t0 = performance.now();
  const sites = findLocalRunSites(many);
  assert.equal(sites.tasks.length, 2000);
  assert.ok(performance.now() - t0 < 2000, 'linear time');
  const broken = findLocalRunSites('with DAG("u"):\n    EmptyOperator(task_id="ok")\n    x = "unterminated\n    EmptyOperator(task_id="next")\n');
  assert.deepEqual(broken.tasks.map((t) => t.taskId), ['ok', 'next']);
  // Deep nesting and a quote at the very end do not throw.
  assert.doesNotThrow(() => findLocalRunSites(`task ${'('.repeat(10_000)} "`));
});
