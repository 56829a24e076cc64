import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { loadConstraints } from '../../../src/core/lint/constraints';
import { checkRequirements } from '../../../src/core/lint/requirements/constraintsChecker';
import { parseRequirements } from '../../../src/core/lint/requirements/requirementsParser';
import { wheelName } from '../../../src/core/lint/requirements/wheelName';
import { DATA_DIR, textOf } from './lintSetup';

// A direct-URL or local wheel installs the version its file name states (PEP 427): that version is
// what meets the constraints, as a pin would.

const env = loadConstraints(DATA_DIR, '2.10.3')!; // boto3==1.35.36, flask==2.2.5 (essential)
const HEADER = `--constraint "${env.upstreamUrl}"\n`;

test('wheel file names: project and version, from URLs and paths', () => {
  const cases: Array<[string, { name: string; version: string } | undefined]> = [
    ['https://files.example.com/p/boto3-1.35.36-py3-none-any.whl', { name: 'boto3', version: '1.35.36' }],
    ['https://example.com/w/my_pkg-2.0.0-1-py3-none-any.whl#sha256=abc', { name: 'my_pkg', version: '2.0.0' }],
    ['https://example.com/torch-2.3.0%2Bcpu-cp312-cp312-linux_x86_64.whl?x=1', { name: 'torch', version: '2.3.0+cpu' }],
    ['./wheels/Flask-2.2.5-py3-none-any.whl', { name: 'Flask', version: '2.2.5' }],
    ['C:\\wheels\\numpy-1.26.4-cp311-cp311-win_amd64.whl', { name: 'numpy', version: '1.26.4' }],
    ['file:///usr/local/airflow/plugins/pkg-0.1.dev3-py3-none-any.whl', { name: 'pkg', version: '0.1.dev3' }],
    // Not wheels, or names that do not follow PEP 427:
    ['https://example.com/boto3-1.35.36.tar.gz', undefined],
    ['https://example.com/boto3-1.35.36-py3-none-any.WHL', undefined],
    ['https://example.com/boto3-1.35.36-none-any.whl', undefined],
    ['https://example.com/boto3-1.35.36-x-py3-none-any.whl', undefined],
    ['https://example.com/boto3-latest-py3-none-any.whl', undefined],
    ['https://example.com/-1.0-py3-none-any.whl', undefined],
    ['https://example.com/bad%ZZname-1.0-py3-none-any.whl', undefined],
    ['git+https://github.com/org/repo.git@v1.0#egg=repo', undefined],
  ];
  for (const [url, expected] of cases) assert.deepEqual(wheelName(url), expected, url);
});

test('the parser keeps a wheel\'s version for "name @ url" and for a bare URL or path', () => {
  const { requirements } = parseRequirements('boto3 @ https://x/boto3-1.20.0-py3-none-any.whl\n./w/boto3-1.21.0-py3-none-any.whl\nrepo @ git+https://x/repo.git\n');
  assert.deepEqual(requirements.map((r) => [r.normalizedName, r.wheelVersion]), [['boto3', '1.20.0'], ['boto3', '1.21.0'], ['repo', undefined]]);
});

test('a wheel at another version than the constraint pins: REQ003, as a pin would be', () => {
  const text = HEADER + 'boto3 @ https://example.com/boto3-1.20.0-py3-none-any.whl\n./wheels/boto3-1.20.0-py3-none-any.whl\n';
  const findings = checkRequirements(text, { constraints: env }).findings;
  assert.deepEqual(findings.map((f) => [f.code, f.severity, textOf(text, f.range)]), [
    ['REQ003', 'error', 'boto3'],
    ['REQ003', 'error', './wheels/boto3-1.20.0-py3-none-any.whl'],
  ]);
  assert.equal(findings[0]!.message, 'boto3 1.20.0 (the version in the wheel\'s file name) is not the constrained version 1.35.36; pip will fail to resolve');
  // No quick fix: the wheel is what it is; the message names the version to get.
  assert.deepEqual(findings[0]!.fixes, []);
});

test('a wheel at the pinned version (a local version label included) is fine', () => {
  const text = HEADER + 'boto3 @ https://example.com/boto3-1.35.36-py3-none-any.whl\nhttps://example.com/pandas-2.1.4%2Bcustom-cp311-cp311-manylinux_2_17_x86_64.whl\n';
  assert.deepEqual(checkRequirements(text, { constraints: env }).findings, []);
});

test('essential pins and Airflow itself: a wheel at their version is fine, another is an error; a URL of unknown version still is', () => {
  const text = HEADER + [
    'flask @ https://example.com/flask-2.2.5-py3-none-any.whl',
    'https://example.com/flask-3.0.0-py3-none-any.whl',
    'https://example.com/apache_airflow-2.10.3-py3-none-any.whl',
    'apache-airflow @ https://example.com/apache_airflow-2.10.2-py3-none-any.whl',
    'flask @ git+https://github.com/pallets/flask.git@main',
  ].join('\n') + '\n';
  const findings = checkRequirements(text, { constraints: env }).findings;
  assert.deepEqual(findings.map((f) => [f.code, f.range.start.line]), [['REQ004', 2], ['REQ005', 4], ['REQ004', 5]]);
  assert.equal(findings[0]!.message, 'flask 3.0.0 (the version in the wheel\'s file name) overrides an MWAA essential pin (flask==2.2.5); MWAA does not let it be overridden');
  assert.equal(findings[1]!.message, 'apache-airflow 2.10.2 (the version in the wheel\'s file name) differs from the environment\'s Airflow 2.10.3');
  assert.equal(findings[2]!.message, 'flask from a URL overrides an MWAA essential pin (flask==2.2.5); MWAA does not let it be overridden');
});

test('a conflicting wheel in an included file: the message names the line, not its text', () => {
  const files: Record<string, string> = { [path.join('/proj', 'more.txt')]: 'https://secret.example.com/t0ken/boto3-1.20.0-py3-none-any.whl\n' };
  const r = checkRequirements(HEADER + '-r more.txt\n', { constraints: env, filePath: path.join('/proj', 'requirements.txt'), readFile: (p) => files[p] });
  assert.deepEqual(r.findings.map((f) => [f.code, f.file, f.message]), [
    ['REQ003', path.join('/proj', 'more.txt'), `The requirement on line 1 of ${path.join('/proj', 'more.txt')} is not the constrained version 1.35.36; pip will fail to resolve`],
  ]);
});
