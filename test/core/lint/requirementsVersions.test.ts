import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { applyFixes } from '../../../src/core/lint/applyFixes';
import { loadConstraints, loadConstraintsIndex } from '../../../src/core/lint/constraints';
import { airflowReleaseStatus } from '../../../src/core/lint/requirements/airflowReleases';
import { checkRequirements } from '../../../src/core/lint/requirements/constraintsChecker';
import { DATA_DIR, textOf } from './lintSetup';

// Versions that float (a lower bound only), constraints for an Airflow that never existed, and a
// wheel folder MWAA does not know.

const env = loadConstraints(DATA_DIR, '2.10.3')!;
const HEADER = `--constraint "${env.upstreamUrl}"\n`;
const constraintsFor = (airflow: string, python: string) => `https://raw.githubusercontent.com/apache/airflow/constraints-${airflow}/constraints-${python}.txt`;

function check(text: string) {
  return checkRequirements(text, { constraints: env });
}

test('a lower bound only, for a package in no constraints: REQ006 like an unpinned one', () => {
  const text = HEADER + 'great-expectations>=0.18.0\nother-lib>1.0,!=1.5\nunpinned-lib\n';
  const findings = check(text).findings;
  assert.deepEqual(findings.map((f) => [f.code, f.severity, textOf(text, f.range)]), [
    ['REQ006', 'warning', 'great-expectations>=0.18.0'],
    ['REQ006', 'warning', 'other-lib>1.0,!=1.5'],
    ['REQ006', 'warning', 'unpinned-lib'],
  ]);
  assert.equal(findings[0]!.message, 'great-expectations>=0.18.0 has only a lower bound and is not in the constraints: MWAA installs the newest release at every update; pin it with == to the version you tested');
  assert.equal(findings[2]!.message, 'unpinned-lib is not pinned and not in the constraints: MWAA installs the newest release at every update; pin it with == to the version you tested');
});

test('bounded above, pinned, or in the constraints: not floating', () => {
  const text = HEADER + ['a-lib<2', 'b-lib~=1.2', 'c-lib==1.*', 'd-lib>=1,<2', 'e-lib===1.0', 'boto3>=1.0', 'boto3'].join('\n') + '\n';
  assert.deepEqual(check(text).findings, []);
});

test('with only the essential pins in force, a package of MWAA\'s image floats only past the image\'s version', () => {
  const text = '# -c off\nboto3\nboto3>=1.0\nboto3>=9\n';
  const findings = check(text).findings.filter((f) => f.code === 'REQ006');
  assert.deepEqual(findings.map((f) => textOf(text, f.range)), ['boto3>=9']);
});

test('constraints for an Airflow that was never released: REQ002 says so and lists MWAA\'s versions', () => {
  const url = constraintsFor('2.5.12', '3.10');
  const text = `--constraint "${url}"\nboto3==1.35.36\n`;
  const [f] = check(text).findings;
  assert.equal(f!.code, 'REQ002');
  assert.equal(f!.severity, 'error');
  assert.equal(textOf(text, f!.range), url);
  const versions = loadConstraintsIndex(DATA_DIR).versions.map((v) => v.airflow).join(', ');
  assert.equal(f!.message, `Airflow 2.5.12 was never released (the 2.5 line ended at 2.5.3), so the constraints file does not exist and pip fails to read it; MWAA's versions are ${versions}. The environment runs Airflow 2.10.3`);
  assert.equal(applyFixes(text, f!.fixes[0]!.edits), `${HEADER}boto3==1.35.36\n`);
});

test('constraints of a real Airflow release MWAA does not offer, or of a line still open: the version-mismatch message', () => {
  for (const airflow of ['2.7.3', '2.11.9', '3.3.7', 'main']) {
    const [f] = check(`--constraint "${constraintsFor(airflow, '3.11')}"\n`).findings;
    assert.equal(f!.message, `Constraints for Airflow ${airflow} / Python 3.11, but the environment runs Airflow 2.10.3 on Python 3.11`, airflow);
  }
});

test('a never-released Airflow in an included file: named by line, not quoted', () => {
  const files: Record<string, string> = { [path.join('/proj', 'base.txt')]: `-c ${constraintsFor('2.10.9', '3.11')}\n` };
  const r = checkRequirements('-r base.txt\n', { constraints: env, filePath: path.join('/proj', 'requirements.txt'), readFile: (p) => files[p] });
  const req002 = r.findings.find((f) => f.code === 'REQ002')!;
  assert.equal(req002.file, path.join('/proj', 'base.txt'));
  assert.match(req002.message, /^The constraints on line 1 of \/proj\/base\.txt are for an Airflow version that was never released, so the constraints file does not exist/);
  assert.ok(!req002.message.includes('2.10.9'));
});

test('Airflow\'s release list: every MWAA version is a release; past the end of a closed line is never; an open line may grow', () => {
  for (const v of loadConstraintsIndex(DATA_DIR).versions) assert.equal(airflowReleaseStatus(v.airflow), 'released', v.airflow);
  const cases: Array<[string, string]> = [
    ['2.5.3', 'released'], ['2.5.4', 'never'], ['2.10.5', 'released'], ['2.10.6', 'never'], ['1.10.16', 'never'],
    // Yanked from PyPI, but released: their constraints exist.
    ['3.0.5', 'released'], ['3.1.4', 'released'], ['1.10.11', 'released'],
    ['2.11.3', 'unknown'], ['3.3.3', 'unknown'], ['3.4.0', 'unknown'], ['4.0.0', 'unknown'], ['1.9.0', 'unknown'],
    ['2.5', 'unknown'], ['main', 'unknown'], ['2.5.3rc1', 'unknown'], ['99999999.1.1', 'unknown'],
  ];
  for (const [v, expected] of cases) assert.equal(airflowReleaseStatus(v), expected, v);
});

test('--no-index with --find-links elsewhere than MWAA\'s plugins path: REQ010 on the path, no "newest release" warnings', () => {
  const text = HEADER + '--no-index\n--find-links /usr/local/airflow/dags/wheels\n--find-links https://wheels.example.com/simple/\nmy-private-lib\n';
  const r = check(text);
  assert.equal(r.pluginsWheels, false);
  assert.deepEqual(r.findings.map((f) => [f.code, f.severity, textOf(text, f.range)]), [['REQ010', 'warning', '/usr/local/airflow/dags/wheels']]);
  assert.equal(r.findings[0]!.message, '--find-links /usr/local/airflow/dags/wheels is not /usr/local/airflow/plugins: MWAA\'s wheel detection knows only that folder (where it unpacks plugins.zip), '
    + 'and with --no-index pip looks nowhere else, so a package not found there fails the update. Put the wheels at the top level of plugins.zip and write --find-links /usr/local/airflow/plugins');
});

test('MWAA\'s plugins path (a trailing slash allowed) is the plugins-wheels layout; without --no-index another path is not flagged', () => {
  const plugins = check(HEADER + '--find-links /usr/local/airflow/plugins/\n--no-index\nmy-private-lib\n');
  assert.equal(plugins.pluginsWheels, true);
  assert.deepEqual(plugins.findings, []);
  const withIndex = check(HEADER + '-f ./wheels\nmy-private-lib\n');
  assert.deepEqual(withIndex.findings.map((f) => f.code), ['REQ006']);
});

test('REQ010 in an included file names its line', () => {
  const files: Record<string, string> = { [path.join('/proj', 'more.txt')]: '--find-links /opt/secret-wheels\n' };
  const r = checkRequirements(HEADER + '--no-index\n-r more.txt\n', { constraints: env, filePath: path.join('/proj', 'requirements.txt'), readFile: (p) => files[p] });
  assert.deepEqual(r.findings.map((f) => [f.code, f.file]), [['REQ010', path.join('/proj', 'more.txt')]]);
  assert.match(r.findings[0]!.message, /^The --find-links on line 1 of \/proj\/more\.txt is not \/usr\/local\/airflow\/plugins: /);
  assert.ok(!r.findings[0]!.message.includes('secret'));
});
