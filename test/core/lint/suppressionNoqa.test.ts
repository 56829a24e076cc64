import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PositionEncoding, Workspace } from '@astral-sh/ruff-wasm-nodejs';
import { parseFileDirective, parseLineDirective } from '../../../src/core/lint/suppression/noqaDirective';
import { buildNoqaIndex, isSuppressed, noqaLineFor, withoutSuppressed } from '../../../src/core/lint/suppression/noqaIndex';
import { scanPythonSource } from '../../../src/core/lint/suppression/pythonNoqaScan';
import type { Finding } from '../../../src/core/lint/types';

// ruff's own linter (the wasm build of the version the rule table comes from) is the reference:
// the same sources go through both, and where ruff suppresses a finding we must too.
const ruff = new Workspace({ lint: { select: ['AIR301'] } }, PositionEncoding.Utf16);
const IMPORT = 'from airflow.utils.dates import days_ago\n';

/** 0-based lines of ruff's findings in `source`. */
function ruffLines(source: string): number[] {
  return ruff.check(source).map((d: { start_location: { row: number } }) => d.start_location.row - 1).sort((a: number, b: number) => a - b);
}

/** What our index keeps of ruff's findings with every directive disabled (noqa -> nxqa, same length). */
function ourLines(source: string): number[] {
  const all = ruffLines(source.replace(/noqa/gi, 'nxqa'));
  const index = buildNoqaIndex(source, 'python');
  return all.filter((line) => !isSuppressed(index, 'AIR301', line));
}

const LINE_COMMENTS = [
  '# noqa', '# NOQA:AIR301', '# NoQa: AIR301', '# noqa: E501 AIR301 trailing words', '# noqa: E501,,AIR301', '# noqa: air301',
  '# noqa :AIR301', '# noqa :E501', '# noqa:', '# noqaAIR301', '# foo # noqa: AIR301', '# noqa: AIR3', '#noqa:E501AIR301',
  '# noqa: E501 # AIR301', '# noqa:AIR301.', '# noqa: E501, AIR301', '# noqa: AIR301x', '#    noqa   ', '# noqa: AIR301: reason',
  '# noqa - AIR301', '# noqa:AIR301 # noqa: E501', '# type: ignore # noqa:AIR301', '# noqa:E501 AIR301,X1', '# noqa: air301 # noqa',
  '# noqa:E501 # noqa', '# xnoqa', '# foo#noqa', '# noqa\u00a0', '# \u00a0noqa:AIR301', '# noqa  E501', '# noqa foo: E501',
  '# noqa: E501 TODO AIR301', '# noqa: F401Fabc', '# noqa,AIR301', '# noqa: ,AIR301', '# noqa#AIR301', '# noqa:AIR301\tE501',
];

test('noqa: every line comment variant suppresses exactly what ruff suppresses', () => {
  const source = IMPORT + LINE_COMMENTS.map((c) => `days_ago(1)  ${c}\n`).join('');
  const ours = ourLines(source);
  const theirs = ruffLines(source);
  const show = (lines: number[]) => lines.map((l) => LINE_COMMENTS[l - 1]);
  assert.deepEqual(show(ours), show(theirs));
  // The check is not vacuous: some variants suppress, some do not.
  assert.ok(theirs.length > 10 && theirs.length < LINE_COMMENTS.length - 10, `${theirs.length} unsuppressed`);
});

const MULTI_LINE: Array<[string, string]> = [
  ['a # in a string is not a comment', 'x = "# noqa"; days_ago(1)\n'],
  ['noqa on the line where the call starts', 'days_ago(  # noqa\n    1,\n)\n'],
  ['noqa after a call spanning lines is on the wrong line', 'days_ago(\n    1,\n)  # noqa\n'],
  ['a line that starts a multi-line string takes its noqa from its end', 'y = [days_ago(1), """\n"""]  # noqa\n'],
  ['an f-string spanning lines', 'z = f"""{days_ago(1)}\n"""  # noqa\n'],
  ['a backslash continuation', 'w = days_ago \\\n    (1)  # noqa\n'],
  ['two continuations in a row', 'w = days_ago \\\n    ( \\\n 1)  # noqa\n'],
  ['a continuation into a multi-line string', 'v = days_ago(1) + \\\n  len("""\n""")  # noqa\n'],
  ['a string ending where the next begins', 'u = ("""\n""", days_ago(1), """\n""")  # noqa\n'],
  ['a noqa inside a string does not count', 's = """\n# noqa\n"""; days_ago(1)\n'],
  ['a 3.12 f-string reusing its quote', 't = f"{days_ago(1)["a"]}" + """\n"""  # noqa\n'],
  ['nested f-strings', 'r = f"{f\'{days_ago(1)}\'}" # noqa\n'],
  ['a format spec with a nested field', 'q = f"{days_ago(1):>{w}}"  # noqa: AIR301\n'],
  ['escaped quotes', 'p = "\\" # noqa"; days_ago(1)\n'],
  ['a raw string ending in a backslash-quote', 'o = r"\\" # noqa"; days_ago(1)\n'],
  ['CRLF line ends', 'days_ago(1)  # noqa\r\ndays_ago(2)\r\n'],
  ['a backslash in a comment is no continuation', 'days_ago(1)  # a \\\nx = 1  # noqa\n'],
  ['an unterminated string ends at the line break', 'n = "abc\ndays_ago(1)  # noqa\n'],
];

test('noqa: multi-line strings and continuations map to the line ruff uses', () => {
  for (const [what, body] of MULTI_LINE) {
    const source = IMPORT + body;
    assert.deepEqual(ourLines(source), ruffLines(source), what);
  }
});

const FILE_COMMENTS = [
  '# ruff: noqa', '# ruff: noqa: AIR301', '# ruff: noqa: F401', '# flake8: noqa', '# flake8: noqa: AIR301', '# RUFF: noqa',
  '# Flake8: NOQA', '# flake8: NOQA', 'x = 1  # ruff: noqa', '    # ruff: noqa', '#ruff:noqa:F401,AIR301', '# ruff: noqa F401',
  '# ruff : noqa', '# ruff: noqa: air301', '# ruff: noqa:', '# ruff: noqa: AIR301: reason', '# ruff: noqa :AIR301',
  '# ruff: noqa foo: F401', '# foo # ruff: noqa', '# foo # ruff: noqa: air301', '# ruff: foo # ruff: noqa: AIR301', '# ruff noqa',
  '# ruff: noqa- F401', '# ruff: noqa: F401AIR301', '# ruff: NoQa: AIR301 # x', '"""\n# ruff: noqa\n"""',
];

test('noqa: file directives (# ruff: noqa, # flake8: noqa) as ruff reads them, anywhere in the file', () => {
  for (const comment of FILE_COMMENTS) {
    for (const source of [`${comment}\n${IMPORT}days_ago(1)\n`, `${IMPORT}days_ago(1)\n${comment}\n`]) {
      assert.deepEqual(ourLines(source), ruffLines(source), JSON.stringify(source));
    }
  }
});

test('noqa: the directive grammar', () => {
  assert.deepEqual(parseLineDirective('# noqa'), { kind: 'all' });
  assert.deepEqual(parseLineDirective('# noqa: AIR301,MWAA004 REQ006'), { kind: 'codes', codes: ['AIR301', 'MWAA004', 'REQ006'] });
  assert.equal(parseLineDirective('# noqa: mwaa004')?.kind, 'invalid');
  assert.equal(parseLineDirective('# a comment'), undefined);
  assert.deepEqual(parseFileDirective('# ruff: noqa: MWAA004'), { kind: 'codes', codes: ['MWAA004'] });
  assert.equal(parseFileDirective('# noqa'), undefined);
  assert.equal(parseLineDirective('# ruff: noqa'), undefined, 'a file directive is not a line directive');
  // A comment far longer than any directive is read only so far.
  assert.equal(parseLineDirective(`# ${'x'.repeat(10_000)} # noqa`), undefined);
});

test('noqa: a file without "noqa" costs no scan and suppresses nothing', () => {
  assert.equal(buildNoqaIndex('from airflow import DAG\n# a comment\n', 'python'), undefined);
  assert.equal(isSuppressed(undefined, 'AIR301', 0), false);
  // Mentioned only in a string: an index with nothing in it is not kept either.
  assert.equal(buildNoqaIndex('x = "# noqa"\n', 'python'), undefined);
});

test('noqa: invalid directives are reported with their line, and suppress nothing', () => {
  const index = buildNoqaIndex('a = 1  # noqa: mwaa004\nb = 2  # ruff: noqa\n# ruff: noqa: x\n', 'python')!;
  assert.deepEqual(index.invalid.map((i) => [i.line, i.file]), [[0, false], [1, true], [2, true]]);
  assert.equal(isSuppressed(index, 'MWAA004', 0), false);
  assert.equal(isSuppressed(index, 'MWAA004', 1), false);
  assert.equal(index.file, undefined);
});

test('noqa: the scanner bounds itself on adversarial input', () => {
  // Deeply nested f-strings and an unterminated triple-quoted string: one pass, no recursion blow-up.
  const deep = `x = ${'f"{'.repeat(5000)}1${'}"'.repeat(5000)}  # noqa\n`;
  const t0 = performance.now();
  const scan = scanPythonSource(deep + 'z # noqa\n'.repeat(20_000));
  assert.ok(performance.now() - t0 < 2000);
  assert.ok(scan.comments.length >= 20_000, `${scan.comments.length} comments`);
  const index = buildNoqaIndex('y = """\n# noqa\n', 'python');
  assert.equal(index, undefined, 'inside an unterminated string nothing is a comment');
});

function finding(code: string, line: number, file?: string): Finding {
  const pos = { line, character: 0 };
  return { code, range: { start: pos, end: pos }, severity: 'error', message: code, fixes: [], ...(file ? { file } : {}) };
}

test('noqa: requirements.txt takes pip comments (at a line start or after whitespace)', () => {
  const text = [
    'pandas==1.5.3  # noqa: REQ006',
    'numpy  # noqa',
    'scipy @ https://example.com/scipy.whl#noqa',
    'apache-airflow-providers-amazon \\',
    '    --hash=sha256:abc  # noqa: REQ004',
    'requests # noqa: REQ003 REQ006',
  ].join('\n');
  const index = buildNoqaIndex(text, 'requirements');
  const findings = [finding('REQ006', 0), finding('REQ003', 0), finding('REQ006', 1), finding('REQ006', 2), finding('REQ004', 3), finding('REQ006', 5), finding('REQ006', 0, '/other.txt')];
  const kept = withoutSuppressed(findings, index).map((f) => `${f.code}@${f.range.start.line}${f.file ? ' other' : ''}`);
  assert.deepEqual(kept, ['REQ003@0', 'REQ006@2', 'REQ006@0 other']);
  assert.equal(noqaLineFor(index!, 3), 4, 'a continued requirement takes the directive of its last line');
  // No file-level directive in requirements files: `# ruff: noqa` there is a plain comment.
  assert.equal(buildNoqaIndex('# ruff: noqa\npandas\n', 'requirements'), undefined);
});
