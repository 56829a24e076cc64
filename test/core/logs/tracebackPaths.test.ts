import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dagRelativeCandidates, findTracebackFrames, joinLocal, localCandidates } from '../../../src/core/logs/tracebackPaths';

test('frames: every File "…", line N in a line, with the span a link covers', () => {
  const line = '  File "/usr/local/airflow/dags/etl/load.py", line 42, in load_rows';
  const [f] = findTracebackFrames(line);
  assert.ok(f);
  assert.equal(f.path, '/usr/local/airflow/dags/etl/load.py');
  assert.equal(f.line, 42);
  assert.equal(line.slice(f.linkStart, f.linkStart + f.linkLength), 'File "/usr/local/airflow/dags/etl/load.py", line 42');
  assert.equal(line.slice(f.start, f.start + f.path.length), f.path);
  // Airflow 2 prefixes frames with its log head; a rendered Airflow 3 frame has none.
  const two = findTracebackFrames('[2025-01-01, 00:00:00 UTC] {taskinstance.py:1} ERROR - File "/a/dags/x.py", line 1 and File "/b/dags/y.py", line 2');
  assert.deepEqual(two.map((x) => [x.path, x.line]), [['/a/dags/x.py', 1], ['/b/dags/y.py', 2]]);
  assert.deepEqual(findTracebackFrames('File "/x.py", line 0'), []);
  assert.deepEqual(findTracebackFrames('INFO - nothing here'), []);
});

test('MWAA DAGs folder paths map below the DAGs folder, sub-folders kept', () => {
  assert.deepEqual(dagRelativeCandidates('/usr/local/airflow/dags/hello.py'), ['hello.py']);
  assert.deepEqual(dagRelativeCandidates('/usr/local/airflow/dags/team/etl/load.py'), ['team/etl/load.py']);
  // A nested folder called dags under MWAA's root is still relative to the root.
  assert.deepEqual(dagRelativeCandidates('/usr/local/airflow/dags/team/dags/x.py'), ['team/dags/x.py']);
});

test('other mounts: below each dags folder on the path, outermost first', () => {
  assert.deepEqual(dagRelativeCandidates('/tmp/mwaa-sandbox-1/sandbox-af2/dags/etl/x.py'), ['etl/x.py']);
  assert.deepEqual(dagRelativeCandidates('/opt/dags/team/dags/x.py'), ['team/dags/x.py', 'x.py']);
});

test('non-DAG paths give nothing: libraries, plugins, relative, non-Python, escapes', () => {
  for (const p of [
    '/usr/local/airflow/.local/lib/python3.11/site-packages/airflow/models/taskinstance.py',
    '/usr/lib/python3.11/dist-packages/dags/x.py',
    '/usr/local/lib/python3.11/dags/x.py',
    '/usr/local/airflow/plugins/my_plugin.py',
    'dags/x.py',
    '<string>',
    '/usr/local/airflow/dags/README.md',
    '/usr/local/airflow/dags/../config/x.py',
    '/usr/local/airflow/dags/',
  ]) {
    assert.deepEqual(dagRelativeCandidates(p), [], p);
  }
});

test('local paths join in the local folder\'s own syntax (POSIX and Windows)', () => {
  assert.equal(joinLocal('/home/me/proj/dags', 'etl/load.py'), '/home/me/proj/dags/etl/load.py');
  assert.equal(joinLocal('/home/me/proj/dags/', 'x.py'), '/home/me/proj/dags/x.py');
  assert.equal(joinLocal('C:\\Users\\me\\proj\\dags', 'etl/load.py'), 'C:\\Users\\me\\proj\\dags\\etl\\load.py');
  assert.equal(joinLocal('c:/Users/me/dags\\', 'x.py'), 'c:/Users/me/dags\\x.py');
  assert.equal(joinLocal('\\\\server\\share\\dags', 'a/b.py'), '\\\\server\\share\\dags\\a\\b.py');
});

test('candidates: each relative path under each local folder, bound folders in the caller\'s order', () => {
  assert.deepEqual(localCandidates('/usr/local/airflow/dags/etl/x.py', ['/w/bound', '/w/dags']), ['/w/bound/etl/x.py', '/w/dags/etl/x.py']);
  assert.deepEqual(localCandidates('/usr/local/airflow/dags/x.py', ['D:\\repo\\dags']), ['D:\\repo\\dags\\x.py']);
  assert.deepEqual(localCandidates('/usr/local/airflow/.local/lib/python3.11/site-packages/a.py', ['/w/dags']), []);
  assert.deepEqual(localCandidates('/usr/local/airflow/dags/x.py', []), []);
});
