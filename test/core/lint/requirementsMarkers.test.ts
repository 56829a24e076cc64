import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { loadConstraints } from '../../../src/core/lint/constraints';
import { checkRequirements } from '../../../src/core/lint/requirements/constraintsChecker';
import { evaluateMarker, mwaaMarkerEnvironment } from '../../../src/core/lint/requirements/markerEvaluation';
import { MAX_MARKER_DEPTH, parseMarker, type MarkerNode } from '../../../src/core/lint/requirements/markers';
import { DATA_DIR, textOf } from './lintSetup';

// PEP 508 markers as pip evaluates them on MWAA: Linux x86_64, CPython at the environment's Python.

const env2103 = loadConstraints(DATA_DIR, '2.10.3')!; // Python 3.11
const HEADER = `--constraint "${env2103.upstreamUrl}"\n`;

function parsed(text: string): MarkerNode {
  const r = parseMarker(text);
  assert.ok('marker' in r, `${text}: ${JSON.stringify(r)}`);
  return r.marker;
}

function evaluate(text: string, python = '3.12'): boolean | undefined {
  return evaluateMarker(parsed(text), mwaaMarkerEnvironment(python));
}

test('markers: "and" binds tighter than "or"; legacy names map to theirs; parentheses group', () => {
  const m = parsed('os.name == "posix" or python_implementation == "CPython" and python_version < "3"');
  assert.equal(m.kind, 'or');
  if (m.kind !== 'or') return;
  assert.deepEqual(m.groups.map((g) => g.length), [1, 2]);
  assert.deepEqual(m.groups[0]![0], { kind: 'compare', lhs: { kind: 'variable', name: 'os_name' }, op: '==', rhs: { kind: 'string', value: 'posix' } });
  assert.deepEqual((m.groups[1]![0] as { lhs: unknown }).lhs, { kind: 'variable', name: 'platform_python_implementation' });
  // The same words grouped the other way evaluate the other way.
  assert.equal(evaluate('python_version < "3" and (os_name == "nt" or sys_platform == "linux")'), false);
  assert.equal(evaluate('(python_version < "3" and os_name == "nt") or sys_platform == "linux"'), true);
  assert.equal(evaluate('python_version<"3"or sys_platform=="linux"'), true);
});

test('markers on MWAA: true, false, or undecided where MWAA\'s exact Python or kernel decides', () => {
  const cases: Array<[string, boolean | undefined]> = [
    ['python_version < "3.11"', false],
    ['python_version >= "3.12"', true],
    ['python_version == "3.12"', true],
    ['python_version == "3.*"', true],
    ['python_version != "3.12.*"', false],
    ['python_version ~= "3.10"', true],
    ['python_version === "3.12"', true],
    ['"3.1" in python_version', true],
    ['python_version not in "3.8 3.9"', true],
    ['sys_platform == "linux"', true],
    ['sys_platform == "win32"', false],
    ['"linux" in sys_platform', true],
    ['platform_system != "Windows"', true],
    ['platform_machine == "x86_64"', true],
    ['platform_machine == "aarch64"', false],
    ['platform_python_implementation == "CPython"', true],
    ['implementation_name == "pypy"', false],
    ['os_name == "posix"', true],
    ['extra == "test"', false],
    ['extra == ""', true],
    // Every 3.12.x is at least 3.12.0 and below 3.13: decided without the patch level.
    ['python_full_version >= "3.12.0"', true],
    ['python_full_version < "3.13"', true],
    ['python_full_version < "3.12.4"', undefined],
    ['implementation_version >= "3.12.5"', undefined],
    ['platform_release >= "5.10"', undefined],
    ['platform_version == "#1 SMP"', undefined],
    // Ordering two non-versions: older pip compares the strings, newer packaging does not.
    ['sys_platform < "m"', undefined],
    ['sys_platform > "a"', undefined],
    // Kleene logic: false decides an "and", true decides an "or", even beside an unknown.
    ['python_full_version < "3.12.4" and sys_platform == "win32"', false],
    ['python_full_version < "3.12.4" or sys_platform == "linux"', true],
    ['python_full_version < "3.12.4" and sys_platform == "linux"', undefined],
    ['sys_platform < "m" and os_name == "nt"', false],
    // pip evaluates every comparison: one that older pip fails on (the kernel's release string is
    // no PEP 440 version) leaves the marker undecided, whatever the rest says.
    ['platform_release >= "5" and sys_platform == "win32"', undefined],
    ['platform_release == "x" and sys_platform == "win32"', false],
  ];
  for (const [marker, expected] of cases) assert.equal(evaluate(marker), expected, marker);
  assert.equal(evaluate('python_version < "3.11"', '3.10'), true);
});

test('markers pip rejects: a clear error at the culprit', () => {
  const cases: Array<[string, RegExp, string]> = [
    ['python_version < 3.11', /^expected a marker variable .* or a quoted string, found "3\.11"$/, '3.11'],
    ['python_version <', /found the end of the marker$/, ''],
    ['python_version << "3"', /^expected a marker variable .* found "<"$/, '<'],
    ['python_verison < "3"', /^expected a marker variable .*, found "python_verison"$/, 'python_verison'],
    ['python_version < "3" && os_name == "posix"', /^expected "and", "or" or the end of the marker, found "&"$/, '&'],
    ['(python_version < "3"', /^expected "\)" to close the "\(" at character 1, found the end of the marker$/, ''],
    ['"a" == "b"', /^compares two quoted strings/, '"a" == "b"'],
    ['python_version ~= "3"', /^"~=" needs a version of at least two parts on its right \(such as "3\.11"\), not "3"$/, 'python_version ~= "3"'],
    ['extras == "x"', /^"extras" is a lock-file marker \(PEP 751\)/, 'extras'],
    ['python_version not "3"', /^expected "in" after "not"/, '"3"'],
    ['python_version is "3"', /^expected a comparison \(<, <=, ==, !=, >=, >, ~=, ===, in, not in\), found "is"$/, 'is'],
  ];
  for (const [text, message, culprit] of cases) {
    const r = parseMarker(text);
    assert.ok('error' in r, text);
    if (!('error' in r)) continue;
    assert.match(r.error, message, text);
    assert.equal(text.slice(r.start, r.end), culprit, text);
  }
});

test(`markers: parentheses nested more than ${MAX_MARKER_DEPTH} deep are refused, not recursed into`, () => {
  const deep = `${'('.repeat(10_000)}python_version < "3"${')'.repeat(10_000)}`;
  const r = parseMarker(deep);
  assert.ok('error' in r);
  assert.match(r.error, /^parentheses nested more than 32 deep$/);
  assert.equal(r.start, MAX_MARKER_DEPTH);
  assert.equal(evaluate(`${'('.repeat(MAX_MARKER_DEPTH)}python_version < "3"${')'.repeat(MAX_MARKER_DEPTH)}`), false);
});

test('a line whose marker is false on MWAA is not installed: no version findings on it', () => {
  const text = HEADER + [
    'pandas==1.5.3; python_version < "3.11"',
    'flask==3.0.0 ; sys_platform == "win32"',
    'unlisted-package ; platform_machine == "arm64"',
    'apache-airflow==2.9.2; python_version < "3"',
    'boto3 @ https://example.com/boto3-1.0.0-py3-none-any.whl ; os_name == "nt"',
  ].join('\n') + '\n';
  assert.deepEqual(checkRequirements(text, { constraints: env2103 }).findings, []);
});

test('a true or undecided marker: the line is checked as installed', () => {
  const text = HEADER + [
    'pandas==1.5.3; python_version >= "3.11"',
    'pandas==1.5.3; python_full_version < "3.11.4"',
    'unlisted-package ; sys_platform == "linux"',
  ].join('\n') + '\n';
  const findings = checkRequirements(text, { constraints: env2103 }).findings;
  assert.deepEqual(findings.map((f) => [f.code, f.range.start.line, textOf(text, f.range)]), [
    ['REQ003', 1, 'pandas==1.5.3'],
    ['REQ003', 2, 'pandas==1.5.3'],
    ['REQ006', 3, 'unlisted-package'],
  ]);
});

test('an invalid marker is a REQ009 error on the marker (pip rejects the file); the line gets nothing else', () => {
  const text = HEADER + 'pandas==1.5.3; python_version < 3.11\nrequests==2.32.3 ; python_version ~= "3"\n';
  const findings = checkRequirements(text, { constraints: env2103 }).findings;
  assert.deepEqual(findings.map((f) => [f.code, f.severity, textOf(text, f.range)]), [
    ['REQ009', 'error', '3.11'],
    ['REQ009', 'error', 'python_version ~= "3"'],
  ]);
  assert.equal(findings[0]!.message, 'Invalid environment marker: expected a marker variable (python_version, sys_platform, platform_machine, …) or a quoted string, found "3.11". pip rejects the whole file, so MWAA\'s update fails');
});

test('markers on a bare URL line are read too', () => {
  const text = HEADER + 'https://example.com/boto3-1.0.0-py3-none-any.whl ; python_version < "3"\nhttps://example.com/boto3-1.0.0-py3-none-any.whl ; python_version < 3\n';
  const findings = checkRequirements(text, { constraints: env2103 }).findings;
  assert.deepEqual(findings.map((f) => [f.code, f.range.start.line]), [['REQ009', 2]]);
});

test('markers: each distinct comparison is evaluated once per check, however many lines repeat it', () => {
  const env = mwaaMarkerEnvironment('3.11');
  const markers = Array.from({ length: 5000 }, (_, i) => parsed(`python_full_version >= "3.11.${i % 50}" and sys_platform != "win32"`));
  const values = markers.map((m) => evaluateMarker(m, env));
  // 50 patch-level comparisons and one platform comparison, each tried at 41 patch levels at most once.
  assert.equal(env.cache.size, 51);
  assert.deepEqual(values.slice(0, 3), [true, undefined, undefined]);
  const text = HEADER + markers.map((_, i) => `pkg-${i}==1.0 ; python_full_version >= "3.11.${i % 50}"`).join('\n');
  const started = Date.now();
  assert.deepEqual(checkRequirements(text, { constraints: env2103 }).findings, []);
  assert.ok(Date.now() - started < 10_000, `${Date.now() - started} ms`);
});

test('markers against pip\'s own packaging (24.1 and 26.3) on 1,209 markers: nothing decided or rejected differs', () => {
  // Generated by test/fixtures/lint/requirements/markers-truth.py; see the README there.
  const file = path.resolve(DATA_DIR, '..', '..', 'test', 'fixtures', 'lint', 'requirements', 'markers-truth.json');
  const truth = JSON.parse(fs.readFileSync(file, 'utf8')) as { packaging: string[]; markers: Array<[string, 'true' | 'false' | 'error' | 'varies']> };
  assert.deepEqual(truth.packaging, ['24.1', '26.3']);
  const env = mwaaMarkerEnvironment('3.12');
  const count = { decided: 0, agreed: 0, rejected: 0, failing: 0 };
  for (const [text, outcome] of truth.markers) {
    if (outcome === 'true' || outcome === 'false') count.agreed++;
    if (outcome === 'error') count.failing++;
    const r = parseMarker(text);
    if ('error' in r) {
      assert.equal(outcome, 'error', `rejected here, not by pip: ${text}`);
      count.rejected++;
      continue;
    }
    const value = evaluateMarker(r.marker, env);
    if (value === undefined) continue;
    assert.equal(String(value), outcome, text);
    count.decided++;
  }
  // Left undecided: 66 markers that pip decides with the kernel's release or version strings, unknown here.
  assert.deepEqual(count, { decided: 438, agreed: 504, rejected: 266, failing: 266 });
});
