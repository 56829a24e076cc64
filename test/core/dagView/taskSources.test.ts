import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { parseDagTasks } from '../../../src/core/airflow/dagStructure';
import { parseLocalStructures, structuresOf, withStructures } from '../../../src/core/dagView/localStructure';
import { localDagFile, taskLines } from '../../../src/core/dagView/taskSources';

const dir = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures', 'dag-view');
const source = fs.readFileSync(path.join(dir, 'dag_view_fixture.py'), 'utf8');
const lineOf = (needle: string) => source.split('\n').findIndex((l) => l.includes(needle));

test('the environment\'s file maps to the bound folder: MWAA\'s DAGs root directly, another root by the longest tail that exists', () => {
  const present = new Set(['/ws/dags/etl/daily.py', '/ws/other/x.py']);
  const exists = (p: string) => present.has(p);
  assert.equal(localDagFile('/usr/local/airflow/dags/etl/daily.py', ['/ws/dags'], exists), '/ws/dags/etl/daily.py');
  assert.equal(localDagFile('/usr/local/airflow/dags/daily.py', ['/ws/dags'], exists), undefined, 'MWAA\'s root is not searched by tail');
  assert.equal(localDagFile('/home/u/.cache/sandbox/af2/dags/etl/daily.py', ['/ws/other', '/ws/dags'], exists), '/ws/dags/etl/daily.py');
  assert.equal(localDagFile('/usr/local/airflow/dags/../../../ws/other/x.py', ['/ws/dags'], exists), undefined, 'no dot segments');
  assert.equal(localDagFile('relative/x.py', ['/ws/other'], exists), undefined);
  assert.equal(localDagFile('/x.py', [], exists), undefined);
});

test('each task of the fixture DAG is found on its own line: operator calls in groups, loops only as the loop\'s call', () => {
  const ids = parseDagTasks('dag_view_fixture', JSON.parse(fs.readFileSync(path.join(dir, 'tasks.af3.json'), 'utf8'))).tasks.map((t) => t.id);
  const { lines, dagLine } = taskLines(source, 'dag_view_fixture', ids);
  assert.equal(dagLine, lineOf('with DAG(dag_id="dag_view_fixture"'));
  assert.equal(lines.get('start'), lineOf('task_id="start"'));
  assert.equal(lines.get('extract.list_sources'), lineOf('task_id="list_sources"'));
  assert.equal(lines.get('transform.join.join_orders'), lineOf('task_id="join_orders"'));
  assert.equal(lines.get('quality.check_quality'), lineOf('task_id="check_quality"'));
  assert.equal(lines.get('notify.page_on_call'), lineOf('task_id="page_on_call"'));
  assert.equal(lines.get('summarize'), lineOf('def summarize') - 1, 'a @task function: its decorator line');
  // Ids made at run time (f-strings in loops) are not guessed.
  assert.equal(lines.get('extract.fetch_orders'), undefined);
  assert.equal(lines.get('load.load_orders'), undefined);
  assert.equal(lines.size, 18, 'the 18 tasks with a literal id or a @task function');
});

test('a @task_group function\'s tasks (no prefix in the text) are found by their last part when unambiguous', () => {
  const text = `from airflow.decorators import dag, task, task_group
@dag(dag_id="tg")
def tg():
    @task_group
    def grp():
        @task
        def inner():
            pass
        inner()
    @task
    def other():
        pass
    grp() >> other()
tg()
`;
  const { lines } = taskLines(text, 'tg', ['grp.inner', 'other', 'grp.missing']);
  assert.equal(lines.get('grp.inner'), 5);
  assert.equal(lines.get('other'), 9);
  assert.equal(lines.has('grp.missing'), false);
});

test('the worker\'s real reply carries the structure: tasks, groups as Airflow built them, task functions\' lines', () => {
  const reply = JSON.parse(fs.readFileSync(path.join(dir, 'worker-reply.af3.json'), 'utf8')) as Record<string, unknown>;
  const s = parseLocalStructures(reply).get('dag_view_fixture')!;
  assert.equal(s.structure.tasks.length, 30);
  assert.equal(s.structure.groups.length, 8);
  assert.deepEqual(s.structure.groups.find((g) => g.id === 'transform.clean'), { id: 'transform.clean', label: 'clean', parent: 'transform' });
  assert.equal(s.structure.tasks.find((t) => t.id === 'transform.clean.clean_orders')!.group, 'transform.clean');
  assert.equal(s.functions.get('extract.fetch_orders')!.line, lineOf('def pause') + 1, 'a PythonOperator\'s callable');
  assert.equal(s.functions.get('summarize')!.line, lineOf('def summarize'), 'the decorator line, 1-based');
  const attached = withStructures({ file: 'x' }, reply);
  assert.equal(structuresOf(attached)!.get('dag_view_fixture')!.structure.tasks.length, 30);
  assert.equal(structuresOf({ file: 'x' }), undefined);
});

test('a reply is checked like an API answer: bad entries dropped, a group cycle cut, bounds kept', () => {
  const reply = {
    dags: [
      { dagId: 'd', structure: { tasks: [{ id: 'a', down: ['b', '../x'], group: 'g', line: -1, file: 'f.py' }, { id: 'b', down: [], group: 'nope' }, { id: '../bad' }, 'x'], groups: [{ id: 'g', parent: 'g.h' }, { id: 'g.h', parent: 'g' }, { id: '..' }] } },
      { dagId: 'no_structure' },
      { dagId: 7, structure: {} },
    ],
  };
  const all = parseLocalStructures(reply);
  assert.deepEqual([...all.keys()], ['d']);
  const s = all.get('d')!;
  assert.deepEqual(s.structure.tasks.map((t) => [t.id, t.group ?? null, t.downstream]), [['a', 'g', ['b']], ['b', null, []]]);
  assert.deepEqual(s.structure.groups, [{ id: 'g', label: 'g' }, { id: 'g.h', label: 'g.h', parent: 'g' }]);
  assert.equal(s.functions.size, 0, 'no line below 1');
  const many = { dags: [{ dagId: 'big', structure: { tasks: Array.from({ length: 3000 }, (_, i) => ({ id: `t${i}`, down: [] })), groups: [] } }] };
  assert.equal(parseLocalStructures(many).get('big')!.structure.truncated, true);
});
