import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { appendCapped } from '../../../src/cli/findingCap';

// The CLI as CI runs it, on requirements files that try to read what is not theirs: the real
// entry of the same build as this test (out/ or a private out-*/), each run with a time limit.
const CLI = path.resolve(__dirname, '..', '..', '..', 'src', 'cli', 'mwaaLint.js');
const HEADER = '--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt"\n';
/** Built at run time so nothing secret-looking is committed; clearly fake. */
const SECRET = `FAKE${crypto.randomBytes(12).toString('hex').toUpperCase()}`;

interface CliFindingJson {
  file: string;
  line: number;
  severity: string;
  code: string;
  message: string;
}

let tmp: string;

before(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-cli-includes-')));
});

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function run(args: string[], extraEnv: Record<string, string> = {}) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [CLI, '--airflow-version', '2.10.3', ...args], {
    encoding: 'utf8',
    cwd: tmp,
    env: { ...process.env, ...extraEnv },
    timeout: 30_000,
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ms: Date.now() - started };
}

/** A fresh project folder with these files (text, or a symlink target as { link }). */
function project(name: string, files: Record<string, string | { link: string }>): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [rel, content] of Object.entries(files)) {
    const p = path.join(dir, rel);
    if (typeof content === 'string') fs.writeFileSync(p, content);
    else fs.symlinkSync(content.link, p);
  }
  return dir;
}

test('cli: -r of /proc/self/environ, ../ credentials, a symlink out, /etc/passwd and /dev/zero: refused at once, nothing printed of them', () => {
  const outside = project('outside', { credentials: `[default]\naws_secret_access_key = ${SECRET}\n` });
  const dir = project('escape', {
    'requirements.txt': HEADER + ['-r /proc/self/environ', '-r ../outside/credentials', '-r link.txt', '-r ../../../../../../../etc/passwd', '-r /dev/zero', '-c ../outside/credentials'].join('\n') + '\n',
    'link.txt': { link: path.join(outside, 'credentials') },
  });
  const r = run(['--format', 'json', dir], { MWAA_TEST_FAKE_TOKEN: SECRET });
  assert.equal(r.signal, null, `killed after ${r.ms} ms: an include blocked`);
  assert.ok(r.ms < 15_000, `took ${r.ms} ms`);
  assert.equal(r.code, 0, r.stderr);
  for (const out of [r.stdout, r.stderr]) {
    assert.ok(!out.includes(SECRET), 'the fake secret (a file and an environment variable) is printed');
    assert.ok(!out.includes('root:'), '/etc/passwd is printed');
  }
  const findings = JSON.parse(r.stdout) as CliFindingJson[];
  const where = `only files inside the linted folder ${dir} are followed`;
  assert.deepEqual(
    findings.map((f) => [f.code, f.line, f.message]),
    [
      ['REQ008', 2, `-r /proc/self/environ is outside the linted folder: ${where}`],
      ['REQ008', 3, `-r ../outside/credentials is outside the linted folder: ${where}`],
      ['REQ008', 4, `-r link.txt is outside the linted folder: ${where} (it is a symbolic link to a file elsewhere)`],
      ['REQ008', 5, `-r ../../../../../../../etc/passwd is outside the linted folder: ${where}`],
      ['REQ008', 6, `-r /dev/zero is outside the linted folder: ${where}`],
      ['REQ008', 7, `-c ../outside/credentials is outside the linted folder: ${where}`],
    ],
  );
});

test('cli: --dag-folder is a second allowed folder; a FIFO inside the linted folder is refused, not read', (t) => {
  const dags = project('dags-folder', { 'constraints.txt': 'boto3==1.35.36\n' });
  const dir = project('with-dags', { 'requirements.txt': '-c /usr/local/airflow/dags/constraints.txt\n-r pipe\nboto3==1.0.0\n' });
  if (spawnSync('mkfifo', [path.join(dir, 'pipe')]).status !== 0) return t.skip('no mkfifo here');
  const r = run(['--format', 'json', '--dag-folder', dags, dir]);
  assert.equal(r.signal, null, `killed after ${r.ms} ms: the FIFO blocked`);
  const findings = JSON.parse(r.stdout) as CliFindingJson[];
  assert.deepEqual(
    findings.map((f) => [f.code, f.line]),
    [['REQ008', 2], ['REQ003', 3]],
  );
  assert.equal(findings[0]!.message, '-r pipe is not a regular file (a device, pipe, socket or folder): only regular files are followed');
});

test('cli: three symlinks to . end quickly', () => {
  const dir = project('loop', {
    'requirements.txt': HEADER + '-r a/requirements.txt\n-r b/requirements.txt\n-r c/requirements.txt\nsome-unlisted-package\n',
    a: { link: '.' },
    b: { link: '.' },
    c: { link: '.' },
  });
  const r = run(['--format', 'json', path.join(dir, 'requirements.txt')]);
  assert.equal(r.signal, null, `killed after ${r.ms} ms`);
  assert.ok(r.ms < 10_000, `took ${r.ms} ms`);
  const findings = JSON.parse(r.stdout) as CliFindingJson[];
  assert.deepEqual(findings.map((f) => f.code), ['REQ006']);
});

test('cli: a file given on the command line that is a FIFO is skipped with a note', (t) => {
  const fifo = path.join(tmp, 'requirements-pipe.txt');
  if (spawnSync('mkfifo', [fifo]).status !== 0) return t.skip('no mkfifo here');
  const r = run([fifo]);
  assert.equal(r.signal, null, `killed after ${r.ms} ms: the FIFO blocked`);
  assert.match(r.stderr, /requirements-pipe\.txt: skipped: not a regular file/);
});

test('cli: 200,000 findings in one file: no crash, 10,000 printed and one saying how many more', () => {
  const dir = project('many-findings', {
    'requirements.txt': HEADER + Array.from({ length: 200_000 }, (_, i) => `unlisted-${i}`).join('\n') + '\n',
  });
  const r = run(['--format', 'json', dir]);
  assert.equal(r.code, 0, r.stderr.slice(0, 2000));
  const findings = JSON.parse(r.stdout) as CliFindingJson[];
  assert.equal(findings.length, 10_001);
  assert.deepEqual(findings.at(-1), {
    file: path.join(dir, 'requirements.txt'),
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 1,
    severity: 'warning',
    code: 'MWAA006',
    message: '190000 more finding(s) in this file are not shown: mwaa-lint prints at most 10000 per file',
  });
});

test('appendCapped: at most N per file, the summary as severe as the worst hidden finding', () => {
  const f = (file: string, severity: string) => ({ file, severity });
  const out: { file: string; severity: string; hidden?: number }[] = [];
  appendCapped(out, [f('a', 'warning'), f('a', 'info'), f('b', 'info'), f('a', 'error'), f('a', 'info')], (file, hidden, severity) => ({ file, severity, hidden }), 1);
  assert.deepEqual(out, [f('a', 'warning'), f('b', 'info'), { file: 'a', severity: 'error', hidden: 3 }]);
});
