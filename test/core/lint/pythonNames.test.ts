import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyFixes } from '../../../src/core/lint/applyFixes';
import { lintPy, py, sitesOf, textOf, withFix } from './lintSetup';

test('from-import of a 2.x-deprecated class: warning on 2.10 naming the version, range on the name', async () => {
  const src = py('from airflow.operators.bash_operator import BashOperator');
  const [f, ...rest] = await lintPy(src, '2.10.3');
  assert.equal(rest.length, 0);
  assert.equal(f!.severity, 'warning');
  assert.equal(f!.code, 'MWAA201');
  assert.match(f!.message, /deprecated since Airflow 2\.0/);
  assert.equal(textOf(src, f!.range), 'BashOperator');
  assert.deepEqual(f!.range, { start: { line: 0, character: 44 }, end: { line: 0, character: 56 } });
});

test('quick fix: rewrite import to the new path (2.x target)', async () => {
  const src = py('from airflow.operators.bash_operator import BashOperator', 'BashOperator(task_id="x")');
  const [f] = await lintPy(src, '2.10.3');
  assert.equal(withFix(src, f!, 'rewriteImport'), py('from airflow.operators.bash import BashOperator', 'BashOperator(task_id="x")'));
});

test('Airflow 3 target: error with ruff code, provider path and an add-provider fix', async () => {
  const src = py('from airflow.operators.bash_operator import BashOperator as B');
  const [f] = await lintPy(src, '3.0.6');
  assert.equal(f!.severity, 'error');
  assert.equal(f!.code, 'AIR302');
  assert.equal(withFix(src, f!, 'rewriteImport'), py('from airflow.providers.standard.operators.bash import BashOperator as B'));
  const provider = f!.fixes.find((x) => x.kind === 'addRequirement')!;
  assert.deepEqual(provider.requirement, { name: 'apache-airflow-providers-standard', minVersion: '0.0.1' });
});

test('quick fix: DummyOperator -> EmptyOperator renames the import and every use', async () => {
  const src = py(
    'from airflow.operators.dummy import DummyOperator',
    'a = DummyOperator(task_id="a")',
    'b = DummyOperator(task_id="DummyOperator", doc="x.DummyOperator")',
  );
  const [f] = await lintPy(src, '2.10.3');
  assert.equal(textOf(src, f!.range), 'DummyOperator');
  assert.equal(
    withFix(src, f!, 'replaceName'),
    py(
      'from airflow.operators.empty import EmptyOperator',
      'a = EmptyOperator(task_id="a")',
      'b = EmptyOperator(task_id="DummyOperator", doc="x.DummyOperator")',
    ),
  );
});

test('quick fix: one moved name among several in a parenthesised import', async () => {
  const src = py('from airflow.operators.dummy import (', '    DummyOperator,', '    EmptyOperator,', ')');
  const findings = await lintPy(src, '2.10.3');
  const f = findings.find((x) => textOf(src, x.range) === 'DummyOperator')!;
  const after = withFix(src, f, 'replaceName');
  assert.equal(after, py('from airflow.operators.dummy import (', '    EmptyOperator,', ')', 'from airflow.operators.empty import EmptyOperator'));
});

test('import a.b as m, then m.C: the attribute use is reported at m.C', async () => {
  const src = py('import airflow.operators.bash_operator as bo', 'task = bo.BashOperator(task_id="t")');
  const findings = await lintPy(src, '2.10.3');
  const use = findings.find((f) => f.range.start.line === 1)!;
  assert.equal(textOf(src, use.range), 'bo.BashOperator');
  assert.match(use.message, /airflow\.operators\.bash_operator\.BashOperator/);
  // The module import itself is a deprecated module row.
  const imp = findings.find((f) => f.range.start.line === 0)!;
  assert.equal(textOf(src, imp.range), 'airflow.operators.bash_operator');
});

test('from airflow.operators import bash_operator, then bash_operator.BashOperator', async () => {
  const src = py('from airflow.operators import bash_operator', 'bash_operator.BashOperator(task_id="t")');
  const findings = await lintPy(src, '2.10.3');
  assert.deepEqual(
    findings.map((f) => textOf(src, f.range)),
    ['bash_operator', 'bash_operator.BashOperator'],
  );
  const fix = findings[0]!.fixes[0]!;
  assert.equal(applyFixes(src, fix.edits), py('from airflow.operators import bash', 'bash.BashOperator(task_id="t")'));
});

test('plain `import a.b` module: fix rewrites the import and the dotted uses', async () => {
  const src = py('import airflow.operators.bash_operator', 'airflow.operators.bash_operator.BashOperator(task_id="t")');
  const findings = await lintPy(src, '2.10.3');
  const imp = findings.find((f) => f.range.start.line === 0)!;
  assert.equal(textOf(src, imp.range), 'airflow.operators.bash_operator');
  assert.equal(applyFixes(src, imp.fixes[0]!.edits), py('import airflow.operators.bash', 'airflow.operators.bash.BashOperator(task_id="t")'));
  const use = findings.find((f) => f.range.start.line === 1)!;
  assert.equal(textOf(src, use.range), 'airflow.operators.bash_operator.BashOperator');
});

test('wildcard rows: anything under airflow.contrib is removed in 3.0', async () => {
  const src = py('from airflow.contrib.nothing.here import Thing');
  assert.equal((await lintPy(src, '2.10.3')).length, 0);
  const [f] = await lintPy(src, '3.0.6');
  assert.equal(f!.code, 'AIR301');
  assert.match(f!.message, /whole `airflow\.contrib` module/);
});

test('middle wildcard: airflow.models.<any>.Param is deprecated in 3.0', async () => {
  const [f] = await lintPy(py('from airflow.models.param import Param'), '3.0.6');
  assert.equal(f!.code, 'AIR311');
  assert.equal(f!.severity, 'warning');
});

test('names outside the table and non-Airflow imports are silent', async () => {
  const src = py('from airflow.operators.bash import BashOperator', 'import os.path', 'from mypkg.operators.bash_operator import BashOperator as X');
  assert.deepEqual(await lintPy(src, '2.10.3'), []);
});

test('star import of a deprecated module is reported on the module, fix rewrites it', async () => {
  const src = py('from airflow.operators.bash_operator import *');
  const [f] = await lintPy(src, '2.10.3');
  assert.equal(textOf(src, f!.range), 'airflow.operators.bash_operator');
  assert.equal(applyFixes(src, f!.fixes[0]!.edits), py('from airflow.operators.bash import *'));
});

test('imports with comments, continuations, parentheses and non-ASCII aliases bind the same names', async () => {
  const src = py(
    'from airflow.operators.dummy import (  # the old one',
    '    DummyOperator as D,  # aliased',
    ')',
    'from airflow.operators \\',
    '    .bash_operator import BashOperator as Bäsh',
    'import airflow.operators.python_operator as po, os',
    'from . import helpers',
    'from airflow.operators.email_operator import *',
    'D(task_id="a")',
    'Bäsh(task_id="b")',
    'po.PythonOperator(task_id="c")',
  );
  const found = (await lintPy(src, '2.10.3')).map((f) => [f.range.start.line, textOf(src, f.range)]);
  assert.deepEqual(found, [
    [1, 'DummyOperator'],
    [4, 'BashOperator'],
    [5, 'airflow.operators.python_operator'],
    [7, 'airflow.operators.email_operator'],
    [10, 'po.PythonOperator'],
  ]);
});

test('compatibility imports guarded by try/except ImportError are not reported (either side runs); other try blocks are', async () => {
  const src = py(
    'try:',
    '    from airflow.providers.standard.operators.bash import BashOperator',
    'except ImportError:',
    '    from airflow.operators.bash_operator import BashOperator',
    'try:',
    '    from airflow.operators.python_operator import PythonOperator',
    'except (ModuleNotFoundError, AttributeError):',
    '    from airflow.operators.python import PythonOperator',
    'try:',
    '    from airflow.operators.dummy import DummyOperator',
    'except ValueError:',
    '    pass',
  );
  for (const v of ['2.10.3', '3.0.6']) {
    const found = (await lintPy(src, v)).filter((f) => !/^airflow\.operators\.python\.PythonOperator/.test(f.message.slice(1)));
    assert.deepEqual(found.map((f) => [f.range.start.line, textOf(src, f.range)]), [[9, 'DummyOperator']], v);
  }
});

test('a member imported from a removed module: the module row applies, coded MWAA3xx (ruff names the module itself only)', async () => {
  const src = py('from airflow.utils.log.secrets_masker import RedactedIO', 'from airflow.utils.log import secrets_masker');
  const found = await lintPy(src, '3.0.6');
  assert.deepEqual(sitesOf(src, found), [
    [0, 'airflow.utils.log.secrets_masker', 'MWAA301'],
    [1, 'secrets_masker', 'AIR301'],
  ]);
});

test('wildcard rows match zero or more segments, as ruff\'s `..`: airflow.models.Param and airflow.models.a.b.Param', async () => {
  const src = py(
    'from airflow.models import Param, ParamsDict',
    'from airflow.models.param import DagParam',
    'import airflow.models',
    'airflow.models.Param(1)',
    'airflow.models.param.Param(2)',
    'from mypkg.models import Param as Mine',
  );
  assert.deepEqual(sitesOf(src, await lintPy(src, '3.0.6')), [
    [0, 'Param', 'AIR311'],
    [0, 'ParamsDict', 'AIR311'],
    [1, 'DagParam', 'AIR311'],
    [3, 'airflow.models.Param', 'AIR311'],
    [4, 'airflow.models.param.Param', 'AIR311'],
  ]);
});

test('a trailing wildcard covers the package itself: `import airflow.contrib`, `from airflow import contrib`, `from airflow.operators import subdag`', async () => {
  const src = py('import airflow.contrib', 'from airflow import contrib', 'from airflow.operators import subdag', 'from airflow import operators');
  const found = await lintPy(src, '3.0.6');
  assert.deepEqual(sitesOf(src, found), [
    [0, 'airflow.contrib', 'AIR301'],
    [1, 'contrib', 'AIR301'],
    [2, 'subdag', 'AIR301'],
  ]);
  // The exact 2.x row of airflow.operators.subdag wins the lookup (its TaskGroup hint), with the wildcard's ruff code.
  assert.match(found[2]!.message, /airflow\.utils\.task_group/);
});

test('enum members removed in 3.0: AIR301 where ruff looks (the value of trigger_rule= in an operator call), MWAA301 elsewhere, rename fix', async () => {
  const src = py(
    'from airflow.providers.standard.operators.empty import EmptyOperator',
    'from airflow.utils.trigger_rule import TriggerRule',
    'EmptyOperator(task_id="a", trigger_rule=TriggerRule.NONE_FAILED_OR_SKIPPED)',
    'RULES = [TriggerRule.NONE_FAILED_OR_SKIPPED]',
    'EmptyOperator(task_id="b", trigger_rule=TriggerRule.ALL_DONE)',
  );
  const found = await lintPy(src, '3.0.6');
  assert.deepEqual(sitesOf(src, found), [
    [2, 'TriggerRule.NONE_FAILED_OR_SKIPPED', 'AIR301'],
    [3, 'TriggerRule.NONE_FAILED_OR_SKIPPED', 'MWAA301'],
  ]);
  assert.equal(found[0]!.severity, 'error');
  assert.match(found[0]!.message, /NONE_FAILED_MIN_ONE_SUCCESS/);
  assert.equal(withFix(src, found[0]!, 'replaceName').split('\n')[2], 'EmptyOperator(task_id="a", trigger_rule=TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS)');
  assert.equal(found[0]!.fixes[0]!.title, 'Replace with TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS');
  // Imported as a name (`from ...TriggerRule import NONE_FAILED_OR_SKIPPED`): ruff does not look there either.
  const imported = py('from airflow.utils.trigger_rule.TriggerRule import NONE_FAILED_OR_SKIPPED as rule');
  assert.deepEqual((await lintPy(imported, '3.0.6')).map((f) => f.code), ['MWAA301']);
});

test('enum members gone in Airflow 3.3.1 that ruff does not report: MWAA301 (DagRunType.DATASET_TRIGGERED with its fix, SHUTDOWN, terminating_states)', async () => {
  const src = py(
    'from airflow.utils.state import State, TaskInstanceState',
    'from airflow.utils.types import DagRunType',
    'a = DagRunType.DATASET_TRIGGERED',
    'b = TaskInstanceState.SHUTDOWN',
    'c = State.SHUTDOWN',
    'd = State.terminating_states',
    'e = State.SUCCESS, DagRunType.MANUAL',
  );
  const found = await lintPy(src, '3.0.6');
  assert.deepEqual(sitesOf(src, found), [
    [2, 'DagRunType.DATASET_TRIGGERED', 'MWAA301'],
    [3, 'TaskInstanceState.SHUTDOWN', 'MWAA301'],
    [4, 'State.SHUTDOWN', 'MWAA301'],
    [5, 'State.terminating_states', 'MWAA301'],
  ]);
  assert.equal(withFix(src, found[0]!, 'replaceName').split('\n')[2], 'a = DagRunType.ASSET_TRIGGERED');
  // Still there in 2.x: nothing to say on 2.10.
  assert.deepEqual(await lintPy(src, '2.10.3'), []);
});

test('@apply_defaults: the import is AIR301 on 3.x and deprecated since 2.1 on 2.x; the fix deletes the import and every decorator line', async () => {
  const src = py(
    'from airflow.models.baseoperator import BaseOperator',
    'from airflow.utils.decorators import apply_defaults',
    '',
    'class MyOp(BaseOperator):',
    '    @apply_defaults  # required before 2.1',
    '    def __init__(self, **kwargs):',
    '        super().__init__(**kwargs)',
  );
  const at3 = (await lintPy(src, '3.0.6')).filter((f) => f.message.includes('apply_defaults'));
  assert.deepEqual(sitesOf(src, at3), [[1, 'apply_defaults', 'AIR301']]);
  assert.match(at3[0]!.message, /is removed in Airflow 3\.0\. `apply_defaults` is now unconditionally done/);
  const fixed = withFix(src, at3[0]!, 'replaceName');
  assert.equal(fixed, py('from airflow.models.baseoperator import BaseOperator', '', 'class MyOp(BaseOperator):', '    def __init__(self, **kwargs):', '        super().__init__(**kwargs)'));
  assert.equal((await lintPy(fixed, '3.0.6')).filter((f) => f.message.includes('apply_defaults')).length, 0);
  const [at2] = (await lintPy(src, '2.10.3')).filter((f) => f.message.includes('apply_defaults'));
  assert.deepEqual([at2!.code, at2!.severity], ['MWAA201', 'warning']);
  assert.match(at2!.message, /deprecated since Airflow 2\.1, removed in 3\.0/);
  assert.equal((await lintPy(src, '2.0.2')).filter((f) => f.message.includes('apply_defaults')).length, 0);
});

test('@apply_defaults used other than as a decorator: reported, but no removal fix (deleting it would break the call)', async () => {
  const src = py('from airflow.utils.decorators import apply_defaults', 'def f():', '    pass', 'g = apply_defaults(f)');
  const [f] = await lintPy(src, '3.0.6');
  assert.equal(f!.code, 'AIR301');
  assert.deepEqual(f!.fixes, []);
});

test('@decorators.apply_defaults through the module: AIR301 where it decorates (with a line fix), MWAA301 as a plain reference', async () => {
  const src = py(
    'from airflow.utils import decorators',
    'class Op:',
    '    @decorators.apply_defaults',
    '    def __init__(self):',
    '        pass',
    'wrapped = decorators.apply_defaults(print)',
  );
  const found = await lintPy(src, '3.0.6');
  assert.deepEqual(sitesOf(src, found), [
    [2, 'decorators.apply_defaults', 'AIR301'],
    [5, 'decorators.apply_defaults', 'MWAA301'],
  ]);
  assert.equal(withFix(src, found[0]!, 'replaceName'), py('from airflow.utils import decorators', 'class Op:', '    def __init__(self):', '        pass', 'wrapped = decorators.apply_defaults(print)'));
  assert.deepEqual(found[1]!.fixes, []);
});
