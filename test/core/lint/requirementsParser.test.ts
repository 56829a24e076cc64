import assert from 'node:assert/strict';
import { test } from 'node:test';
import { normalizeName } from '../../../src/core/lint/requirements/packageName';
import { parseRequirements } from '../../../src/core/lint/requirements/requirementsParser';

const slice = (text: string, span: { start: number; end: number } | undefined) => (span ? text.slice(span.start, span.end) : undefined);

/** Parses a requirements file that must have no problems. */
function parseClean(text: string) {
  const r = parseRequirements(text);
  assert.deepEqual(r.problems, []);
  return r;
}

test('PEP 503 normalisation', () => {
  assert.equal(normalizeName('Flask_SQLAlchemy'), 'flask-sqlalchemy');
  assert.equal(normalizeName('apache.airflow--providers__amazon'), 'apache-airflow-providers-amazon');
});

test('names, extras, specifiers, markers with exact spans; comments dropped', () => {
  const text = 'Apache_Airflow-Providers-Amazon[s3, aws] >= 8.0 ,<9 ; python_version >= "3.8"  # why\n# only a comment\n\nboto3==1.34.0\n';
  const r = parseClean(text);
  const [a, b] = r.requirements;
  assert.equal(a!.normalizedName, 'apache-airflow-providers-amazon');
  assert.deepEqual(a!.extras, ['s3', 'aws']);
  assert.equal(a!.specifier, '>=8.0,<9');
  assert.equal(slice(text, a!.specifierSpan), '>= 8.0 ,<9');
  assert.equal(a!.marker, 'python_version >= "3.8"');
  assert.equal(slice(text, a!.nameSpan), 'Apache_Airflow-Providers-Amazon');
  assert.equal(b!.line, 3);
  assert.equal(b!.specifier, '==1.34.0');
});

test('backslash continuations and per-requirement --hash options', () => {
  const text = 'boto3==1.2.3 \\\n    --hash=sha256:abc \\\n    --hash sha256:def\nnext==1\n';
  const r = parseClean(text);
  assert.deepEqual(r.requirements[0]!.hashes, ['sha256:abc', 'sha256:def']);
  assert.equal(r.requirements[1]!.name, 'next');
  assert.equal(r.requirements[1]!.line, 3);
});

test('options: -r, -c, --constraint=, -i, --extra-index-url, --find-links, --no-index, quoted values', () => {
  const text = [
    '-r other.txt',
    '--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt"',
    '-c local.txt',
    '--constraint=/usr/local/airflow/dags/c.txt',
    '-i https://pypi.example.com/simple',
    '--extra-index-url https://extra.example.com/simple',
    '--find-links /usr/local/airflow/plugins',
    '--no-index',
    '',
  ].join('\n');
  const r = parseClean(text);
  assert.deepEqual(r.options.map((o) => [o.name, o.value]), [
    ['--requirement', 'other.txt'],
    ['--constraint', 'https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt'],
    ['--constraint', 'local.txt'],
    ['--constraint', '/usr/local/airflow/dags/c.txt'],
    ['--index-url', 'https://pypi.example.com/simple'],
    ['--extra-index-url', 'https://extra.example.com/simple'],
    ['--find-links', '/usr/local/airflow/plugins'],
    ['--no-index', undefined],
  ]);
  // The span of a quoted value excludes the quotes.
  assert.equal(slice(text, r.options[1]!.valueSpan), r.options[1]!.value);
});

test('URLs: name @ url ; marker, bare wheel URL, -e VCS with #egg', () => {
  const text = [
    'mypkg @ https://example.com/mypkg-1.0-py3-none-any.whl ; sys_platform == "linux"',
    'https://files.example.com/foo_bar-2.0-py3-none-any.whl',
    '-e git+https://github.com/x/y.git#egg=yy',
    '',
  ].join('\n');
  const r = parseClean(text);
  const [a, b, c] = r.requirements;
  assert.equal(a!.name, 'mypkg');
  assert.equal(a!.url, 'https://example.com/mypkg-1.0-py3-none-any.whl');
  assert.equal(a!.marker, 'sys_platform == "linux"');
  assert.equal(b!.normalizedName, 'foo-bar');
  assert.equal(c!.name, 'yy');
  assert.equal(c!.editable, true);
});

test('problems: bad specifier, unknown option, missing value, with spans', () => {
  const text = 'pkg ==>1\n--bogus\n-r\n';
  const r = parseRequirements(text);
  assert.deepEqual(r.problems.map((p) => [p.message.split(' ')[0], slice(text, p.span)]), [
    ['Invalid', '==>1'],
    ['Unknown', '--bogus'],
    ['-r', '-r'],
  ]);
});

test('specifiers: plain release clauses and the rest (wildcards, pre-releases, ~=) are judged as PEP 440 does', () => {
  const valid = ['==1.0', '>=1,<2', '!=0.0.1,>0', '<=2024.10.1.2.3', '==1.*', '~=1.2', '>=1.0a1', '===anything', '==1.0+local'];
  for (const spec of valid) assert.deepEqual(parseRequirements(`pkg${spec}\n`).problems, [], spec);
  const invalid = ['~=1', '<1.*', '>=1.0+local', '=>1', '==', '>=1,,<2', '==1.0.0.0.0.0.x'];
  for (const spec of invalid) assert.match(parseRequirements(`pkg${spec}\n`).problems[0]?.message ?? '', /^Invalid version specifier/, spec);
});
