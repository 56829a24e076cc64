import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AirflowIgnore } from '../../../src/core/sync/airflowIgnore';
import { SyncFilter } from '../../../src/core/sync/syncFilter';

const NEVER = [
  '.env', '.env.local', 'sub/.env.production', 'credentials', 'conf/credentials', 'key.pem', 'certs/server.key', 'id_rsa', 'id_rsa.pub', 'id_ed25519',
  '.aws/config', 'x/.aws/credentials', '.netrc', 'store.p12', '__pycache__/a.cpython-311.pyc', 'pkg/__pycache__/x.py', 'a.pyc',
  '.git/config', '.venv/lib/site.py', 'node_modules/x/index.js', '.DS_Store', 'sub/.DS_Store', '.ssh/known_hosts',
];
const ALLOWED = ['dag.py', 'sub/helpers.py', '.airflowignore', 'sub/.airflowignore', 'sql/query.sql', 'environment.py', 'keys.py', 'credentials_helper.py', 'credentials/reader.py', 'requirements.txt', 'config.yaml'];

test('never-upload list', () => {
  const f = new SyncFilter();
  for (const p of NEVER) {
    const v = f.verdict(p);
    assert.equal(v.upload, false, p);
    assert.match((v as { reason: string }).reason, /never uploaded/);
  }
  for (const p of ALLOWED) assert.equal(f.verdict(p).upload, true, p);
});

test('.mwaa (local-run variables and connections) is never uploaded, at any depth', () => {
  const f = new SyncFilter();
  for (const p of ['.mwaa/variables.json', '.mwaa/connections.json', '.mwaa/README.md', 'sub/.mwaa/variables.json', '.MWAA/connections.json']) {
    const v = f.verdict(p);
    assert.equal(v.upload, false, p);
    assert.match((v as { reason: string }).reason, /never uploaded: local-run variables and connections/);
  }
  assert.equal(f.skipsDir('.mwaa'), true);
  // Only the folder: a file or a module named like it is DAG code.
  for (const p of ['mwaa.py', '.mwaa', 'mwaa/variables.json', 'x.mwaa/variables.json']) assert.equal(f.verdict(p).upload, true, p);
});

test('never-upload folders are skipped while listing', () => {
  const f = new SyncFilter();
  for (const d of ['.git', 'a/__pycache__', '.venv', 'node_modules', '.aws']) assert.equal(f.skipsDir(d), true, d);
  for (const d of ['sub', 'credentials', 'include']) assert.equal(f.skipsDir(d), false, d);
});

test('mwaa.sync.exclude globs (gitignore-like, ** crosses folders)', () => {
  const f = new SyncFilter(['tests/', '**/*.md', 'scratch_*.py', '/local.py', 'data/**/*.csv', '!data/keep/**']);
  const cases: Array<[string, boolean]> = [
    ['tests/test_dag.py', false], ['sub/tests/x.py', false], ['README.md', false], ['docs/a/b.md', false],
    ['scratch_1.py', false], ['sub/scratch_2.py', false], ['local.py', false], ['sub/local.py', true],
    ['data/x/y.csv', false], ['data/y.csv', false], ['data/keep/k.csv', true], ['dag.py', true], ['tests.py', true],
  ];
  for (const [p, upload] of cases) assert.equal(f.shouldUpload(p), upload, p);
  assert.match((f.verdict('README.md') as { reason: string }).reason, /mwaa\.sync\.exclude/);
  assert.equal(f.skipsDir('tests'), true);
});

test('.airflowignore does not stop uploads, only parsing', () => {
  const f = new SyncFilter([], new AirflowIgnore(new Map([['', 'helpers/\ncommon.py\n']]), 'glob'));
  assert.equal(f.shouldUpload('helpers/db.py'), true);
  assert.equal(f.shouldUpload('common.py'), true);
  assert.equal(f.parsedByAirflow('helpers/db.py'), false);
  assert.equal(f.parsedByAirflow('common.py'), false);
  assert.equal(f.parsedByAirflow('dag.py'), true);
  assert.equal(f.shouldUpload('.airflowignore'), true);
  assert.equal(f.parsedByAirflow('.airflowignore'), false);
});

test('DAG detection: .py, not ignored, safe-mode heuristic', async () => {
  const { mightContainDag } = await import('../../../src/core/sync/dagDetection');
  const ig = new AirflowIgnore(new Map([['', '^helpers/']]), 'regexp');
  assert.equal(mightContainDag('dag.py', 'from airflow import DAG', ig), true);
  assert.equal(mightContainDag('util.py', 'def f(): pass', ig), false);
  assert.equal(mightContainDag('util.py', 'def f(): pass', ig, false), true);
  assert.equal(mightContainDag('helpers/dag.py', 'from airflow import DAG', ig), false);
  assert.equal(mightContainDag('sql/q.sql', 'airflow dag', ig), false);
  assert.equal(mightContainDag('bundle.zip', new Uint8Array([80, 75]), ig), true);
});
