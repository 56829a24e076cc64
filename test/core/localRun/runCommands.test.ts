import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allButPattern, checkLogicalDate, dagRunArgs, debugLaunchArguments, LocalRunArgumentError, MAX_CONF_CHARS, taskRunArgs } from '../../../src/core/localRun/runCommands';

test('a task without conf: `tasks test DAG TASK [DATE]` on both majors', () => {
  for (const airflowMajor of [2, 3] as const) {
    assert.deepEqual(taskRunArgs({ dagId: 'etl', taskId: 'group.load', airflowMajor }), ['tasks', 'test', 'etl', 'group.load']);
    assert.deepEqual(taskRunArgs({ dagId: 'etl', taskId: 'extract', logicalDate: '2024-05-01T06:00:00+00:00', airflowMajor }),
      ['tasks', 'test', 'etl', 'extract', '2024-05-01T06:00:00+00:00']);
  }
});

test('a task with conf: `dags test` with the conf, every other task marked successful', () => {
  const args = taskRunArgs({ dagId: 'etl', taskId: 'load', logicalDate: '2024-05-01', conf: { a: 1, s: 'x y' }, airflowMajor: 2 });
  assert.deepEqual(args.slice(0, 6), ['dags', 'test', 'etl', '2024-05-01', '--conf', '{"a":1,"s":"x y"}']);
  assert.equal(args[6], '--mark-success-pattern');
  assert.equal(args.length, 8);
  assert.equal(new RegExp(`^${args[7]}$`).test('load'), false);
});

test('the mark-success pattern fully matches every task id but the one to run (RE2 syntax: no lookahead)', () => {
  const ids = ['load', 'a', 'x.y-z_1', 'group.sub.task', 'A-b.c'];
  const others = ['', 'loa', 'loads', 'Load', 'xload', 'lo.d', 'l', 'loadd', 'x.y-z_', 'x.y-z_12', 'xxy-z_1', 'x-y.z_1', 'group.sub', 'group.sub.task2', 'group-sub-task', 'a.', 'b', 'aa'];
  for (const id of ids) {
    const pattern = allButPattern(id);
    assert.doesNotMatch(pattern, /\(\?[=!<]/, 'no lookaround');
    const full = new RegExp(`^${pattern}$`);
    assert.equal(full.test(id), false, `${id} runs`);
    for (const other of others) if (other !== id && other !== '') assert.equal(full.test(other), true, `${other} is marked (pattern of ${id})`);
  }
  // The longest id Airflow allows still gives a bounded pattern.
  const long = 'a'.repeat(250);
  assert.ok(allButPattern(long).length < 40_000);
  assert.equal(new RegExp(`^${allButPattern(long)}$`).test(long), false);
  assert.equal(new RegExp(`^${allButPattern(long)}$`).test(`${long}b`), true);
});

test('a DAG: `dags test DAG [DATE] [--conf JSON]`', () => {
  assert.deepEqual(dagRunArgs({ dagId: 'etl', airflowMajor: 3 }), ['dags', 'test', 'etl']);
  assert.deepEqual(dagRunArgs({ dagId: 'etl', logicalDate: '2024-02-29T23:59:59.123Z', conf: {}, airflowMajor: 2 }),
    ['dags', 'test', 'etl', '2024-02-29T23:59:59.123Z', '--conf', '{}']);
});

test('ids, dates, conf and major are checked before they become arguments', () => {
  const bad: Array<() => unknown> = [
    () => taskRunArgs({ dagId: 'etl; rm -rf /', taskId: 't', airflowMajor: 2 }),
    () => taskRunArgs({ dagId: '--help', taskId: 't', airflowMajor: 2 }),
    () => taskRunArgs({ dagId: 'etl', taskId: '', airflowMajor: 2 }),
    () => taskRunArgs({ dagId: 'etl', taskId: 'a'.repeat(251), airflowMajor: 2 }),
    () => taskRunArgs({ dagId: 'etl', taskId: 't\n', airflowMajor: 3 }),
    () => taskRunArgs({ dagId: 'etl', taskId: 't', airflowMajor: 1 as 2 }),
    () => taskRunArgs({ dagId: 'etl', taskId: 't', logicalDate: 'yesterday', airflowMajor: 2 }),
    () => taskRunArgs({ dagId: 'etl', taskId: 't', logicalDate: 'manual__2024-01-01', airflowMajor: 2 }),
    () => dagRunArgs({ dagId: 'etl', logicalDate: '2024-13-01', airflowMajor: 2 }),
    () => dagRunArgs({ dagId: 'etl', logicalDate: '2023-02-29', airflowMajor: 2 }),
    () => dagRunArgs({ dagId: 'etl', logicalDate: '2024-01-01T24:00:00', airflowMajor: 2 }),
    () => dagRunArgs({ dagId: 'etl', conf: [] as unknown as Record<string, unknown>, airflowMajor: 3 }),
    () => dagRunArgs({ dagId: 'etl', conf: { big: 'x'.repeat(MAX_CONF_CHARS) }, airflowMajor: 3 }),
  ];
  for (const [i, f] of bad.entries()) assert.throws(f, LocalRunArgumentError, `case ${i}`);
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.throws(() => dagRunArgs({ dagId: 'etl', conf: cyclic, airflowMajor: 3 }), LocalRunArgumentError);
  for (const d of ['2024-05-01', '2024-05-01T06:00', '2024-05-01 06:00:00', '2024-05-01T06:00:00Z', '2024-05-01T06:00:00.5-0530']) assert.equal(checkLogicalDate(d), d);
});

test('debugpy launch arguments: `-m airflow <args>` with the run env, output as DAP events', () => {
  const a = debugLaunchArguments({ python: '/rt/bin/python', args: ['tasks', 'test', 'etl', 'load'], env: { A: '1', GONE: undefined }, cwd: '/ws', justMyCode: true });
  assert.equal(a.module, 'airflow');
  assert.equal(a.python, '/rt/bin/python');
  assert.deepEqual(a.args, ['tasks', 'test', 'etl', 'load']);
  assert.deepEqual(a.env, { A: '1' });
  assert.equal(a.cwd, '/ws');
  assert.equal(a.justMyCode, true);
  assert.equal(a.console, 'internalConsole');
  assert.equal(a.redirectOutput, true);
  assert.equal(a.subProcess, true);
  assert.equal('program' in a || 'code' in a, false, 'debugpy takes exactly one of program, module, code');
  assert.equal(debugLaunchArguments({ python: 'p', args: [], env: {}, cwd: '/', justMyCode: false }).justMyCode, false);
});
