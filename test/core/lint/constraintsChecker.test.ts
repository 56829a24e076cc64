import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { applyFixes } from '../../../src/core/lint/applyFixes';
import { loadConstraints, loadConstraintsIndex, providerRequirementLine } from '../../../src/core/lint/constraints';
import { addRequirementEdit } from '../../../src/core/lint/requirements/requirementEdits';
import { checkRequirements, type RequirementsCheckOptions } from '../../../src/core/lint/requirements/constraintsChecker';
import { DATA_DIR } from './lintSetup';
import { textOf } from './lintSetup';

const env = loadConstraints(DATA_DIR, '2.10.3')!;
const URL_2103 = 'https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt';
const HEADER = `--constraint "${URL_2103}"\n`;

function check(text: string, extra: Partial<RequirementsCheckOptions> = {}) {
  return checkRequirements(text, { constraints: env, ...extra });
}

test('constraints index: 17 MWAA versions, Python per version, essential pins', () => {
  const index = loadConstraintsIndex(DATA_DIR);
  assert.equal(index.versions.length, 17);
  assert.equal(index.newest, '3.3.1');
  assert.equal(env.pythonVersion, '3.11');
  assert.equal(env.essential.get('flask'), '2.2.5');
  assert.equal(env.pins.get('boto3'), '1.35.36');
  assert.equal(loadConstraints(DATA_DIR, '9.9.9'), undefined);
});

test('missing --constraint on Airflow >= 2.7.2: warning with a fix inserting the right URL', () => {
  const text = 'boto3==1.35.36\n';
  const r = check(text);
  const [f] = r.findings.filter((x) => x.code === 'REQ001');
  assert.equal(f!.severity, 'warning');
  assert.equal(applyFixes(text, f!.fixes[0]!.edits), `--constraint "${URL_2103}"\nboto3==1.35.36\n`);
  // Before 2.7.2 MWAA does not add its own: no warning.
  const old = checkRequirements(text, { constraints: loadConstraints(DATA_DIR, '2.6.3')! });
  assert.equal(old.findings.filter((x) => x.code === 'REQ001').length, 0);
});

test('constraint URL for another Airflow or Python version: error, fix corrects it', () => {
  const text = '--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-2.9.2/constraints-3.10.txt"\n';
  const [f] = check(text).findings;
  assert.equal(f!.code, 'REQ002');
  assert.equal(f!.severity, 'error');
  assert.match(f!.message, /Airflow 2\.9\.2 \/ Python 3\.10.*Airflow 2\.10\.3 on Python 3\.11/);
  assert.equal(textOf(text, f!.range), 'https://raw.githubusercontent.com/apache/airflow/constraints-2.9.2/constraints-3.10.txt');
  assert.equal(applyFixes(text, f!.fixes[0]!.edits), HEADER);
});

test('a pin excluding the constrained version: error naming it, fix aligns', () => {
  const text = HEADER + 'boto3==1.20.0\nrequests>=2.0,<3\npandas<2\n';
  const findings = check(text).findings;
  assert.deepEqual(findings.map((f) => f.code), ['REQ003', 'REQ003']);
  assert.match(findings[0]!.message, /1\.35\.36/);
  assert.equal(textOf(text, findings[0]!.range), 'boto3==1.20.0');
  assert.equal(applyFixes(text, findings[1]!.fixes[0]!.edits), HEADER + 'boto3==1.20.0\nrequests>=2.0,<3\npandas==2.1.4\n');
});

test('overriding an MWAA essential pin is an error; a compatible range is not', () => {
  const text = HEADER + 'Flask==2.3.0\ncelery>=5\n';
  const findings = check(text).findings;
  assert.equal(findings.length, 1);
  assert.equal(findings[0]!.code, 'REQ004');
  assert.match(findings[0]!.message, /Flask==2\.2\.5/);
});

test('apache-airflow at another version: error with fix; same version: fine', () => {
  const text = HEADER + 'apache-airflow[amazon]==2.9.2\n';
  const [f] = check(text).findings;
  assert.equal(f!.code, 'REQ005');
  assert.equal(applyFixes(text, f!.fixes[0]!.edits), HEADER + 'apache-airflow[amazon]==2.10.3\n');
  assert.deepEqual(check(HEADER + 'apache-airflow==2.10.3\n').findings, []);
});

test('unpinned package not in the constraints: warning; constrained unpinned: fine', () => {
  const text = HEADER + 'some-private-lib\nboto3\n';
  const findings = check(text).findings;
  assert.deepEqual(findings.map((f) => [f.code, f.severity, textOf(text, f.range)]), [['REQ006', 'warning', 'some-private-lib']]);
});

test('credentials in an index URL: error suggesting environment variables; ${VAR} form is fine', () => {
  const text = HEADER + '--extra-index-url https://me:s3cret@pypi.example.com/simple\n';
  const [f] = check(text).findings;
  assert.equal(f!.code, 'REQ007');
  assert.equal(textOf(text, f!.range), 'me:s3cret');
  assert.equal(applyFixes(text, f!.fixes[0]!.edits), HEADER + '--extra-index-url https://${PIP_INDEX_USER}:${PIP_INDEX_PASSWORD}@pypi.example.com/simple\n');
  assert.deepEqual(check(HEADER + '-i https://${USER}:${TOKEN}@pypi.example.com/simple\n').findings, []);
});

test('plugins-wheels layout is recognised and not flagged', () => {
  const text = HEADER + '--find-links /usr/local/airflow/plugins\n--no-index\nmy-private-wheel\n';
  const r = check(text);
  assert.equal(r.pluginsWheels, true);
  assert.deepEqual(r.findings, []);
});

test('-r other.txt is followed through the file reader; its findings carry the file', () => {
  const files: Record<string, string> = { [path.join('/proj', 'more.txt')]: 'boto3==1.0.0\n' };
  const r = check(HEADER + '-r more.txt\n', { filePath: path.join('/proj', 'requirements.txt'), readFile: (p) => files[p] });
  assert.equal(r.findings.length, 1);
  assert.equal(r.findings[0]!.code, 'REQ003');
  assert.equal(r.findings[0]!.file, path.join('/proj', 'more.txt'));
  const missing = check(HEADER + '-r nowhere.txt\n', { filePath: '/proj/requirements.txt', readFile: () => undefined });
  assert.equal(missing.findings[0]!.code, 'REQ008');
});

test('Airflow\'s constraints URL in a file included through -r: MWAA adds the same file again, so no REQ001', () => {
  const files: Record<string, string> = { [path.join('/proj', 'base.txt')]: HEADER };
  const r = check('-r base.txt\nboto3==1.35.36\n', { filePath: path.join('/proj', 'requirements.txt'), readFile: (p) => files[p] });
  assert.deepEqual(r.findings, []);
});

test('local /usr/local/airflow/dags constraint path is resolved against the DAG folder and used', () => {
  const local = path.join('/work/dags', 'constraints.txt');
  const files: Record<string, string> = { [local]: 'boto3==1.20.0\n' };
  const text = '--constraint /usr/local/airflow/dags/constraints.txt\nboto3==1.20.0\n';
  const r = check(text, { dagFolder: '/work/dags', readFile: (p) => files[p] });
  assert.equal(r.constraintSource, local);
  assert.deepEqual(r.findings, []);
  const unresolved = check(text, { readFile: () => undefined });
  assert.equal(unresolved.findings[0]!.code, 'REQ008');
});

test('parse problems become REQ009 errors', () => {
  const [f] = check(HEADER + 'pkg ==>1\n').findings;
  assert.equal(f!.code, 'REQ009');
});

test('provider requirement line uses the constrained version; addRequirementEdit appends once', () => {
  assert.equal(providerRequirementLine(env, 'apache-airflow-providers-amazon', '1.0.0'), 'apache-airflow-providers-amazon==9.0.0');
  assert.equal(providerRequirementLine(env, 'apache-airflow-providers-nope', '0.0.2'), 'apache-airflow-providers-nope>=0.0.2');
  const text = 'boto3==1.35.36';
  const edit = addRequirementEdit(text, 'apache-airflow-providers-amazon==9.0.0')!;
  assert.equal(applyFixes(text, [edit]), 'boto3==1.35.36\napache-airflow-providers-amazon==9.0.0\n');
  assert.equal(addRequirementEdit('Boto3\n', 'boto3==1.0'), undefined);
});

test('a constraints URL the caller fetched is used instead of the bundled copy', () => {
  const fetched = 'boto3==1.20.0\n';
  const r = check(HEADER + 'boto3==1.20.0\n', { readUrl: (u) => (u === URL_2103 ? fetched : undefined) });
  assert.equal(r.constraintSource, URL_2103);
  assert.deepEqual(r.findings, []);
  // Offline: the bundled copy for the environment applies.
  const offline = check(HEADER + 'boto3==1.20.0\n', { readUrl: () => undefined });
  assert.match(offline.constraintSource, /bundled constraints-2\.10\.3-py3\.11\.txt/);
  assert.equal(offline.findings[0]!.code, 'REQ003');
});
