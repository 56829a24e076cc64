import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IncrementalPythonLint } from '../../../src/core/lint/python/incrementalLint';
import { TextIndex } from '../../../src/core/lint/textIndex';
import type { Finding } from '../../../src/core/lint/types';
import { getLinter, lintPy, py, sitesOf, textOf, withFix } from './lintSetup';

const members = (fs: readonly Finding[]) => fs.filter((f) => /of a `/.test(f.message));

test('d = DAG(...); d.create_dagrun(): AIR301 on the method name at 3.0, nothing on 2.10, upgrade check shows it', async () => {
  const src = py('from airflow import DAG', 'd = DAG("x")', 'd.create_dagrun(run_id="r")');
  const [f, ...rest] = members(await lintPy(src, '3.0.6'));
  assert.equal(rest.length, 0);
  assert.equal(f!.code, 'AIR301');
  assert.equal(f!.severity, 'error');
  assert.deepEqual(f!.range, { start: { line: 2, character: 2 }, end: { line: 2, character: 15 } });
  assert.equal(textOf(src, f!.range), 'create_dagrun');
  assert.match(f!.message, /`create_dagrun` \(of a `airflow\.DAG` instance\) is removed in Airflow 3\.0/);
  assert.deepEqual(members(await lintPy(src, '2.10.3')), []);
  const [up] = members(await lintPy(src, '2.10.3', '3.0.6'));
  assert.equal(up!.upgradeOnly, true);
  assert.match(up!.message, /\[upgrade check: Airflow 3\.0\.6\]/);
});

test('quick fix renames the member: pm.dataset_factories -> pm.asset_factories, ds.iter_datasets() -> ds.iter_assets()', async () => {
  const src = py(
    'from airflow.providers_manager import ProvidersManager',
    'from airflow.datasets import Dataset',
    'pm = ProvidersManager()',
    'factories = pm.dataset_factories',
    'ds = Dataset("s3://b/k")',
    'for d in ds.iter_datasets():',
    '    print(d)',
  );
  const found = members(await lintPy(src, '3.0.6'));
  assert.deepEqual(found.map((f) => [textOf(src, f.range), f.code]), [['dataset_factories', 'AIR301'], ['iter_datasets', 'AIR301']]);
  let after = src;
  for (const f of found.reverse()) after = withFix(after, f, 'replaceName');
  assert.equal(
    after,
    py(
      'from airflow.providers_manager import ProvidersManager',
      'from airflow.datasets import Dataset',
      'pm = ProvidersManager()',
      'factories = pm.asset_factories',
      'ds = Dataset("s3://b/k")',
      'for d in ds.iter_assets():',
      '    print(d)',
    ),
  );
});

test('a method read without calling it is MWAA301 (ruff checks methods only in calls), an attribute read AIR301', async () => {
  const src = py(
    'from airflow import DAG',
    'from airflow.lineage.hook import DatasetLineageInfo',
    'd = DAG("x")',
    'make_run = d.create_dagrun',
    'info = DatasetLineageInfo()',
    'print(info.dataset)',
  );
  const found = members(await lintPy(src, '3.0.6'));
  assert.deepEqual(sitesOf(src, found), [[3, 'create_dagrun', 'MWAA301'], [5, 'dataset', 'AIR301']]);
});

test('with DAG(...) as dag and the result of a @dag function are followed too (MWAA301: ruff does not follow them)', async () => {
  const src = py(
    'from airflow.models.dag import DAG',
    'from airflow.decorators import dag',
    'with DAG("a") as d:',
    '    d.create_dagrun()',
    '@dag(schedule=None)',
    'def pipeline():',
    '    pass',
    'p = pipeline()',
    'p.create_dagrun()',
  );
  const found = members(await lintPy(src, '3.0.6'));
  assert.deepEqual(sitesOf(src, found), [
    [3, 'create_dagrun', 'MWAA301'],
    [8, 'create_dagrun', 'MWAA301'],
  ]);
  assert.match(found[0]!.message, /`airflow\.models\.dag\.DAG` instance/);
});

test('scopes: a module-level instance used in a function is followed; a parameter or second binding of the name is not', async () => {
  const src = py(
    'from airflow.providers_manager import ProvidersManager',
    'from airflow import DAG',
    'pm = ProvidersManager()',
    'def a():',
    '    return pm.dataset_uri_handlers',
    'def b(pm):',
    '    return pm.dataset_uri_handlers',
    'def c():',
    '    d = DAG("c")',
    '    d = make_something_else()',
    '    d.create_dagrun()',
    'class K:',
    '    def m(self):',
    '        self.d = DAG("k")',
    '        self.d.create_dagrun()',
    'DAG("x").create_dagrun()',
    'other = Unknown()',
    'other.create_dagrun()',
  );
  const found = members(await lintPy(src, '3.0.6'));
  assert.deepEqual(found.map((f) => [f.range.start.line, textOf(src, f.range)]), [[4, 'dataset_uri_handlers']]);
});

test('a member read on the class itself is MWAA301 (ruff checks instances only); TriggerRule.DUMMY stays AIR301', async () => {
  const src = py('from airflow import DAG', 'from airflow.utils.trigger_rule import TriggerRule', 'f = DAG.create_dagrun', 'r = TriggerRule.DUMMY');
  const found = (await lintPy(src, '3.0.6')).filter((f) => f.range.start.line >= 2);
  assert.deepEqual(found.map((f) => [textOf(src, f.range), f.code]), [['DAG.create_dagrun', 'MWAA301'], ['TriggerRule.DUMMY', 'AIR301']]);
});

test("trigger_rule='dummy' as a string is MWAA301 (ruff has no rule for argument values)", async () => {
  const src = py('from airflow.operators.empty import EmptyOperator', 'EmptyOperator(task_id="e", trigger_rule="dummy")');
  const f = (await lintPy(src, '3.0.6')).find((x) => x.message.includes("trigger_rule='dummy'"))!;
  assert.equal(f.code, 'MWAA301');
  assert.equal(f.severity, 'error');
});

test('operator arguments on @task(...) are MWAA3xx (ruff checks them on operator classes only)', async () => {
  const src = py(
    'from airflow.decorators import task',
    'from airflow.operators.bash import BashOperator',
    '@task(task_concurrency=2, sla=1)',
    'def a():',
    '    pass',
    'BashOperator(task_id="b", task_concurrency=2, sla=1)',
  );
  const args = (await lintPy(src, '3.0.6')).filter((f) => f.message.startsWith('Argument'));
  assert.deepEqual(sitesOf(src, args), [
    [2, 'task_concurrency', 'MWAA301'],
    [2, 'sla', 'MWAA311'],
    [5, 'task_concurrency', 'AIR301'],
    [5, 'sla', 'AIR311'],
  ]);
});

test('a name removed before 3.0 that ruff lists (airflow.contrib) is AIR301 at any target, with its real removal version', async () => {
  const src = py('from airflow.contrib.sensors.hdfs_sensor import HdfsFolderSensor');
  for (const v of ['2.10.3', '3.0.6']) {
    const [f] = await lintPy(src, v);
    assert.equal(f!.code, 'AIR301', v);
    assert.equal(f!.severity, 'error');
    assert.match(f!.message, /removed in Airflow 2\.7/);
  }
  // Still only deprecated at 2.5: a 2.x deprecation warning, not ruff's removal code.
  const [w] = await lintPy(src, '2.5.1');
  assert.equal(w!.code, 'MWAA201');
  assert.equal(w!.severity, 'warning');
});

test('incremental: rebinding or retyping a variable inside a function updates its member findings', async () => {
  const linter = await getLinter();
  const target = { airflowVersion: '3.0.6' };
  const src = py('from airflow import DAG', 'def f():', '    d = DAG("x")', '    if True:', '        d.create_dagrun()', '    return d');
  const inc = IncrementalPythonLint.open(linter, src, target);
  try {
    assert.equal(members(inc.current.findings).length, 1);
    let text = src;
    const edit = (from: string, to: string) => {
      const at = text.indexOf(from);
      const index = new TextIndex(text);
      const r = inc.update({ range: { start: index.positionAt(at), end: index.positionAt(at + from.length) }, text: to });
      text = text.slice(0, at) + to + text.slice(at + from.length);
      assert.deepEqual(r.findings, linter.lintText(text, target).findings);
      return r;
    };
    assert.equal(members(edit('DAG("x")', 'other("x")').findings).length, 0);
    assert.equal(members(edit('other("x")', 'DAG("y")').findings).length, 1);
    // A new use in another statement is found through the binding elsewhere in the function.
    assert.equal(members(edit('        d.create_dagrun()', '        d.create_dagrun()\n        d.create_dagrun()').findings).length, 2);
  } finally {
    inc.doc.dispose();
  }
});

test('a variable bound more than once: the bindings that reach the use decide (AIR301 where ruff resolves the same one)', async () => {
  const src = py(
    'from airflow import DAG',
    'from airflow.models import DAG as ModelsDAG',
    'test_dag = DAG("a")',
    'test_dag = DAG("b")',
    'test_dag = DAG("c")',
    'test_dag.create_dagrun()',
    'def rebuilt(name):',
    '    d = DAG(name)',
    '    if name.endswith("_x"):',
    '        d = make_other(name)',
    '    d.create_dagrun()',
    'def replaced(name):',
    '    d = DAG(name)',
    '    d.create_dagrun()',
    '    d = make_other(name)',
    '    d.create_dagrun()',
    'def chosen(name):',
    '    if name:',
    '        d = ModelsDAG(name)',
    '    else:',
    '        d = None',
    '    d.create_dagrun()',
    'for n in ("a", "b"):',
    '    loop_dag = DAG(n)',
    '    loop_dag.create_dagrun()',
    'counter = DAG("k")',
    'counter += 1',
    'counter.create_dagrun()',
    'late = DAG("late")',
    'def reads_late():',
    '    late.create_dagrun()',
    'late = make_other("late")',
  );
  const found = members(await lintPy(src, '3.0.6'));
  assert.deepEqual(sitesOf(src, found), [
    [5, 'create_dagrun', 'AIR301'],
    // ruff resolves to make_other(...) (the last binding before); the DAG still reaches on the other path.
    [10, 'create_dagrun', 'MWAA301'],
    [13, 'create_dagrun', 'AIR301'],
    [21, 'create_dagrun', 'MWAA301'],
    [24, 'create_dagrun', 'AIR301'],
  ]);
  assert.match(found[3]!.message, /`airflow\.models\.DAG` instance/);
});

test('secrets backends: get_conn_uri / get_connections on instances (AIR301 where ruff checks), overrides, self. and super() (MWAA301)', async () => {
  const src = py(
    'from airflow.secrets.base_secrets import BaseSecretsBackend',
    'from airflow.secrets.local_filesystem import LocalFilesystemBackend',
    'from airflow.providers.amazon.aws.secrets.secrets_manager import SecretsManagerBackend',
    'class Mine(BaseSecretsBackend):',
    '    def get_conn_uri(self, conn_id):',
    '        return None',
    '    def uris(self, conn_id):',
    '        return self.get_conn_uri(conn_id), self.get_connections(conn_id), super().get_conn_uri(conn_id)',
    'class Plain:',
    '    def get_conn_uri(self, conn_id):',
    '        return self.get_connections(conn_id)',
    'sm = SecretsManagerBackend()',
    'sm.get_conn_uri("c")',
    'sm.get_connections("c")',
    'reader = sm.get_conn_uri',
    'local = LocalFilesystemBackend()',
    'local.get_conn_uri("c")',
    'sm.get_conn_value("c")',
  );
  const found = (await lintPy(src, '3.0.6')).filter((f) => /get_conn/.test(f.message));
  assert.deepEqual(sitesOf(src, found), [
    [4, 'get_conn_uri', 'MWAA301'],
    // self.get_conn_uri is the class's own method; get_connections and super()'s are the base's.
    [7, 'get_connections', 'MWAA301'],
    [7, 'get_conn_uri', 'MWAA301'],
    [12, 'get_conn_uri', 'AIR301'],
    [13, 'get_connections', 'AIR301'],
    [14, 'get_conn_uri', 'MWAA301'],
    // ruff's table has LocalFilesystemBackend.get_connections only.
    [16, 'get_conn_uri', 'MWAA301'],
  ]);
  assert.match(found[0]!.message, /^`get_conn_uri` \(overridden in `Mine`, a `airflow\.secrets\.base_secrets\.BaseSecretsBackend` subclass\) is removed in Airflow 3\.0: Airflow 3 never calls it, so this backend finds no connections; use `get_conn_value`$/);
  assert.match(found[4]!.message, /use `get_connection` \(it returns one Connection or None, not a list\)$/);
  // get_conn_uri -> get_conn_value takes the same argument: renamed by the fix; get_connections is not.
  assert.equal(withFix(src, found[3]!, 'replaceName').split('\n')[12], 'sm.get_conn_value("c")');
  assert.deepEqual(found[4]!.fixes, []);
});

test('secrets backends on Airflow 2: deprecation warnings from the version that deprecated each method', async () => {
  const src = py('from airflow.providers.amazon.aws.secrets.secrets_manager import SecretsManagerBackend', 'b = SecretsManagerBackend()', 'b.get_conn_uri("c")', 'b.get_connections("c")');
  const at = async (v: string) => members(await lintPy(src, v)).map((f) => [textOf(src, f.range), f.code, f.severity]);
  assert.deepEqual(await at('2.2.2'), [['get_connections', 'MWAA201', 'warning']]);
  assert.deepEqual(await at('2.4.3'), [['get_conn_uri', 'MWAA201', 'warning'], ['get_connections', 'MWAA201', 'warning']]);
  assert.deepEqual(await at('1.10.15'), []);
  const [up] = members(await lintPy(src, '2.10.3', '3.0.6'));
  assert.deepEqual([up!.code, up!.severity, up!.upgradeOnly], ['AIR301', 'error', true]);
});

test('auth managers: is_authorized_dataset on a provider manager (AIR301), overridden or on core 2.x classes (MWAA301)', async () => {
  const src = py(
    'from airflow.auth.managers.base_auth_manager import BaseAuthManager',
    'from airflow.providers.fab.auth_manager.fab_auth_manager import FabAuthManager',
    'class Team(FabAuthManager):',
    '    def is_authorized_dataset(self, *, method, details=None, user=None):',
    '        return super().is_authorized_dataset(method=method, details=details, user=user)',
    'class Custom(BaseAuthManager):',
    '    def is_authorized_dataset(self, *, method, details=None, user=None):',
    '        return True',
    'fab = FabAuthManager()',
    'fab.is_authorized_dataset(method="GET")',
    'fab.is_authorized_asset(method="GET")',
  );
  const found = (await lintPy(src, '3.0.6')).filter((f) => f.message.includes('is_authorized_dataset'));
  assert.deepEqual(sitesOf(src, found), [
    [3, 'is_authorized_dataset', 'MWAA301'],
    [4, 'is_authorized_dataset', 'MWAA301'],
    [6, 'is_authorized_dataset', 'MWAA301'],
    [9, 'is_authorized_dataset', 'AIR301'],
  ]);
  assert.equal(withFix(src, found[0]!, 'replaceName').split('\n')[3], '    def is_authorized_asset(self, *, method, details=None, user=None):');
  // Not deprecated during 2.x: nothing there.
  assert.deepEqual((await lintPy(src, '2.10.3')).filter((f) => f.message.includes('is_authorized_dataset')), []);
});

test('incremental: a rebinding added or removed in another statement retypes the variable like a full lint', async () => {
  const linter = await getLinter();
  const target = { airflowVersion: '3.0.6' };
  const src = py('from airflow import DAG', 'def f():', '    d = DAG("x")', '    print("step")', '    d.create_dagrun()');
  const inc = IncrementalPythonLint.open(linter, src, target);
  try {
    let text = src;
    const edit = (from: string, to: string) => {
      const at = text.indexOf(from);
      const index = new TextIndex(text);
      const r = inc.update({ range: { start: index.positionAt(at), end: index.positionAt(at + from.length) }, text: to });
      text = text.slice(0, at) + to + text.slice(at + from.length);
      assert.deepEqual(r.findings, linter.lintText(text, target).findings);
      return members(r.findings).length;
    };
    assert.equal(members(inc.current.findings).length, 1);
    assert.equal(edit('print("step")', 'd = other()'), 0);
    assert.equal(edit('d = other()', 'if x: d = other()'), 1);
    assert.equal(edit('if x: d = other()', 'print("step")'), 1);
  } finally {
    inc.doc.dispose();
  }
});
