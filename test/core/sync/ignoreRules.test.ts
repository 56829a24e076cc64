import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { AirflowIgnore, ignoreSyntaxFor, loadAirflowIgnore } from '../../../src/core/sync/airflowIgnore';
import { compileWildPattern, matchWildPatterns } from '../../../src/core/sync/gitWildMatch';

const ignore = (syntax: 'regexp' | 'glob', files: Record<string, string>) => new AirflowIgnore(new Map(Object.entries(files)), syntax);

test('syntax: configured value wins, else regexp on Airflow 2 and glob on Airflow 3', () => {
  assert.equal(ignoreSyntaxFor(2), 'regexp');
  assert.equal(ignoreSyntaxFor(3), 'glob');
  assert.equal(ignoreSyntaxFor(undefined), 'regexp');
  assert.equal(ignoreSyntaxFor(2, 'glob'), 'glob');
  assert.equal(ignoreSyntaxFor(3, ' REGEXP '), 'regexp');
  assert.equal(ignoreSyntaxFor(3, 'nonsense'), 'glob');
});

// The examples of Airflow's .airflowignore documentation, both syntaxes.
const DOC_IGNORED = ['project_a_dag_1.py', 'TESTING_project_a.py', 'tenant_1.py', 'project_a/dag_1.py', 'tenant_1/dag_1.py'];
const DOC_KEPT = ['dag_1.py', 'tenant_x.py', 'other/dag.py', 'projects/a.py'];

test('regexp: the Airflow docs example (project_a, tenant_[\\d])', () => {
  const ig = ignore('regexp', { '': 'project_a\ntenant_[\\d]\n' });
  for (const p of DOC_IGNORED) assert.equal(ig.isIgnored(p), true, p);
  for (const p of DOC_KEPT) assert.equal(ig.isIgnored(p), false, p);
});

test('glob: the Airflow docs example (**/*project_a*, tenant_[0-9]*)', () => {
  const ig = ignore('glob', { '': '**/*project_a*\ntenant_[0-9]*\n' });
  for (const p of DOC_IGNORED) assert.equal(ig.isIgnored(p), true, p);
  for (const p of DOC_KEPT) assert.equal(ig.isIgnored(p), false, p);
});

const REGEXP_CASES: Array<[string, Record<string, string>, string, boolean]> = [
  ['search, not match: anywhere in the path', { '': 'helper' }, 'lib/my_helpers.py', true],
  ['anchored with ^ against the root-relative path', { '': '^lib/' }, 'lib/x.py', true],
  ['^ does not match deeper', { '': '^lib/' }, 'sub/lib/x.py', false],
  ['comments and trailing comments are stripped', { '': '# all\nfoo # the foo files\n' }, 'foo.py', true],
  ['a comment-only file ignores nothing', { '': '# nothing\n\n' }, 'dag.py', false],
  ['escaped dot', { '': '\\.sql$' }, 'queries/a.sql', true],
  ['escaped dot does not match other chars', { '': '\\.sql$' }, 'queries/asql', false],
  ['invalid regex is skipped, others still apply', { '': '([\nbad' }, 'bad.py', true],
  ['CRLF files', { '': 'foo\r\nbar\r\n' }, 'bar.py', true],
  ['directory pruned: a later pattern cannot matter', { '': '^vendor$' }, 'vendor/dag.py', true],
  // Airflow matches a sub-folder's patterns against the path relative to the DAGs ROOT.
  ['subfolder file: patterns see the root-relative path', { sub: '^helpers' }, 'sub/helpers.py', false],
  ['subfolder file: applies inside its folder', { sub: 'helpers' }, 'sub/helpers.py', true],
  ['subfolder file: does not apply to siblings', { sub: 'helpers' }, 'helpers.py', false],
  ['python inline flag (?i)', { '': '(?i)^README' }, 'readme.md', true],
  ['python named group', { '': '(?P<x>tmp)_(?P=x)' }, 'tmp_tmp.py', true],
];

for (const [name, files, p, expected] of REGEXP_CASES) {
  test(`regexp: ${name}`, () => assert.equal(ignore('regexp', files).isIgnored(p), expected));
}

test('regexp: invalid patterns are reported as warnings', () => {
  const ig = ignore('regexp', { '': '([\n' });
  ig.isIgnored('x.py');
  assert.equal(ig.warnings.length, 1);
  assert.match(ig.warnings[0]!, /invalid regular expression/);
});

const GLOB_CASES: Array<[string, Record<string, string>, string, boolean, boolean?]> = [
  ['name pattern at any depth', { '': '*.sql' }, 'a/b/c.sql', true],
  ['name pattern, no match', { '': '*.sql' }, 'a/b/c.py', false],
  ['anchored /name only at the ignore file level', { '': '/helpers.py' }, 'helpers.py', true],
  ['anchored /name not deeper', { '': '/helpers.py' }, 'sub/helpers.py', false],
  ['middle slash anchors', { '': 'lib/*.py' }, 'lib/x.py', true],
  ['middle slash anchors, not deeper', { '': 'lib/*.py' }, 'sub/lib/x.py', false],
  ['directory pattern matches directories', { '': 'build/' }, 'build/dag.py', true],
  ['directory pattern at any depth', { '': 'build/' }, 'a/build/dag.py', true],
  ['directory pattern does not match a file', { '': 'build/' }, 'build', false],
  ['** crosses folders', { '': 'a/**/z.py' }, 'a/b/c/z.py', true],
  ['** matches zero folders', { '': 'a/**/z.py' }, 'a/z.py', true],
  ['negation re-includes a file', { '': '*.py\n!keep.py' }, 'keep.py', false],
  ['negation: others stay ignored', { '': '*.py\n!keep.py' }, 'drop.py', true],
  ['negation cannot revive a file in a pruned folder', { '': 'lib/\n!lib/keep.py' }, 'lib/keep.py', true],
  ['last match wins', { '': '!x.py\nx.py' }, 'x.py', true],
  ['? matches one char', { '': 'dag?.py' }, 'dag1.py', true],
  ['? does not match /', { '': 'a?b' }, 'a/b', false],
  ['character class with !', { '': 'tenant_[!0-9].py' }, 'tenant_x.py', true],
  ['character class with ! excludes', { '': 'tenant_[!0-9].py' }, 'tenant_1.py', false],
  ['subfolder anchored pattern is relative to its folder', { sub: '/helpers.py' }, 'sub/helpers.py', true],
  ['subfolder file does not apply to parent', { sub: '*.py' }, 'x.py', false],
  ['subfolder inherits parent patterns', { '': '*.tmp', sub: '!a.tmp' }, 'sub/a.tmp', false],
  ['parent pattern still applies in subfolder', { '': '*.tmp', sub: '!a.tmp' }, 'sub/b.tmp', true],
  ['comment lines', { '': '# *.py\n' }, 'x.py', false],
  ['lone / is a no-op', { '': '/\n' }, 'x.py', false],
  ['directory itself (isDir)', { '': 'cache/' }, 'cache', true, true],
];

for (const [name, files, p, expected, isDir] of GLOB_CASES) {
  test(`glob: ${name}`, () => assert.equal(ignore('glob', files).isIgnored(p, isDir ?? false), expected));
}

test('isScanned: the ignore file itself is never a DAG file', () => {
  const ig = ignore('glob', {});
  assert.equal(ig.isScanned('.airflowignore'), false);
  assert.equal(ig.isScanned('sub/.airflowignore'), false);
  assert.equal(ig.isScanned('dag.py'), true);
});

test('gitwildmatch translation (pathspec rules)', () => {
  const m = (pattern: string, p: string) => matchWildPatterns([compileWildPattern(pattern)!], p);
  assert.equal(m('**', 'a/b'), true);
  assert.equal(m('*', 'a'), true);
  assert.equal(m('a/**', 'a/b/c'), true);
  assert.equal(m('a/**', 'a'), false);
  assert.equal(m('\\#x', '#x'), true);
  assert.equal(m('foo\\ ', 'foo '), true);
  assert.equal(m('foo  ', 'foo'), true);
  assert.equal(compileWildPattern(''), undefined);
  assert.equal(compileWildPattern('# c'), undefined);
});

test('loadAirflowIgnore reads nested files and skips pruned and never-upload folders', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'aig-'));
  try {
    await fs.mkdir(path.join(dir, 'sub'), { recursive: true });
    await fs.mkdir(path.join(dir, 'skipme'), { recursive: true });
    await fs.mkdir(path.join(dir, 'node_modules'), { recursive: true });
    await fs.writeFile(path.join(dir, '.airflowignore'), 'skipme/\n');
    await fs.writeFile(path.join(dir, 'sub', '.airflowignore'), 'local_*.py\n');
    await fs.writeFile(path.join(dir, 'skipme', '.airflowignore'), '!x\n');
    await fs.writeFile(path.join(dir, 'node_modules', '.airflowignore'), 'x\n');
    const ig = await loadAirflowIgnore(dir, 'glob', (rel) => rel === 'node_modules');
    assert.equal(ig.isIgnored('sub/local_x.py'), true);
    assert.equal(ig.isIgnored('local_x.py'), false);
    assert.equal(ig.isIgnored('skipme/x'), true);
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
