import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { checkRequirements } from '../../../src/core/lint/requirements/constraintsChecker';
import { loadConstraints } from '../../../src/core/lint/constraints';
import { parseRequirements } from '../../../src/core/lint/requirements/requirementsParser';
import { TextIndex } from '../../../src/core/lint/textIndex';
import type { Finding } from '../../../src/core/lint/types';
import { DATA_DIR, getLinter } from './lintSetup';

const PY_SNIPPETS = [
  'from airflow.operators.dummy import DummyOperator\n',
  'import airflow.operators.bash_operator as bo\n',
  'with DAG("x", schedule_interval="@daily", start_date=datetime.now()) as d:\n',
  '    t = bo.BashOperator(task_id="t", bash_command="{{ execution_date }}")\n',
  'def f(**kwargs):\n    return kwargs["next_ds"]\n',
  'Variable.get("x")\n',
  '@dag(schedule_interval=None)\ndef g():\n    pass\n',
  '"""doc {{ prev_ds }}"""\n',
  '(((\n',
  'é😀\r\n',
  '\\\n',
  'def (:\n',
  'from airflow import DAG\nd = DAG("x")\nd.create_dagrun()\n',
  'with DAG("y") as d:\n    d.create_dagrun()\n',
  'from airflow.providers_manager import ProvidersManager as PM\npm = PM()\npm.dataset_factories\n',
];
const REQ_SNIPPETS = [
  '--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-2.9.2/constraints-3.11.txt"\n',
  'boto3==1.0 \\\n',
  '  --hash=sha256:abc\n',
  'pkg[extra] >=1 ; python_version<"3.9"  # c\n',
  '-r other.txt\n',
  '-e git+https://x/y.git#egg=z\n',
  'https://u:p@h/x-1.0-py3-none-any.whl\n',
  '-i\n',
  'Flask==1\n',
  '"\'\n',
  '--find-links /usr/local/airflow/plugins\n',
];

const source = (snippets: string[]) =>
  fc.oneof(
    fc.string({ unit: 'binary', maxLength: 400 }),
    fc.array(fc.constantFrom(...snippets), { maxLength: 25 }).map((a) => a.join('')),
    fc
      .tuple(fc.array(fc.constantFrom(...snippets), { maxLength: 15 }), fc.nat(), fc.string({ maxLength: 8 }))
      .map(([parts, at, junk]) => {
        const s = parts.join('');
        const i = s.length === 0 ? 0 : at % s.length;
        return s.slice(0, i) + junk + s.slice(i);
      }),
  );

function assertInside(text: string, findings: readonly Finding[]) {
  const index = new TextIndex(text);
  const last = index.lineCount - 1;
  for (const f of findings) {
    for (const p of [f.range.start, f.range.end]) {
      assert.ok(p.line >= 0 && p.line <= last, `line ${p.line} outside 0..${last}`);
      assert.ok(p.character >= 0 && p.character <= index.lineText(p.line).length, `character ${p.character} outside line ${p.line}`);
    }
    const s = f.range.start;
    const e = f.range.end;
    assert.ok(s.line < e.line || (s.line === e.line && s.character <= e.character), 'start after end');
  }
}

// Time bounds guard against hangs (inputs are < 1 KB; a normal lint takes about a millisecond).
test('fuzz: Python linter never throws, stays fast, ranges inside the document', async () => {
  const linter = await getLinter();
  let slowest = 0;
  fc.assert(
    fc.property(source(PY_SNIPPETS), fc.constantFrom('2.4.3', '2.10.3', '3.0.6'), (text, version) => {
      const t0 = performance.now();
      const r = linter.lintText(text, { airflowVersion: version, upgradeTarget: '3.1' });
      slowest = Math.max(slowest, performance.now() - t0);
      assertInside(text, r.findings);
    }),
    { numRuns: 150, seed: 20261121 },
  );
  assert.ok(slowest < 1000, `slowest input took ${slowest.toFixed(1)} ms`);
});

test('fuzz: requirements parser and checker never throw, ranges inside the document', () => {
  const env = loadConstraints(DATA_DIR, '2.10.3')!;
  let slowest = 0;
  fc.assert(
    fc.property(source(REQ_SNIPPETS), (text) => {
      const t0 = performance.now();
      const parsed = parseRequirements(text);
      for (const r of parsed.requirements) assert.ok(r.nameSpan.start <= r.nameSpan.end && r.nameSpan.end <= text.length);
      const r = checkRequirements(text, { constraints: env, filePath: '/p/requirements.txt', readFile: () => 'boto3==1\n', dagFolder: '/d' });
      slowest = Math.max(slowest, performance.now() - t0);
      assertInside(text, r.findings.filter((f) => !f.file));
    }),
    { numRuns: 300, seed: 20261121 },
  );
  assert.ok(slowest < 1000, `slowest input took ${slowest.toFixed(1)} ms`);
});
