import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { decodeFile } from '../../../src/cli/fileInput';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
// The compiled CLI beside this compiled test (out/ or a private out-*/).
const CLI = path.resolve(__dirname, '..', '..', '..', 'src', 'cli', 'mwaaLint.js');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'lint');

function run(...args: string[]) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: REPO });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('cli: folder with DAGs and requirements, JSON output, exit 1 on errors', () => {
  const r = run('--airflow-version', '3.0.6', '--format', 'json', path.join(FIXTURES, 'project'));
  assert.equal(r.code, 1, r.stderr);
  const findings = JSON.parse(r.stdout) as Record<string, unknown>[];
  for (const f of findings) {
    assert.deepEqual(Object.keys(f).sort(), ['code', 'column', 'endColumn', 'endLine', 'file', 'line', 'message', 'severity']);
    assert.ok((f.line as number) >= 1 && (f.column as number) >= 1);
  }
  const codes = new Set(findings.map((f) => f.code));
  for (const c of ['AIR302', 'AIR301', 'MWAA002', 'MWAA003', 'MWAA004', 'REQ003']) assert.ok(codes.has(c), `missing ${c}`);
  const sched = findings.find((f) => String(f.message).includes('schedule_interval'))!;
  assert.deepEqual([sched.line, sched.column, sched.endLine, sched.endColumn], [18, 5, 18, 22]);
  // The duplicate dag_id points at both files.
  const dup = findings.filter((f) => f.code === 'MWAA002').map((f) => path.basename(String(f.file)));
  assert.deepEqual(dup.sort(), ['clean_dag.py', 'legacy_dag.py']);
});

test('cli: clean requirements file, text format, exit 0', () => {
  const r = run('--airflow-version', '2.6.3', path.join(FIXTURES, 'clean-requirements.txt'));
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /1 file\(s\), 0 error\(s\)/);
});

test('cli: bad usage exits 2', () => {
  assert.equal(run().code, 2);
  assert.equal(run('--format', 'xml', FIXTURES).code, 2);
  assert.equal(run('--bogus', FIXTURES).code, 2);
  assert.equal(run('--airflow-version', 'three', FIXTURES).code, 2);
  assert.equal(run(path.join(FIXTURES, 'does-not-exist.py')).code, 2);
});

test('cli: files over 5 MB are skipped with a note; non-UTF-8 is read and flagged', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-lint-'));
  try {
    fs.writeFileSync(path.join(dir, 'huge.py'), Buffer.alloc(5 * 1024 * 1024 + 1, 0x23));
    fs.writeFileSync(path.join(dir, 'latin.py'), Buffer.from('# caf\xe9\nx = 1\n', 'latin1'));
    const r = run('--format', 'json', dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /huge\.py: skipped: 5\.0 MB is over the 5 MB limit/);
    assert.match(r.stderr, /latin\.py: not valid UTF-8/);
    const findings = JSON.parse(r.stdout) as { code: string; file: string }[];
    assert.deepEqual(findings.map((f) => [path.basename(f.file), f.code]), [['latin.py', 'MWAA005']]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('decodeFile: UTF-8 with BOM, invalid bytes fall back to Latin-1', () => {
  assert.deepEqual(decodeFile(Buffer.from('\ufeffx = "é"', 'utf8')), { text: 'x = "é"', utf8: true });
  assert.deepEqual(decodeFile(Buffer.from([0x63, 0xe9])), { text: 'cé', utf8: false });
});

test('cli: --jobs 2 (worker threads) prints exactly what --jobs 1 prints; --jobs 0 is bad usage', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-lint-jobs-'));
  try {
    const dags = fs.readdirSync(path.join(FIXTURES, 'project'), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.py'));
    assert.ok(dags.length > 0);
    // 120 files: enough for two workers (48 files each at least).
    for (let i = 0; i < 120; i++) {
      const src = fs.readFileSync(path.join(FIXTURES, 'project', dags[i % dags.length]!), 'utf8');
      fs.writeFileSync(path.join(dir, `dag_${String(i).padStart(3, '0')}.py`), src.replace(/dag_id="([^"]+)"/g, `dag_id="$1_${i}"`));
    }
    const one = run('--airflow-version', '3.0.6', '--format', 'json', '--jobs', '1', dir);
    const two = run('--airflow-version', '3.0.6', '--format', 'json', '--jobs', '2', dir);
    assert.equal(one.code, 1, one.stderr);
    assert.equal(two.code, one.code, two.stderr);
    assert.ok((JSON.parse(one.stdout) as unknown[]).length > 120);
    assert.equal(two.stdout, one.stdout);
    assert.equal(run('--jobs', '0', dir).code, 2);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
