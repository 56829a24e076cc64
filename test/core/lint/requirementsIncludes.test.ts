import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { loadConstraints } from '../../../src/core/lint/constraints';
import { readBounded } from '../../../src/core/lint/requirements/boundedRead';
import { checkRequirements } from '../../../src/core/lint/requirements/constraintsChecker';
import { readIncludedFile, type IncludeRoot } from '../../../src/core/lint/requirements/includeReader';
import { DATA_DIR } from './lintSetup';

// Requirements files are workspace content: what they include (-r, -c) is read only inside the
// allowed folders, only from regular files, with a byte cap, and never quoted in a message.

const env = loadConstraints(DATA_DIR, '2.10.3')!;
const HEADER = '--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt"\n';
const MB5 = 5 * 1024 * 1024;
/** Built at run time so nothing secret-looking is committed; clearly fake. */
const SECRET = `FAKE${crypto.randomBytes(12).toString('hex').toUpperCase()}`;
const CREDENTIALS = `[default]\naws_access_key_id = ${'AKIA'}FAKEFAKEFAKE\naws_secret_access_key = ${SECRET}\n`;

let tmp: string;
let proj: string;
let outside: string;

before(() => {
  tmp = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-includes-')));
  proj = path.join(tmp, 'proj');
  outside = path.join(tmp, 'outside');
  fs.mkdirSync(proj);
  fs.mkdirSync(outside);
  fs.writeFileSync(path.join(outside, 'credentials'), CREDENTIALS);
  fs.symlinkSync(path.join(outside, 'credentials'), path.join(proj, 'link-out.txt'));
  fs.writeFileSync(path.join(proj, 'inside-secret.txt'), CREDENTIALS + `${SECRET}\n`);
});

after(() => fs.rmSync(tmp, { recursive: true, force: true }));

const roots = (): IncludeRoot[] => [{ path: proj, name: 'the linted folder' }];

/** The disk reader under test, counting reads. */
function reader(maxBytes = MB5, allowed = roots()) {
  const reads: string[] = [];
  return {
    reads,
    readFile: (p: string) => {
      reads.push(p);
      return readIncludedFile(p, { roots: allowed, maxBytes });
    },
  };
}

function checkIn(text: string, maxBytes?: number) {
  const r = reader(maxBytes);
  const started = Date.now();
  const result = checkRequirements(text, { constraints: env, filePath: path.join(proj, 'requirements.txt'), readFile: r.readFile });
  return { ...result, reads: r.reads, ms: Date.now() - started };
}

function assertNoSecret(value: unknown): void {
  const s = JSON.stringify(value);
  assert.ok(!s.includes(SECRET), 'the fake secret appears in the findings');
  assert.ok(!s.includes('aws_secret_access_key'), 'the credentials file text appears in the findings');
}

test('includes: -r outside the folder (../ or a symlink) is refused with an actionable REQ008; nothing of the file is read or shown', () => {
  const r = checkIn(HEADER + '-r ../outside/credentials\n-r link-out.txt\n');
  assertNoSecret(r.findings);
  const req008 = r.findings.filter((f) => f.code === 'REQ008');
  assert.equal(req008.length, 2, JSON.stringify(r.findings));
  assert.equal(req008[0]!.message, `-r ../outside/credentials is outside the linted folder: only files inside the linted folder ${proj} are followed`);
  assert.match(req008[1]!.message, /^-r link-out\.txt is outside the linted folder: .* \(it is a symbolic link to a file elsewhere\)$/);
  assert.equal(r.findings.filter((f) => f.file).length, 0, 'a finding inside the outside file');
});

test('includes: -r ../../../../../etc/passwd is refused before it is looked at', () => {
  const r = checkIn(HEADER + '-r ../../../../../etc/passwd\n');
  assert.deepEqual(r.findings.map((f) => [f.code, f.message]), [['REQ008', `-r ../../../../../etc/passwd is outside the linted folder: only files inside the linted folder ${proj} are followed`]]);
  assert.ok(!JSON.stringify(r.findings).includes('root:'), 'passwd lines in the findings');
});

test('includes: -r /proc/self/environ is refused; no environment value reaches a message', () => {
  const r = checkIn(HEADER + '-r /proc/self/environ\n');
  assert.equal(r.findings.length, 1);
  assert.match(r.findings[0]!.message, /^-r \/proc\/self\/environ is outside the linted folder/);
  const text = JSON.stringify(r.findings);
  for (const v of Object.values(process.env)) if (v && v.length > 8) assert.ok(!text.includes(v), 'an environment value in the findings');
});

test('includes: a parse problem inside an included file names the file and line, never its text', () => {
  const r = checkIn(HEADER + '-r inside-secret.txt\n');
  assertNoSecret(r.findings);
  const file = path.join(proj, 'inside-secret.txt');
  const inner = r.findings.filter((f) => f.file === file);
  // [default], the two key = value lines: not requirements; the bare token parses as a package name.
  assert.deepEqual(inner.map((f) => [f.code, f.range.start.line]), [['REQ009', 0], ['REQ009', 1], ['REQ009', 2], ['REQ006', 3]]);
  assert.equal(inner[2]!.message, `Not a valid requirements line (line 3 of ${file}); an included file's text is not shown`);
  assert.equal(inner[3]!.message, `The requirement on line 4 of ${file} is not pinned and not in the constraints: MWAA installs the newest release at every update; pin it with == to the version you tested`);
});

test('includes: three symlinks to . end at once: each real file is read once', () => {
  const loop = path.join(tmp, 'loop');
  fs.mkdirSync(loop);
  for (const l of ['a', 'b', 'c']) fs.symlinkSync('.', path.join(loop, l));
  const text = HEADER + '-r a/requirements.txt\n-r b/requirements.txt\n-r c/requirements.txt\nsome-unlisted-package\n';
  fs.writeFileSync(path.join(loop, 'requirements.txt'), text);
  const r = reader(MB5, [{ path: loop, name: 'the linted folder' }]);
  const started = Date.now();
  const result = checkRequirements(text, { constraints: env, filePath: path.join(loop, 'requirements.txt'), readFile: r.readFile });
  assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  assert.ok(r.reads.length <= 3, `${r.reads.length} reads`);
  // Only the file's own finding: the includes are the file itself.
  assert.deepEqual(result.findings.map((f) => f.code), ['REQ006']);
});

test('includes: a loop of two symlinks is refused as a loop', () => {
  fs.symlinkSync('ping.txt', path.join(proj, 'pong.txt'));
  fs.symlinkSync('pong.txt', path.join(proj, 'ping.txt'));
  const r = checkIn(HEADER + '-r ping.txt\n');
  assert.deepEqual(r.findings.map((f) => f.message), ['-r ping.txt is not followed: its symbolic links form a loop']);
});

test('includes: a FIFO and /dev/zero are refused as not regular files, at once', (t) => {
  const fifo = path.join(proj, 'pipe.txt');
  if (spawnSync('mkfifo', [fifo]).status !== 0) return t.skip('no mkfifo here');
  const started = Date.now();
  const r = checkIn(HEADER + '-r pipe.txt\n');
  assert.deepEqual(r.findings.map((f) => f.message), ['-r pipe.txt is not a regular file (a device, pipe, socket or folder): only regular files are followed']);
  const dev = readIncludedFile('/dev/zero', { roots: [{ path: '/dev', name: 'the linted folder' }], maxBytes: MB5 });
  assert.deepEqual(dev, { refused: 'is not a regular file (a device, pipe, socket or folder): only regular files are followed' });
  assert.deepEqual(readBounded('/dev/zero', 16), { kind: 'notRegular' });
  assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  fs.rmSync(fifo);
});

test('includes: the byte cap holds when stat reports 0 bytes (/proc) and for large files', (t) => {
  if (!fs.existsSync('/proc/self/environ')) return t.skip('no /proc here');
  assert.equal(fs.statSync('/proc/self/environ').size, 0);
  const capped = readBounded('/proc/self/environ', 16);
  assert.deepEqual(capped.kind === 'tooLarge' && capped.size, 17, 'read past the cap or gave the text');
  const proc = readIncludedFile('/proc/self/environ', { roots: [{ path: '/proc', name: 'the linted folder' }], maxBytes: 16 });
  assert.deepEqual(proc, { refused: 'is larger than 16 bytes: not followed' });
  fs.writeFileSync(path.join(proj, 'big.txt'), 'x'.repeat(64));
  const r = checkIn(HEADER + '-r big.txt\n', 63);
  assert.deepEqual(r.findings.map((f) => f.message), ['-r big.txt is larger than 63 bytes: not followed']);
});

test('includes: at most 50 included files are read in one check; one finding says where it stopped', () => {
  const many = path.join(proj, 'many');
  fs.mkdirSync(many);
  for (let i = 0; i < 60; i++) fs.writeFileSync(path.join(many, `r${i}.txt`), `pkg-${i}==1.0\n`);
  const lines = Array.from({ length: 60 }, (_, i) => `-r many/r${i}.txt`).join('\n');
  const r = checkIn(HEADER + lines + '\n');
  assert.equal(r.reads.length, 50);
  assert.deepEqual(r.findings.map((f) => [f.code, f.range.start.line, f.message]), [
    ['REQ008', 51, '-r many/r50.txt is not followed: one check reads at most 50 included and constraints files'],
  ]);
});

test('includes: -c outside the folder is refused too, and the bundled pins stay in force', () => {
  fs.writeFileSync(path.join(outside, 'constraints.txt'), 'boto3==1.0.0\n');
  const r = checkIn('-c ../outside/constraints.txt\nboto3==1.35.36\n');
  assert.equal(r.constraintSource, `bundled ${path.basename(env.file)}`);
  assert.deepEqual(r.findings.map((f) => [f.code, f.message]), [['REQ008', `-c ../outside/constraints.txt is outside the linted folder: only files inside the linted folder ${proj} are followed`]]);
});
