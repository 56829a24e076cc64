/**
 * Issue #13: inputs built to make the Python linter slow or its output unbounded. Each is linted
 * the way the editor does (IncrementalPythonLint.open) and must finish well within 2 s on a loaded
 * machine, with bounded output: at most MAX_FINDINGS_PER_FILE findings plus one summary, messages
 * of at most MAX_MESSAGE_CHARS, a duplicate dag_id naming at most five other places.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findDuplicateDagIds } from '../../../src/core/lint/python/dagIds';
import { IncrementalPythonLint } from '../../../src/core/lint/python/incrementalLint';
import type { Finding } from '../../../src/core/lint/types';
import { getLinter, py } from './lintSetup';

const BOUND_MS = 2000;
const MAX_FINDINGS = 1000;
const MAX_MESSAGE = 1000;
const HEADER = 'from airflow import DAG\nfrom airflow.operators.dummy import DummyOperator\n';

/** Lints `text` as an opened editor document; asserts the time and the output bounds. */
async function lintBounded(label: string, text: string): Promise<Finding[]> {
  const linter = await getLinter();
  const started = performance.now();
  const lint = IncrementalPythonLint.open(linter, text, { airflowVersion: '3.0.6' });
  const ms = performance.now() - started;
  try {
    const { findings } = lint.current;
    assert.ok(ms < BOUND_MS, `${label}: took ${ms.toFixed(0)} ms`);
    assert.ok(findings.length <= MAX_FINDINGS + 1, `${label}: ${findings.length} findings`);
    for (const f of findings) assert.ok(f.message.length <= MAX_MESSAGE, `${label}: a ${f.message.length}-character ${f.code} message`);
    return findings;
  } finally {
    lint.doc.dispose();
  }
}

const codes = (findings: readonly Finding[]) => findings.map((f) => f.code);

test('an attribute chain of 2,000 and of 10,000 links lints quickly, without overflowing the stack', async () => {
  for (const n of [2000, 10_000]) {
    const findings = await lintBounded(`chain of ${n}`, `${HEADER}x = DAG${'.a'.repeat(n)}\n`);
    // The import is still reported; the chain is past the nesting limit, which one finding says.
    assert.ok(codes(findings).includes('AIR302'), JSON.stringify(codes(findings)));
    assert.deepEqual(findings.filter((f) => f.code === 'MWAA007').map((f) => f.range.start.line), [2]);
  }
});

test('a 100-link chain (inside the nesting limit) is walked once and left unresolved past 64 links', async () => {
  const text = `import airflow\nx = airflow.operators.bash_operator.BashOperator${'.a'.repeat(100)}\ny = airflow.operators.bash_operator.BashOperator${'.a'.repeat(50)}\n`;
  const findings = await lintBounded('chain of 100', text);
  // Only the 54-link chain (line 2) is resolved; the 104-link one names nothing a table could hold.
  assert.deepEqual(findings.map((f) => [f.range.start.line, f.code]), [[2, 'AIR302']]);
});

test('2,000 copies of DAG("dup"): bounded findings and duplicate messages naming five other places', async () => {
  const linter = await getLinter();
  const text = `${HEADER}${'DAG("dup")\n'.repeat(2000)}`;
  await lintBounded('2,000 DAG calls', text);
  const { dags } = linter.lintText(text, { airflowVersion: '3.0.6' });
  assert.equal(dags.length, 2000);
  const started = performance.now();
  const dups = findDuplicateDagIds([{ file: 'dags/a.py', dags }, { file: 'dags/b.py', dags }]);
  assert.ok(performance.now() - started < BOUND_MS, `duplicate check took ${(performance.now() - started).toFixed(0)} ms`);
  for (const [, findings] of dups) {
    assert.equal(findings.length, MAX_FINDINGS + 1);
    for (const f of findings.slice(0, -1)) {
      assert.equal(f.message.match(/dags\/[ab]\.py:\d+/g)?.length, 5, f.message);
      assert.match(f.message, /and 3994 more; Airflow keeps only one of them$/);
    }
    assert.deepEqual([findings.at(-1)!.code, findings.at(-1)!.severity], ['MWAA006', 'error']);
    assert.equal(findings.at(-1)!.message, '1000 more finding(s) in this file are not shown: at most 1000 are listed per file');
  }
});

test('10,000 nested lambdas and a 5,000-deep parenthesised expression: one finding says what was skipped', async () => {
  for (const [label, text] of [
    ['10,000 lambdas', `${HEADER}f = ${'lambda: '.repeat(10_000)}DummyOperator\n`],
    ['5,000 parentheses', `${HEADER}x = ${'('.repeat(5000)}DummyOperator${')'.repeat(5000)}\n`],
    ['5,000 nested calls', `${HEADER}x = ${'f('.repeat(5000)}DummyOperator${')'.repeat(5000)}\n`],
    ['20,000 additions', `${HEADER}x = DummyOperator${' + DummyOperator'.repeat(20_000)}\n`],
  ] as const) {
    const findings = await lintBounded(label, text);
    const deep = findings.filter((f) => f.code === 'MWAA007');
    assert.equal(deep.length, 1, `${label}: ${JSON.stringify(codes(findings))}`);
    assert.equal(deep[0]!.severity, 'info');
    assert.match(deep[0]!.message, /nested more than 256 levels deep \(line 3\); the MWAA linter does not check inside it/);
  }
});

test('more findings than the cap: the first 1,000 by position, then one saying how many more, as severe as the worst hidden', async () => {
  const text = py('from airflow.operators.dummy import DummyOperator', 'def f(**context):', ...Array.from({ length: 1500 }, () => '    context["execution_date"]'));
  const findings = await lintBounded('1,500 removed context keys', text);
  assert.equal(findings.length, MAX_FINDINGS + 1);
  assert.equal(findings[0]!.code, 'AIR302'); // line 0 sorts first
  const last = findings.at(-1)!;
  assert.deepEqual([last.code, last.severity, last.range.start.line], ['MWAA006', 'error', 0]);
  assert.equal(last.message, '501 more finding(s) in this file are not shown: at most 1000 are listed per file');
});

test('an edit of a capped file re-lints it in full (the count of hidden findings stays right)', async () => {
  const linter = await getLinter();
  const text = py('from airflow.operators.dummy import DummyOperator', 'def f(**context):', ...Array.from({ length: 1500 }, () => '    context["execution_date"]'));
  const lint = IncrementalPythonLint.open(linter, text, { airflowVersion: '3.0.6' });
  try {
    const line = 5;
    lint.update({ range: { start: { line, character: 4 }, end: { line, character: 4 } }, text: 'x = ' });
    assert.equal(lint.lastMode, 'full');
    assert.equal(lint.current.findings.at(-1)!.message, '501 more finding(s) in this file are not shown: at most 1000 are listed per file');
  } finally {
    lint.doc.dispose();
  }
});

test('long runs that made regexes rescan: a 400 KB name, spaces inside an import, unclosed templates', async () => {
  for (const [label, text] of [
    ['a 400 KB name', `${HEADER}x = "${'a'.repeat(400_000)}"\ny = ${'b'.repeat(400_000)}\n`],
    ['200,000 spaces in an import', `from a${' '.repeat(200_000)}b import c\n${HEADER}`],
    ['40,000 unclosed {{', `${HEADER}def f(**context):\n    x = "execution_date ${'{{ '.repeat(40_000)}"\n`],
  ] as const) {
    const findings = await lintBounded(label, text);
    assert.ok(codes(findings).includes('AIR302'), `${label}: ${JSON.stringify(codes(findings))}`);
  }
});

test('quadratic rules: 4,000 imports of one moved name with 4,000 uses, 4,000 keyword arguments of one call', async () => {
  const imports = `${'from airflow.operators.dummy import DummyOperator\n'.repeat(4000)}${'DummyOperator()\n'.repeat(4000)}`;
  const findings = await lintBounded('4,000 imports and uses', imports);
  // A rename of more than 1,000 uses is not offered as a quick fix (each finding would carry them all).
  assert.equal(findings.filter((f) => f.code === 'AIR302').length, MAX_FINDINGS);
  assert.ok(findings.every((f) => f.fixes.every((x) => x.kind !== 'replaceName')));
  await lintBounded('4,000 keyword arguments', `${HEADER}DAG("x", ${'schedule_interval=1, '.repeat(4000)})\n`);
});

test('a file indented 500 columns is not parsed (it would corrupt the parser), and says so; the next file lints', async () => {
  const linter = await getLinter();
  const text = HEADER + Array.from({ length: 600 }, (_, i) => `${' '.repeat(i)}if x:`).join('\n') + '\n';
  const findings = await lintBounded('600 indentation levels', text);
  assert.deepEqual(findings.map((f) => [f.code, f.range.start.line]), [['MWAA007', 502]]);
  assert.match(findings[0]!.message, /^Line 503 is indented 500 columns or more: the MWAA linter does not check this file/);
  const next = linter.lintText('from airflow.operators.dummy import DummyOperator\n', { airflowVersion: '3.0.6' });
  assert.deepEqual(codes(next.findings), ['AIR302']);
});

test('an unparsable run of 60,000 tokens is skipped, not looked up token by token', async () => {
  const findings = await lintBounded('30,000 unclosed calls', `${HEADER}x = ${'get ('.repeat(30_000)}\n`);
  assert.ok(codes(findings).every((c) => c === 'MWAA001'), JSON.stringify(codes(findings)));
});

test('rules that read one statement to judge another, 2,000 times over: rebindings, context variables, default_args, overrides, plugin attributes', async () => {
  const n = 2000;
  // Past 64 conditional rebindings a use is left untyped (variableBindings' MAX_CANDIDATES): no finding expected there.
  const cases: [string, string, string | undefined][] = [
    ['2,000 rebindings, each used', `from airflow import DAG\n${'d = DAG("x")\nd.create_dagrun()\n'.repeat(n)}`, 'AIR301'],
    ['2,000 conditional rebindings before 2,000 uses', `from airflow import DAG\ndef f(c):\n    d = DAG("x")\n${'    if c:\n        d = other()\n'.repeat(n)}${'    d.create_dagrun()\n'.repeat(n)}`, undefined],
    ['2,000 dag_run variables', `from airflow.sdk import task\n@task\ndef f(**context):\n${'    r = context["dag_run"]\n    r.external_trigger\n'.repeat(n)}`, 'AIR301'],
    ['2,000 inlet_events variables', `from airflow.sdk import task\n@task\ndef f(**context):\n${'    e = context["inlet_events"]\n    e["s3://a"]\n'.repeat(n)}`, 'AIR301'],
    ['2,000 default_args dicts', `from datetime import datetime\nfrom airflow.sdk import DAG\n${Array.from({ length: n }, (_, i) => `a${i} = {"start_date": datetime.now()}\nDAG("d", default_args=a${i})\n`).join('')}`, 'MWAA004'],
    ['2,000 overrides calling super()', `from airflow.secrets.base_secrets import BaseSecretsBackend\nclass B(BaseSecretsBackend):\n${'    def get_conn_uri(self, c):\n        return super().get_conn_uri(c), self.get_connections(c)\n'.repeat(n)}`, 'MWAA301'],
    ['2,000 plugin attributes', `from airflow.plugins_manager import AirflowPlugin\nclass P(AirflowPlugin):\n${'    hooks = []\n'.repeat(n)}`, 'AIR301'],
    ['2,000 local operator subclasses deep', `from airflow.sdk import BaseOperator\nclass C0(BaseOperator): pass\n${Array.from({ length: n }, (_, i) => `class C${i + 1}(C${i}):\n    def execute(self, next_ds): pass\n`).join('')}`, 'AIR301'],
  ];
  for (const [label, text, code] of cases) {
    const findings = await lintBounded(label, text);
    assert.equal(findings.some((f) => f.code === (code ?? 'MWAA301')), code !== undefined, `${label}: ${JSON.stringify([...new Set(codes(findings))])}`);
  }
});

test('one 500 KB line of words the new rules search for (inlet_events, default_args=, super().get_conn_uri, {{ dag_run.external_trigger }})', async () => {
  for (const [label, text] of [
    ['inlet_events words', `x = "${'inlet_events '.repeat(40_000)}"\n`],
    ['default_args= arguments', `${HEADER}f(${'default_args=a, '.repeat(30_000)})\n`],
    ['super() reads', `x = ${'super().get_conn_uri'.repeat(25_000)}\n`],
    ['a Jinja block', `x = "{{ ${'dag_run.external_trigger '.repeat(20_000)}}}"\n`],
  ] as const) {
    await lintBounded(label, text);
  }
});
