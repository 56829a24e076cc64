import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';

// The compiled CLI beside this compiled test (out/ or a private out-*/).
const CLI = path.resolve(__dirname, '..', '..', '..', 'src', 'cli', 'mwaaLint.js');
const ROOT = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-lint-select-'));
after(() => fs.rmSync(ROOT, { recursive: true, force: true }));

const DAG = [
  'from datetime import datetime',
  'from airflow import DAG',
  'from airflow.operators.dummy import DummyOperator',
  'from airflow.utils.dates import days_ago',
  '',
  'with DAG("p1", schedule_interval="@daily", start_date=datetime.now()) as dag:',
  '    DummyOperator(task_id="a")',
  '',
].join('\n');
const REQUIREMENTS = 'pandas\nboto3==1.0.0\n';

function project(name: string, files: Record<string, string>): string {
  const dir = path.join(ROOT, name);
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

interface Printed {
  file: string;
  line: number;
  code: string;
  severity: string;
}

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, '--format', 'json', ...args], { encoding: 'utf8', cwd: ROOT });
  const findings = r.status === 2 ? [] : (JSON.parse(r.stdout) as Printed[]);
  return { code: r.status, findings, stderr: r.stderr, sites: findings.map((f) => `${path.basename(f.file)}:${f.line} ${f.code}`) };
}

test('cli: --select and --ignore take codes and prefixes as ruff does; the most specific decides', () => {
  const dir = project('flags', { 'dag.py': DAG, 'requirements.txt': REQUIREMENTS });
  const all = run('--airflow-version', '3.0.6', dir);
  assert.deepEqual(all.sites, ['dag.py:2 AIR311', 'dag.py:3 AIR302', 'dag.py:4 AIR301', 'dag.py:6 AIR301', 'dag.py:6 MWAA004', 'requirements.txt:1 REQ001', 'requirements.txt:2 REQ003']);
  assert.deepEqual(run('--airflow-version', '3.0.6', '--ignore', 'MWAA004,REQ', dir).sites, all.sites.filter((s) => !/MWAA004|REQ/.test(s)));
  assert.deepEqual(run('--airflow-version', '3.0.6', '--select', 'REQ', dir).sites, ['requirements.txt:1 REQ001', 'requirements.txt:2 REQ003']);
  assert.deepEqual(run('--airflow-version', '3.0.6', '--select=air3', '--ignore', 'AIR30', '--ignore', 'AIR302', dir).sites, ['dag.py:2 AIR311']);
  assert.deepEqual(run('--airflow-version', '3.0.6', '--ignore', 'AIR3', '--select', 'ALL,AIR301', dir).sites.filter((s) => s.includes('AIR')), ['dag.py:4 AIR301', 'dag.py:6 AIR301']);
  // Only errors decide the exit code: with the errors ignored it is 0.
  assert.equal(run('--airflow-version', '3.0.6', '--ignore', 'AIR301,AIR302,REQ003', dir).code, 0);
});

test('cli: a bad selector is bad usage that names it', () => {
  const dir = project('bad-flags', { 'dag.py': DAG });
  for (const [flag, value] of [['--select', 'E501'], ['--ignore', 'AIR3,bogus'], ['--select', ','], ['--ignore', '']] as const) {
    const r = run(flag, value, dir);
    assert.equal(r.code, 2, `${flag} ${value}`);
    assert.match(r.stderr, new RegExp(`mwaa-lint: ${flag}`), r.stderr);
  }
  assert.match(run('--select', 'E501', dir).stderr, /"E501" is not a code or prefix/);
});

test('cli: [tool.mwaa-lint] in the nearest pyproject.toml that has one; flags win; --isolated reads none', () => {
  const root = project('tree', {
    'pyproject.toml': '[project]\nname = "repo"\n\n[tool.mwaa-lint]\nairflow-version = "3.0.6"\nignore = ["REQ"]\n',
    'a/dag.py': DAG,
    'a/requirements.txt': REQUIREMENTS,
    'b/pyproject.toml': '[tool.mwaa-lint]\nairflow-version = "2.10.3"\nselect = ["MWAA2"]\nextend-select = ["REQ003"]\n',
    'b/dags/dag.py': DAG,
    'b/requirements.txt': REQUIREMENTS,
    'c/pyproject.toml': '[tool.ruff]\nline-length = 100\n',
    'c/dag.py': DAG,
  });
  const r = run(root);
  const rel = (f: Printed) => `${path.relative(root, f.file)}:${f.line} ${f.code} ${f.severity}`;
  assert.deepEqual(r.findings.map(rel), [
    'a/dag.py:2 AIR311 warning', 'a/dag.py:3 AIR302 error', 'a/dag.py:4 AIR301 error', 'a/dag.py:6 AIR301 error', 'a/dag.py:6 MWAA004 warning',
    'b/dags/dag.py:3 MWAA201 warning', 'b/dags/dag.py:4 MWAA201 warning', 'b/dags/dag.py:6 MWAA202 warning',
    'b/requirements.txt:2 REQ003 error',
    'c/dag.py:2 AIR311 warning', 'c/dag.py:3 AIR302 error', 'c/dag.py:4 AIR301 error', 'c/dag.py:6 AIR301 error', 'c/dag.py:6 MWAA004 warning',
    // The same dag_id in three files: b's selection leaves MWAA002 out there only.
    'a/dag.py:6 MWAA002 error', 'c/dag.py:6 MWAA002 error',
  ]);
  const text = spawnSync(process.execPath, [CLI, root], { encoding: 'utf8' }).stdout;
  assert.match(text, /\(Airflow 3\.0\.6, 2\.10\.3\)\n$/, 'the summary names every version linted against');

  // The flags win: a version for every file, --select replaces the file's select, --ignore adds to it.
  const flagged = run('--airflow-version', '2.10.3', '--ignore', 'MWAA201', path.join(root, 'b'));
  assert.deepEqual(flagged.sites, ['dag.py:6 MWAA202', 'requirements.txt:2 REQ003']);
  assert.deepEqual(run('--select', 'MWAA004', path.join(root, 'b', 'dags')).sites, ['dag.py:6 MWAA004']);
  const isolated = run('--isolated', '--airflow-version', '3.0.6', path.join(root, 'b', 'requirements.txt'));
  assert.deepEqual(isolated.sites, ['requirements.txt:1 REQ001', 'requirements.txt:2 REQ003']);
});

test('cli: a malformed [tool.mwaa-lint] stops the run naming the file and the setting', () => {
  const cases: Array<[string, RegExp]> = [
    ['[tool.mwaa-lint]\nselct = ["AIR"]\n', /has no setting "selct" \(settings: select, extend-select, ignore, airflow-version\)/],
    ['[tool.mwaa-lint]\nselect = "AIR"\n', /select must be a list of codes or prefixes/],
    ['[tool.mwaa-lint]\nignore = ["E501"]\n', /ignore: "E501" is not a code or prefix/],
    ['[tool.mwaa-lint]\nairflow-version = "three"\n', /airflow-version must be an Airflow version such as "2\.10\.3", not "three"/],
    ['[tool.mwaa-lint\nselect = []\n', /invalid TOML at line 1/],
  ];
  cases.forEach(([toml, message], i) => {
    const dir = project(`broken-${i}`, { 'pyproject.toml': toml, 'dag.py': DAG });
    const r = run(dir);
    assert.equal(r.code, 2, toml);
    assert.ok(r.stderr.includes(path.join(dir, 'pyproject.toml')), r.stderr);
    assert.match(r.stderr, message);
  });
  // A pyproject.toml that does not mention mwaa-lint is not parsed: broken or not, it is not ours.
  const other = project('not-ours', { 'pyproject.toml': 'this = is [not toml', 'dag.py': DAG });
  assert.equal(run('--airflow-version', '3.0.6', other).code, 1);
});

test('cli: # noqa and # ruff: noqa suppress as in ruff, in Python and requirements files; unreadable ones are named', () => {
  const dag = DAG.replace('import days_ago', 'import days_ago  # noqa: AIR301')
    .replace('DummyOperator\n', 'DummyOperator  # noqa\n')
    .replace('    DummyOperator(task_id="a")', '    DummyOperator(task_id="a")  # noqa: air301');
  const dir = project('noqa', {
    'dag.py': `# ruff: noqa: MWAA004\n${dag}`,
    'requirements.txt': '--constraint https://raw.githubusercontent.com/apache/airflow/constraints-3.0.6/constraints-3.12.txt\nboto3==1.0.0  # noqa: REQ003\nrequests==0.1  # noqa:REQ004\n',
    'other.py': 'from airflow import DAG\nDAG("p1")  # noqa: MWAA002\n',
  });
  const r = run('--airflow-version', '3.0.6', dir);
  // dag.py: line 4 has a bare noqa, line 5 `noqa: AIR301`, MWAA004 (line 7) is off file-wide, and
  // line 8's `noqa: air301` is no directive (lower case) but has nothing to suppress anyway.
  assert.deepEqual(r.sites, ['dag.py:3 AIR311', 'dag.py:7 AIR301', 'other.py:1 AIR311', 'requirements.txt:3 REQ003', 'dag.py:7 MWAA002']);
  assert.match(r.stderr, /dag\.py:8: this "# noqa" suppresses nothing: expected codes after ":"/);
  // Without the comments, each of them is reported.
  const plain = project('no-noqa', Object.fromEntries(['dag.py', 'requirements.txt', 'other.py'].map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8').replace(/noqa/g, 'nxqa')])));
  const all = run('--airflow-version', '3.0.6', plain).sites;
  for (const s of ['dag.py:4 AIR302', 'dag.py:5 AIR301', 'dag.py:7 MWAA004', 'requirements.txt:2 REQ003', 'other.py:2 MWAA002']) assert.ok(all.includes(s), `${s} in ${all.join(', ')}`);
});

test('cli: a file config applies to --parse and --resolve too (their one Airflow version)', () => {
  // Only the version choice is checked here: a version MWAA never offered is refused before any runtime is built.
  const dir = project('runtime', { 'pyproject.toml': '[tool.mwaa-lint]\nairflow-version = "2.4.99"\n', 'dag.py': DAG });
  const r = spawnSync(process.execPath, [CLI, '--parse', path.join(dir, 'dag.py')], { encoding: 'utf8' });
  assert.equal(r.status, 2, r.stdout + r.stderr);
  assert.match(r.stderr, /Airflow "2\.4\.99" is not an Airflow version MWAA offers/);
  // --isolated: the file is not read, the newest version is taken (and refused here for another reason, or run).
  const isolated = spawnSync(process.execPath, [CLI, '--parse', '--isolated', '--airflow-version', '2.4.98', path.join(dir, 'dag.py')], { encoding: 'utf8' });
  assert.match(isolated.stderr, /2\.4\.98/);
});
