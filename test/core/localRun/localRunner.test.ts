// runLocally with a stand-in python (a shell script printing Airflow-like lines): every line reaches
// the caller, the summary follows them, a failed task makes the code non-zero even when the process
// exits 0 (Airflow 3's `tasks test`), and cancel kills the process group.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { runLocally } from '../../../src/core/localRun/localRunner';

const posix = process.platform !== 'win32';

/** Alive and not a zombie (a killed child waits for its reaper, which may be slow in a container). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return true;
  }
}

function fakePython(body: string): { python: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-localrunner-'));
  const python = path.join(dir, 'python');
  fs.writeFileSync(python, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return { python, dir };
}

test('lines stream to the caller and the summary names the failed task; exit 0 with a failed task is a failure', { skip: !posix }, async () => {
  const { python, dir } = fakePython(`echo "args: $*"
echo "[DAG TEST] starting task_id=explode map_index=-1"
echo "x [info] Task started [airflow.api_fastapi.execution_api.routes.task_instances]"
echo "Traceback (most recent call last):" >&2
echo '  File "/ws/dags/local_vars.py", line 26, in explode' >&2
echo "ValueError: boom" >&2
echo "x [info] Task instance state updated [airflow.api_fastapi.execution_api] new_state=failed"
exit 0`);
  const seen: Array<[string, string]> = [];
  const r = await runLocally({ python, args: ['tasks', 'test', 'd', 'explode'], env: { PATH: process.env.PATH }, cwd: dir, onLine: (l, s) => seen.push([l, s]) });
  assert.equal(seen[0]![0], 'args: -m airflow tasks test d explode');
  assert.ok(seen.some(([l, s]) => l === 'ValueError: boom' && s === 'stderr'));
  assert.equal(r.processCode, 0);
  assert.equal(r.code, 1);
  assert.deepEqual(r.summary.failedTasks, ['explode']);
  assert.deepEqual(r.summary.userFrames, [{ file: '/ws/dags/local_vars.py', line: 26 }]);
});

test('a run that succeeds keeps code 0; a process that fails keeps its code', { skip: !posix }, async () => {
  const ok = fakePython(`echo "Exporting env vars: AIRFLOW_CTX_TASK_ID='a'"\necho "Marking task as SUCCESS. dag_id=d, task_id=a, run_id=r"`);
  const r = await runLocally({ python: ok.python, args: [], env: {}, cwd: ok.dir, onLine: () => undefined });
  assert.equal(r.code, 0);
  assert.deepEqual(r.summary.succeededTasks, ['a']);
  const bad = fakePython('echo "airflow.exceptions.AirflowException: Dag \'x\' could not be found" >&2; exit 1');
  const r2 = await runLocally({ python: bad.python, args: [], env: {}, cwd: bad.dir, onLine: () => undefined });
  assert.equal(r2.code, 1);
  assert.deepEqual(r2.summary.order, []);
});

test('cancel kills the run and its children', { skip: !posix }, async () => {
  const { python, dir } = fakePython(`sleep 30 &\necho "child $!"\necho started\nwait`);
  const ac = new AbortController();
  let child = 0;
  const r = await runLocally({
    python, args: [], env: { PATH: process.env.PATH }, cwd: dir, signal: ac.signal,
    onLine: (l) => {
      if (l.startsWith('child ')) child = Number(l.slice(6));
      if (l === 'started') ac.abort();
    },
  });
  assert.equal(r.stopped, 'aborted');
  assert.notEqual(r.code, 0);
  assert.ok(child > 0);
  await new Promise((res) => setTimeout(res, 100));
  assert.equal(running(child), false, 'the task\'s child is gone too');
});
