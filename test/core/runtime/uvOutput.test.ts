// uv's failure text (captured from real uv 0.13.9 runs, see test/fixtures/uv-output/README.md)
// mapped to requirements lines, in plain words, classified, and redacted.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { classifyUvFailure, explainUvFailure, networkReason, unreachableIndex, uvExplanation } from '../../../src/core/runtime/uvOutput';

const REPO = path.resolve(__dirname, '..', '..', '..', '..');
const FIXTURES = path.join(REPO, 'test', 'fixtures', 'uv-output');
const DATA = path.join(REPO, 'src', 'data', 'constraints');
const ctx = {
  airflowVersion: '2.11.2',
  pythonVersion: '3.12',
  essentialConstraints: fs.readFileSync(path.join(DATA, 'mwaa-essential-constraints-2.11.2.txt'), 'utf8'),
  airflowConstraints: fs.readFileSync(path.join(DATA, 'constraints-2.11.2-py3.12.txt'), 'utf8'),
};
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), 'utf8');
const req = (text: string) => ({ path: path.join(os.tmpdir(), 'h3-uv-output', 'requirements.txt'), text });

test('classifies every captured failure', () => {
  const expected: Record<string, string> = {
    'conflict-transitive-dbt.txt': 'conflict', 'conflict-airflow-pin.txt': 'conflict', 'conflict-essential.txt': 'conflict',
    'conflict-two-user-lines.txt': 'conflict', 'conflict-direct-url.txt': 'conflict', 'conflict-openmetadata.txt': 'conflict',
    'no-wheel-abi.txt': 'no-wheel', 'not-found.txt': 'not-found', 'distribution-not-found.txt': 'not-found',
    'network-refused.txt': 'network', 'network-dns.txt': 'network', 'network-find-links.txt': 'network',
    'network-direct-url.txt': 'network', 'download-failed.txt': 'network', 'invalid-line.txt': 'invalid',
    'invalid-line-3.txt': 'invalid', 'invalid-include.txt': 'invalid', 'missing-include.txt': 'invalid',
    'build-failed.txt': 'other', 'unsupported-option.txt': 'other',
  };
  for (const [file, kind] of Object.entries(expected)) assert.equal(classifyUvFailure(fixture(file)), kind, file);
});

test('a transitive conflict with an Airflow pin lands on the line that asks for the package (name normalised)', () => {
  const problems = explainUvFailure(fixture('conflict-transitive-dbt.txt'), req('requests\n# tools\nDBT_Core == 1.9.0\n'), ctx);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]!.line, 3);
  assert.equal(problems[0]!.project, 'dbt-core');
  assert.match(problems[0]!.message, /^dbt-core 1\.9\.0 needs pathspec >=0\.9,<0\.13, but Airflow 2\.11\.2 pins pathspec 1\.0\.4 on MWAA \(Airflow's constraints\)\. Pick a dbt-core release/);
  assert.match(problems[0]!.message, /uv: No solution found when resolving dependencies: Because dbt-core==1\.9\.0 depends on/);
});

test('a direct pin against Airflow\'s constraints, and one against MWAA\'s essential constraints', () => {
  const [a] = explainUvFailure(fixture('conflict-airflow-pin.txt'), req('boto3\nrequests==2.20.0\n'), ctx);
  assert.equal(a!.line, 2);
  assert.match(a!.message, /requests==2\.20\.0 is asked for here, but Airflow 2\.11\.2 pins requests 2\.32\.5 on MWAA \(Airflow's constraints\)\. Use requests==2\.32\.5/);
  assert.match(a!.message, /own constraints file/);
  const [e] = explainUvFailure(fixture('conflict-essential.txt'), req('Flask==3.0.0\n'), ctx);
  assert.equal(e!.line, 1);
  assert.match(e!.message, /MWAA pins flask 2\.3\.3 for Airflow 2\.11\.2 \(MWAA's essential constraints/);
  assert.doesNotMatch(e!.message, /own constraints file/);
});

test('two lines of the file that clash with each other are both named', () => {
  const problems = explainUvFailure(fixture('conflict-two-user-lines.txt'), req('dbt-core==1.9.0\npathspec==1.0.0\n'), { ...ctx, airflowConstraints: undefined });
  assert.deepEqual(problems.map((p) => [p.line, p.project]), [[1, 'dbt-core'], [2, 'pathspec']]);
  assert.match(problems[0]!.message, /dbt-core 1\.9\.0 needs pathspec >=0\.9,<0\.13, but requirements\.txt line 2 asks for pathspec==1\.0\.0/);
  assert.match(problems[1]!.message, /pathspec==1\.0\.0 clashes with dbt-core 1\.9\.0/);
});

test('a direct-URL wheel and a real-world transitive conflict', () => {
  const url = 'file:///tmp/h3/cap/wheels/h3_conflict-1.0-py3-none-any.whl';
  const [u] = explainUvFailure(fixture('conflict-direct-url.txt'), req(`requests\n${url}\n`), ctx);
  assert.deepEqual([u!.line, u!.project], [2, 'h3-conflict']);
  assert.match(u!.message, /h3-conflict 1\.0 needs pathspec <0\.13, but Airflow 2\.11\.2 pins pathspec 1\.0\.4/);
  const [o] = explainUvFailure(fixture('conflict-openmetadata.txt'), req('openmetadata_ingestion==1.5.0\n'), ctx);
  assert.equal(o!.line, 1);
  assert.match(o!.message, /needs chardet 4\.0\.0, but Airflow 2\.11\.2 pins chardet 6\.0\.0\.post1/);
});

test('no wheel for MWAA\'s Python, a project not on the index, a file that does not exist', () => {
  const [w] = explainUvFailure(fixture('no-wheel-abi.txt'), req('requests\nh3-cp39only\n'), ctx);
  assert.equal(w!.line, 2);
  assert.match(w!.message, /h3-cp39only has no wheel for Python 3\.12 \(only for cp39\)/);
  const [n] = explainUvFailure(fixture('not-found.txt'), req('nonexistent-pkg-xyz-h3==1.0\n'), ctx);
  assert.equal(n!.line, 1);
  assert.match(n!.message, /is not on the package index/);
  const [d] = explainUvFailure(fixture('distribution-not-found.txt'), req('requests\nfoo @ file:///tmp/h3/cap/nonexistent/foo-1.0-py3-none-any.whl\n'), ctx);
  assert.equal(d!.line, 2);
  assert.match(d!.message, /does not exist/);
});

test('an unreadable line: byte position to line, in the file or in an included one', () => {
  const [a] = explainUvFailure(fixture('invalid-line.txt'), req('requests==2.x y\n'), ctx);
  assert.deepEqual([a!.line, a!.project], [1, undefined]);
  assert.match(a!.message, /uv cannot read this line \(after parsing `2`, found `\.x`/);
  const [b] = explainUvFailure(fixture('invalid-line-3.txt'), req('requests\n# c\nflask==2.x\n'), ctx);
  assert.equal(b!.line, 3);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h3-inc-'));
  try {
    fs.writeFileSync(path.join(dir, 'more.txt'), 'requests==2.x\n');
    const top = { path: path.join(dir, 'requirements.txt'), text: '-r more.txt\n' };
    const [c] = explainUvFailure(fixture('invalid-include.txt'), top, { ...ctx, cwd: dir });
    assert.deepEqual([c!.file, c!.line], [path.join(dir, 'more.txt'), 1]);
    const [m] = explainUvFailure(fixture('missing-include.txt'), { path: path.join(dir, 'requirements.txt'), text: '-r missing.txt\n' }, { ...ctx, cwd: dir });
    assert.deepEqual([m!.file, m!.line], [path.join(dir, 'requirements.txt'), 1]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('temporary copies given to uv are mapped back to the file they stand for', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'h3-alias-'));
  try {
    const original = path.join(dir, 'requirements.txt');
    const text = fixture('invalid-line-3.txt').replace('`requirements.txt`', '`/tmp/copy-0.txt`');
    const [p] = explainUvFailure(text, { path: original, text: 'requests\n# c\nflask==2.x\n' }, { aliases: new Map([['/tmp/copy-0.txt', original]]) });
    assert.deepEqual([p!.file, p!.line], [original, 3]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('network failures name the index without credentials, and tie a direct URL to its line', () => {
  for (const f of ['network-refused.txt', 'network-find-links.txt', 'network-direct-url.txt']) {
    // uv masks passwords itself; put one back to prove ours are removed too.
    const text = fixture(f).replace(/user:\*\*\*\*@/g, 'user:s3cret@').replace('http://127.0.0.1:9/simple/', 'http://user:s3cret@127.0.0.1:9/simple/');
    assert.equal(unreachableIndex(text)!.replace('https', 'http'), 'http://127.0.0.1:9', f);
    assert.match(networkReason(text), /127\.0\.0\.1:9.*Connection refused/);
    for (const p of explainUvFailure(text, req('foo @ https://user:s3cret@127.0.0.1:9/foo-1.0-py3-none-any.whl\n'), ctx)) {
      assert.doesNotMatch(p.message, /s3cret/, f);
    }
    assert.doesNotMatch(uvExplanation(text), /s3cret/);
  }
  assert.equal(unreachableIndex(fixture('network-dns.txt')), 'https://nonexistent.invalid');
  const [d] = explainUvFailure(fixture('download-failed.txt'), req('requests\nfoo @ https://127.0.0.1:9/foo-1.0-py3-none-any.whl\n'), ctx);
  assert.equal(d!.line, 2);
  const [r] = explainUvFailure(fixture('network-refused.txt'), req('requests\n'), ctx);
  assert.equal(r!.line, undefined);
  assert.match(r!.message, /The package index http:\/\/127\.0\.0\.1:9 could not be reached/);
});

test('a build failure names the package\'s line; nothing without a requirements file; bounded', () => {
  const [b] = explainUvFailure(fixture('build-failed.txt'), req('h3bad==1.0\n'), ctx);
  assert.equal(b!.line, 1);
  assert.match(b!.message, /could not build h3bad/);
  assert.deepEqual(explainUvFailure(fixture('conflict-airflow-pin.txt'), undefined, ctx), []);
  const huge = fixture('conflict-transitive-dbt.txt').replace('cause:', `cause: ${'x'.repeat(200_000)}`);
  assert.ok(uvExplanation(huge).length <= 1501);
});
