// The classifier on real output of Airflow 2.11.2 and 3.3.1 (test/fixtures/local-run/output, captured
// from `tasks test` and `dags test` of the fixture DAGs), plus cases those runs do not show.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { classifyLine, isUserFrame, RunTracker, summarize, summaryText, terminalLine } from '../../../src/core/localRun/runOutput';

const OUTPUT = path.resolve(__dirname, '../../../../test/fixtures/local-run/output');
const lines = (name: string) => fs.readFileSync(path.join(OUTPUT, name), 'utf8').split('\n');
const FIXTURE_FRAME = { file: '/tmp/h6x/ws/dags/local_vars.py', line: 26 };

for (const major of [2, 3]) {
  test(`Airflow ${major}: a task that succeeds`, () => {
    const s = summarize(lines(`af${major}-tasks-test-ok.log`));
    assert.deepEqual(s.order, ['read_variable']);
    assert.deepEqual(s.succeededTasks, ['read_variable']);
    assert.deepEqual(s.failedTasks, []);
  });

  test(`Airflow ${major}: a task that raises is named, with its frame in the DAG file (library frames left out)`, () => {
    const s = summarize(lines(`af${major}-tasks-test-failed.log`));
    assert.deepEqual(s.failedTasks, ['explode']);
    assert.deepEqual(s.succeededTasks, []);
    assert.deepEqual(s.userFrames, [FIXTURE_FRAME]);
  });

  test(`Airflow ${major}: a DAG run lists its tasks in the order they ran`, () => {
    const s = summarize(lines(`af${major}-dags-test.log`));
    assert.deepEqual(s.order, ['extract', 'left', 'right', 'load']);
    assert.deepEqual(s.succeededTasks, ['extract', 'left', 'right', 'load']);
    assert.deepEqual(s.failedTasks, []);
  });

  test(`Airflow ${major}: a task run with a conf counts only the task that executed, not those marked successful`, () => {
    const out = lines(`af${major}-task-conf.log`);
    assert.ok(out.some((l) => l.startsWith('LOCAL_CONF={"a": 1}')));
    const s = summarize(out);
    assert.deepEqual(s.order, ['show_conf']);
    assert.deepEqual(s.succeededTasks, ['show_conf']);
  });
}

test('line kinds', () => {
  assert.deepEqual(classifyLine('[2026-01-01T00:00:00.000+0000] {dag.py:4396} INFO - [DAG TEST] starting task_id=g.t-1 map_index=-1'), { kind: 'task-current', taskId: 'g.t-1' });
  assert.deepEqual(classifyLine('[x] {taskinstance.py:1} INFO - Marking task as UP_FOR_RETRY. dag_id=d, task_id=t, run_id=r'), { kind: 'task-retry', taskId: 't' });
  assert.deepEqual(classifyLine('2026 [info ] Task instance state updated [airflow.api] new_state=skipped ti_id=1'), { kind: 'task-skipped' });
  assert.deepEqual(classifyLine('Traceback (most recent call last):'), { kind: 'traceback-start' });
  assert.deepEqual(classifyLine('ValueError: boom'), { kind: 'exception' });
  assert.deepEqual(classifyLine('LOCAL_VARIABLE=x'), { kind: 'other' });
  const f = classifyLine('  File "/ws/dags/a.py", line 7, in f');
  assert.equal(f.kind, 'traceback-frame');
  assert.equal(f.file, '/ws/dags/a.py');
  assert.equal(f.line, 7);
  assert.deepEqual(f.frames, [{ file: '/ws/dags/a.py', line: 7, linkStart: 2, linkLength: 'File "/ws/dags/a.py", line 7'.length }]);
  // Colours (a terminal-attached Airflow) do not hide a line's meaning.
  assert.deepEqual(classifyLine('\x1b[32m[DAG TEST] starting task_id=\x1b[0mt'), { kind: 'task-current', taskId: 't' });
  assert.deepEqual(classifyLine('\x1b[2m2026\x1b[0m [DAG TEST] starting task_id=t map_index=-1'), { kind: 'task-current', taskId: 't' });
});

test('a retried task that then succeeds is a success; a task left up for retry is a failure', () => {
  const t = new RunTracker();
  for (const l of [
    '[DAG TEST] starting task_id=a map_index=-1', 'Exporting env vars: AIRFLOW_CTX_DAG_ID=\'d\' AIRFLOW_CTX_TASK_ID=\'a\'',
    'Marking task as UP_FOR_RETRY. dag_id=d, task_id=a, run_id=r', '[DAG TEST] starting task_id=a map_index=-1',
    'Exporting env vars: AIRFLOW_CTX_TASK_ID=\'a\'', 'Marking task as SUCCESS. dag_id=d, task_id=a, run_id=r',
    '[DAG TEST] starting task_id=b map_index=-1', 'x [info] Task started [airflow.api_fastapi.execution_api.routes] ti_id=1',
    'x [info] Task instance state updated [airflow.api_fastapi.execution_api.routes] new_state=up_for_retry',
  ]) t.push(l);
  const s = t.summary();
  assert.deepEqual(s.order, ['a', 'b']);
  assert.deepEqual(s.succeededTasks, ['a']);
  assert.deepEqual(s.failedTasks, ['b']);
});

test('the current task fills in lines without a task id', () => {
  const t = new RunTracker();
  t.push('[DAG TEST] starting task_id=only map_index=-1');
  assert.deepEqual(t.push('x Task started y execution_api z'), { kind: 'task-started', taskId: 'only' });
});

test('user frames: the user\'s files, not the runtime\'s packages or Python\'s', () => {
  assert.equal(isUserFrame('/ws/dags/a.py'), true);
  assert.equal(isUserFrame('C:\\ws\\dags\\a.py'), true);
  for (const f of ['/rt/lib/python3.12/site-packages/airflow/x.py', '<frozen runpy>', '/usr/lib/python3.12/runpy.py', 'C:\\Python312\\Lib\\runpy.py', '/ws/a.txt']) assert.equal(isUserFrame(f), false, f);
});

test('terminal text: coloured, controls neutralised, and a last line that says what failed', () => {
  assert.match(terminalLine('ValueError: boom'), /\x1b\[31m/);
  assert.doesNotMatch(terminalLine('a\x1b]0;title\x07b'), /\x1b\]/);
  const failed = summaryText({ failedTasks: ['explode'], succeededTasks: ['a'], order: ['a', 'explode'], skippedTasks: [], userFrames: [] }, 1);
  assert.match(failed, /failed: explode \(1 succeeded, 1 failed\)/);
  assert.match(summaryText({ failedTasks: [], succeededTasks: ['a', 'b'], order: ['a', 'b'], skippedTasks: [], userFrames: [] }, 0), /succeeded: a → b/);
  assert.match(summaryText({ failedTasks: [], succeededTasks: [], order: [], skippedTasks: [], userFrames: [] }, 2), /exit code 2/);
});
