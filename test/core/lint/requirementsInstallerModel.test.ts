import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { applyFixes } from '../../../src/core/lint/applyFixes';
import { loadConstraints } from '../../../src/core/lint/constraints';
import { checkRequirements, type RequirementsCheckOptions } from '../../../src/core/lint/requirements/constraintsChecker';
import * as installer from '../../../src/core/lint/requirements/mwaaInstaller';
import * as runtimeModel from '../../../src/core/runtime/installerModel';
import { DATA_DIR, textOf } from './lintSetup';

// MWAA adds Airflow's constraints only when no line of requirements.txt, comments included,
// matches `-c ` or `--constraint `: the static checks follow that rule, the runtime's own.

const env = loadConstraints(DATA_DIR, '2.11.2')!;
const URL = 'https://raw.githubusercontent.com/apache/airflow/constraints-2.11.2/constraints-3.12.txt';
const FIXTURES = path.resolve(DATA_DIR, '..', '..', 'test', 'fixtures', 'lint', 'requirements');
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const ESSENTIAL_ONLY = "MWAA's essential pins only";

function check(text: string, extra: Partial<RequirementsCheckOptions> = {}) {
  return checkRequirements(text, { constraints: env, ...extra });
}

const codes = (r: ReturnType<typeof check>) => r.findings.map((f) => f.code);

test('one rule: the runtime model re-exports the lint side\'s functions, not a copy', () => {
  assert.equal(runtimeModel.hasOwnConstraintLine, installer.hasOwnConstraintLine);
  assert.equal(runtimeModel.MWAA_PLUGINS_PATH, installer.MWAA_PLUGINS_PATH);
  assert.equal(installer.MWAA_PLUGINS_PATH, '/usr/local/airflow/plugins');
});

test('ownConstraintLine: the first matching line, counting \\n, \\r\\n and a lone \\r as VS Code does', () => {
  assert.equal(installer.ownConstraintLine('a\nb\n# -c x\n-c y'), 2);
  assert.equal(installer.ownConstraintLine('a\r\nb\r\n--constraint x'), 2);
  assert.equal(installer.ownConstraintLine('a\rb\r\n\r--constraint x'), 3);
  assert.equal(installer.ownConstraintLine('--constraint=x\n-cx\n'), undefined);
  assert.equal(installer.ownConstraintLine(''), undefined);
});

test('a commented constraints line: only the essential pins apply, no "pip will fail" errors, REQ001 says what MWAA does', () => {
  const text = fixture('commented-constraint.txt');
  const r = check(text);
  assert.equal(r.constraintSource, ESSENTIAL_ONLY);
  // requests==2.31.0 differs from Airflow's 2.32.5: not an error, Airflow's constraints are off.
  assert.deepEqual(r.findings.map((f) => [f.code, f.severity, textOf(text, f.range)]), [
    ['REQ001', 'warning', '# --constraint "https://raw.githubusercontent.com/apache/airflow/constraints-2.11.2/constraints-3.12.txt"'],
    ['REQ006', 'warning', 'great-expectations>=0.18.0'],
  ]);
  const [req001] = r.findings;
  assert.equal(req001!.message, 'MWAA adds no Airflow constraints to this file: its installer searches every line, comments included, for "-c " or "--constraint ", '
    + 'and this comment has one. Only MWAA\'s essential pins apply, so pip may move packages Airflow 2.11.2 needs. '
    + `Add the constraints line (${URL}) or reword the comment`);
  // The fix states Airflow's constraints: then the pin that differs is the error it is under them.
  const fixed = applyFixes(text, req001!.fixes[0]!.edits);
  assert.ok(fixed.startsWith(`--constraint "${URL}"\n# Team requirements`));
  assert.deepEqual(codes(check(fixed)), ['REQ003', 'REQ006']);
});

test('the essential pins still apply when Airflow\'s constraints are off', () => {
  const r = check('# --constraint x\nflask==3.0.0\napache-airflow==2.10.3\n');
  assert.deepEqual(codes(r), ['REQ001', 'REQ004', 'REQ005']);
});

test('a uv-compiled lock (header with --constraint): a note without a fix; the pins install as they are', () => {
  const text = fixture('uv-compiled.txt');
  const r = check(text);
  assert.equal(r.constraintSource, ESSENTIAL_ONLY);
  assert.equal(r.findings.length, 1, JSON.stringify(r.findings));
  const [note] = r.findings;
  assert.deepEqual([note!.code, note!.severity, note!.range.start.line, note!.fixes.length], ['REQ001', 'info', 1, 0]);
  assert.match(note!.message, /this comment has one\. Only MWAA's essential pins apply: the versions pinned here install as they are, even where Airflow 2\.11\.2's constraints pin others\. To have those apply, add --constraint "https:\/\/raw\.githubusercontent\.com\/apache\/airflow\/constraints-2\.11\.2\/constraints-3\.12\.txt"$/);
  // Under Airflow's constraints the same pins would not resolve: what the old check reported.
  assert.deepEqual(codes(check(`--constraint "${URL}"\n${text}`)), ['REQ003', 'REQ003', 'REQ003', 'REQ003', 'REQ003']);
});

test('a pip-compile lock: its "# via -c constraints.txt" annotation turns Airflow\'s constraints off too', () => {
  const text = fixture('pip-compiled.txt');
  assert.equal(installer.hasOwnConstraintLine(text), true);
  const r = check(text);
  assert.equal(r.constraintSource, ESSENTIAL_ONLY);
  assert.deepEqual(r.findings.map((f) => [f.code, f.severity, textOf(text, f.range)]), [['REQ001', 'info', '    #   -c constraints.txt']]);
  // Its header alone (`--constraint=`) does not: MWAA adds Airflow's and the pins clash.
  const headerOnly = text.replace(/^ {4}#.*\n/gm, '');
  assert.equal(installer.hasOwnConstraintLine(headerOnly), false);
  assert.deepEqual(codes(check(headerOnly)), ['REQ001', 'REQ003', 'REQ003', 'REQ003', 'REQ003', 'REQ003']);
});

test('the static checks and the runtime apply the same rule to every fixture', () => {
  for (const name of ['uv-compiled.txt', 'pip-compiled.txt', 'commented-constraint.txt']) {
    const text = fixture(name);
    const staticOff = check(text).constraintSource === ESSENTIAL_ONLY;
    assert.equal(staticOff, runtimeModel.hasOwnConstraintLine(text), name);
  }
});

test('no constraints line at all: REQ001 says MWAA adds Airflow\'s, and its fix states them', () => {
  const text = 'requests==2.31.0\n';
  const r = check(text);
  assert.equal(r.constraintSource, `bundled ${path.basename(env.file)}`);
  const [req001, req003] = r.findings;
  assert.equal(req001!.message, `No --constraint line: MWAA adds Airflow 2.11.2's constraints itself (${URL}); state them so every pip that reads this file installs what MWAA installs`);
  assert.equal(req003!.code, 'REQ003');
  assert.equal(applyFixes(text, req001!.fixes[0]!.edits), `--constraint "${URL}"\n${text}`);
});

test('--constraint=file (no space) is missed by MWAA\'s search: both apply; the fix writes it with a space', () => {
  const files: Record<string, string> = { [path.join('/proj', 'mine.txt')]: 'requests==2.31.0\n' };
  const opts = { filePath: path.join('/proj', 'requirements.txt'), readFile: (p: string) => files[p] };
  const text = '--constraint="mine.txt"\nrequests==2.31.0\n';
  const r = check(text, opts);
  assert.equal(r.constraintSource, `bundled ${path.basename(env.file)} + ${path.join('/proj', 'mine.txt')}`);
  // Airflow's constraints (added by MWAA) pin requests 2.32.5: the file's own pin does not decide alone.
  assert.deepEqual(r.findings.map((f) => [f.code, textOf(text, f.range)]), [['REQ001', '--constraint="mine.txt'], ['REQ003', 'requests==2.31.0']]);
  assert.match(r.findings[0]!.message, /misses this line, so it adds Airflow 2\.11\.2's constraints as well and pip applies both; write "--constraint <file>"$/);
  const fixed = applyFixes(text, r.findings[0]!.fixes[0]!.edits);
  assert.equal(fixed, '--constraint "mine.txt"\nrequests==2.31.0\n');
  assert.deepEqual(check(fixed, opts).findings, []);
  // -cfile: the short form gets its space too.
  const short = check('-cmine.txt\n', opts).findings[0]!;
  assert.equal(applyFixes('-cmine.txt\n', short.fixes[0]!.edits), '-c mine.txt\n');
});

test('--constraint=<Airflow\'s URL>: MWAA adds the same file again, which changes nothing: no REQ001', () => {
  assert.deepEqual(codes(check(`--constraint=${URL}\nrequests==2.32.5\n`)), []);
});

test('constraints only in an included file: MWAA adds Airflow\'s as well (it reads requirements.txt alone)', () => {
  const files: Record<string, string> = { [path.join('/proj', 'base.txt')]: '-c local.txt\n', [path.join('/proj', 'local.txt')]: 'requests==2.31.0\n' };
  const r = check('-r base.txt\nrequests==2.31.0\n', { filePath: path.join('/proj', 'requirements.txt'), readFile: (p) => files[p] });
  assert.deepEqual(r.findings.map((f) => [f.code, f.severity, f.range.start.line, f.fixes.length]), [['REQ001', 'warning', 0, 0], ['REQ003', 'error', 1, 1]]);
  assert.match(r.findings[0]!.message, /^MWAA adds Airflow 2\.11\.2's constraints as well as those of the files this one includes: .* move their -c line into this file$/);
});

test('before Airflow 2.7.2 no REQ001, but the same rule decides which pins apply', () => {
  const old = loadConstraints(DATA_DIR, '2.6.3')!;
  const pinned = `pandas==${old.pins.get('pandas') === '1.5.3' ? '1.5.2' : '1.5.3'}\n`;
  assert.deepEqual(checkRequirements(pinned, { constraints: old }).findings.map((f) => f.code), ['REQ003']);
  assert.deepEqual(checkRequirements(`# -c off\n${pinned}`, { constraints: old }).findings, []);
});
