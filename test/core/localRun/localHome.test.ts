// prepareLocalHome with a stand-in python (a shell script that plays `airflow db migrate`): the
// database is made once per runtime and DAGs folder, a failed migrate leaves no marker, two callers
// at once migrate once. The real migrate of Airflow 2 and 3 is in test/sandbox/localRun.test.ts.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { LocalHomeError, localHomePath, prepareLocalHome } from '../../../src/core/localRun/localHome';

const posix = process.platform !== 'win32';
const KEY = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';

function setup(): { root: string; python: string; calls: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-localhome-'));
  const calls = path.join(dir, 'calls.log');
  const python = path.join(dir, 'python');
  // Records each call with what it was given; FAKE_FAIL makes it leave half a database and fail.
  fs.writeFileSync(python, `#!/bin/sh
echo "$* home=$AIRFLOW_HOME db=$AIRFLOW__DATABASE__SQL_ALCHEMY_CONN dags=$AIRFLOW__CORE__DAGS_FOLDER user=$USER_AIRFLOW_LEAK" >> "${calls}"
sleep 0.3
echo partial > "$AIRFLOW_HOME/airflow.db"
if [ -n "$FAKE_FAIL" ]; then echo "sqlite3.OperationalError: disk I/O error https://user:secret@index.example/simple" >&2; exit 3; fi
echo "Database migrating done!"
`, { mode: 0o755 });
  return { root: path.join(dir, 'homes'), python, calls };
}

const count = (calls: string) => (fs.existsSync(calls) ? fs.readFileSync(calls, 'utf8').trim().split('\n').length : 0);

test('the database is made once per runtime and DAGs folder, then reused', { skip: !posix }, async () => {
  const { root, python, calls } = setup();
  const runtime = { key: KEY, python, airflowVersion: '2.11.2' };
  const env = { PATH: process.env.PATH, AIRFLOW_HOME: '/users/own/airflow', AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: 'postgresql://prod' };
  const lines: string[] = [];
  const first = await prepareLocalHome({ root, runtime, dagsFolder: '/ws/dags', env, log: (l) => lines.push(l) });
  assert.equal(first.created, true);
  assert.equal(first.home, localHomePath(root, KEY, '/ws/dags'));
  assert.ok(first.home.startsWith(root));
  const call = fs.readFileSync(calls, 'utf8');
  assert.match(call, /^-m airflow db migrate /);
  assert.ok(call.includes(`home=${first.home} `), 'the scratch home, not the user\'s');
  assert.ok(call.includes(`db=sqlite:///${path.join(first.home, 'airflow.db')} `));
  assert.ok(lines.some((l) => l.includes('Database migrating done!')));
  const again = await prepareLocalHome({ root, runtime, dagsFolder: '/ws/dags', env });
  assert.deepEqual(again, { home: first.home, created: false });
  assert.equal(count(calls), 1);
  // Another DAGs folder, another runtime, or another Airflow version in the marker: another migrate.
  const other = await prepareLocalHome({ root, runtime, dagsFolder: '/ws2/dags', env });
  assert.equal(other.created, true);
  assert.notEqual(other.home, first.home);
  const v3 = await prepareLocalHome({ root, runtime: { ...runtime, key: 'f'.repeat(64), airflowVersion: '3.3.1' }, dagsFolder: '/ws/dags', env });
  assert.equal(v3.created, true);
  assert.notEqual(v3.home, first.home);
  assert.equal(count(calls), 3);
  // The database gone (the user cleaned up): made again.
  fs.rmSync(path.join(first.home, 'airflow.db'));
  assert.equal((await prepareLocalHome({ root, runtime, dagsFolder: '/ws/dags', env })).created, true);
});

test('a failed migrate leaves no marker, says why (credentials redacted), and is redone next time', { skip: !posix }, async () => {
  const { root, python, calls } = setup();
  const runtime = { key: KEY, python, airflowVersion: '3.3.1' };
  await assert.rejects(prepareLocalHome({ root, runtime, dagsFolder: '/ws/dags', env: { PATH: process.env.PATH, FAKE_FAIL: '1' } }), (e: unknown) => {
    assert.ok(e instanceof LocalHomeError);
    assert.match(e.message, /airflow db migrate` of Airflow 3\.3\.1 exited with code 3/);
    assert.match(e.detail, /disk I\/O error/);
    assert.doesNotMatch(e.detail, /secret/);
    return true;
  });
  const home = localHomePath(root, KEY, '/ws/dags');
  assert.equal(fs.readdirSync(home).some((f) => f.includes('mwaa-local-home')), false);
  const ok = await prepareLocalHome({ root, runtime, dagsFolder: '/ws/dags', env: { PATH: process.env.PATH } });
  assert.equal(ok.created, true);
  assert.equal(fs.readFileSync(path.join(home, 'airflow.db'), 'utf8').trim(), 'partial');
  assert.equal(count(calls), 2);
});

test('two callers at once: one migrate, both get the home', { skip: !posix }, async () => {
  const { root, python, calls } = setup();
  const runtime = { key: KEY, python, airflowVersion: '2.11.2' };
  const opts = { root, runtime, dagsFolder: '/ws/dags', env: { PATH: process.env.PATH } };
  const [a, b] = await Promise.all([prepareLocalHome({ ...opts }), prepareLocalHome({ ...opts })]);
  assert.equal(a.home, b.home);
  assert.deepEqual([a.created, b.created].sort(), [false, true]);
  assert.equal(count(calls), 1);
});

test('cancel stops the migrate and leaves no marker', { skip: !posix }, async () => {
  const { root, python } = setup();
  const runtime = { key: KEY, python, airflowVersion: '2.11.2' };
  const ac = new AbortController();
  setTimeout(() => ac.abort(), 100);
  await assert.rejects(prepareLocalHome({ root, runtime, dagsFolder: '/ws/dags', env: { PATH: process.env.PATH }, signal: ac.signal }), { name: 'AbortError' });
  const home = localHomePath(root, KEY, '/ws/dags');
  assert.equal(fs.readdirSync(home).some((f) => f.includes('mwaa-local-home')), false);
});

test('keys and versions are checked', async () => {
  assert.throws(() => localHomePath('/r', '../../etc', '/d'), LocalHomeError);
  await assert.rejects(prepareLocalHome({ root: '/r', runtime: { key: KEY, python: 'p', airflowVersion: '2; rm' }, dagsFolder: '/d', env: {} }), LocalHomeError);
});
