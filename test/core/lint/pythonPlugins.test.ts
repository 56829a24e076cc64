import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Finding } from '../../../src/core/lint/types';
import { lintPy, py, sitesOf } from './lintSetup';

const pluginFindings = (fs: readonly Finding[]) => fs.filter((f) => f.message.includes('AirflowPlugin subclass'));

const PLUGIN = py(
  'from airflow.plugins_manager import AirflowPlugin',
  'from airflow import plugins_manager',
  'class Team(AirflowPlugin):',
  '    name = "team"',
  '    operators = [MyOperator]',
  '    sensors: list = []',
  '    hooks, executors = [MyHook], []',
  '    macros = [my_macro]',
  '    def helper(self):',
  '        hooks = []',
  '        return hooks',
  'class More(Team):',
  '    hooks = [OtherHook]',
  'class Qualified(plugins_manager.AirflowPlugin):',
  '    executors = ["my.Executor"]',
  'class NotAPlugin:',
  '    operators = []',
  'operators = []',
);

test('AirflowPlugin subclasses declaring operators, sensors, hooks, executors: AIR301 on the attribute (MWAA301 through a subclass)', async () => {
  const found = pluginFindings(await lintPy(PLUGIN, '3.0.6'));
  assert.deepEqual(sitesOf(PLUGIN, found), [
    [4, 'operators', 'AIR301'],
    [5, 'sensors', 'AIR301'],
    [6, 'hooks', 'AIR301'],
    [6, 'executors', 'AIR301'],
    // ruff checks classes naming AirflowPlugin among their own bases only.
    [12, 'hooks', 'MWAA301'],
    [14, 'executors', 'AIR301'],
  ]);
  assert.ok(found.every((f) => f.severity === 'error' && f.fixes.length === 0));
  assert.equal(
    found[2]!.message,
    '`hooks` of an AirflowPlugin subclass (`Team`) is removed in Airflow 3.0: Airflow ignores it from that version on; import hooks from a regular Python module (the plugins folder is on sys.path)',
  );
  assert.match(found[3]!.message, /name the executor by its import path in the `core\.executor` configuration option$/);
});

test('plugin attributes by version: operators and sensors stopped working in 2.0, hooks and executors in 3.0', async () => {
  const on2 = pluginFindings(await lintPy(PLUGIN, '2.10.3'));
  assert.deepEqual(sitesOf(PLUGIN, on2), [
    [4, 'operators', 'AIR301'],
    [5, 'sensors', 'AIR301'],
  ]);
  assert.match(on2[0]!.message, /is removed in Airflow 2\.0: Airflow ignores it/);
  assert.deepEqual(pluginFindings(await lintPy(PLUGIN, '1.10.15')), []);
  const upgrade = pluginFindings(await lintPy(PLUGIN, '2.10.3', '3.0.6'));
  assert.deepEqual(upgrade.map((f) => [f.range.start.line, f.upgradeOnly ?? false]), [[4, false], [5, false], [6, true], [6, true], [12, true], [14, true]]);
});

test('a file that never names AirflowPlugin is not searched for plugin attributes', async () => {
  const src = py('from my_plugins import Base', 'class Team(Base):', '    operators = []', '    hooks = []');
  assert.deepEqual(pluginFindings(await lintPy(src, '3.0.6')), []);
});
