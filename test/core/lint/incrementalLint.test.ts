import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { IncrementalPythonLint } from '../../../src/core/lint/python/incrementalLint';
import { TextIndex } from '../../../src/core/lint/textIndex';
import type { Finding } from '../../../src/core/lint/types';
import { getLinter, py } from './lintSetup';
import { bigDag } from './bigDag';

const DAG = py(
  'import pendulum',
  'from airflow import DAG',
  'from airflow.models import Variable',
  'from airflow.operators.dummy import DummyOperator',
  'from airflow.operators.bash_operator import BashOperator',
  'with DAG("d", schedule_interval="@daily", start_date=pendulum.datetime(2024, 1, 1)) as dag:',
  '    def cb(**kwargs):',
  '        v = kwargs["ti"]',
  '        return v',
  '    a = DummyOperator(task_id="a")',
  '    b = BashOperator(task_id="b", bash_command="echo {{ ds }}", task_concurrency=1)',
  '    a >> b',
);
const PIECES = ['dag.create_dagrun()\n    ', 'dag = 1\n', 'x', '_interval', ' ', '\n    ', 'kwargs["next_ds"]', '{{ execution_date }}', 'Variable.get("k")', '"', '(', ')', 'DummyOperator', 'sla=1, ', 'import os\n'];
const SAFE = ['dag.create_dagrun()\n    ', 'x', '_interval', ' ', 'kwargs["next_ds"]', '{{ execution_date }}', 'Variable.get("k")', 'sla=1, ', 'DummyOperator', 'provide_context=True, '];
const BODY = DAG.indexOf('    def cb');

const canon = (fs: readonly Finding[]) => fs.map((f) => JSON.stringify([f.range, f.code, f.severity, f.message, f.fixes])).sort();

test('incremental re-lint equals a full lint after every random edit', async () => {
  const linter = await getLinter();
  const target = { airflowVersion: '3.0.6' };
  let statementUpdates = 0;
  // Mostly edits inside the with-block that keep the file valid, some anywhere with anything.
  const edit = fc.oneof(
    { weight: 4, arbitrary: fc.tuple(fc.integer({ min: BODY, max: DAG.length - 1 }), fc.constant(0), fc.constantFrom(...SAFE)) },
    { weight: 1, arbitrary: fc.tuple(fc.nat(), fc.nat(6), fc.constantFrom(...PIECES)) },
  );
  fc.assert(
    fc.property(fc.array(edit, { minLength: 1, maxLength: 12 }), (edits) => {
      const inc = IncrementalPythonLint.open(linter, DAG, target);
      try {
        let text = DAG;
        for (const [at, len, insert] of edits) {
          const a = at % (text.length + 1);
          const b = Math.min(text.length, a + len);
          const index = new TextIndex(text);
          const r = inc.update({ range: { start: index.positionAt(a), end: index.positionAt(b) }, text: insert });
          text = text.slice(0, a) + insert + text.slice(b);
          if (inc.lastMode !== 'full') statementUpdates++;
          const full = linter.lintText(text, target);
          assert.deepEqual(canon(r.findings), canon(full.findings));
          assert.deepEqual(r.dags.map((d) => d.dagId).sort(), full.dags.map((d) => d.dagId).sort());
        }
      } finally {
        inc.doc.dispose();
      }
    }),
    { numRuns: 30, seed: 4242 },
  );
  // Most edits land inside the with-block: the statement path must actually be exercised.
  assert.ok(statementUpdates >= 10, `only ${statementUpdates} statement-level updates`);
});

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/**
 * Latency on a 2,000-line DAG: the first lint, then keystrokes re-linted per statement (parsed
 * alone; parsed with the whole tree, splicing off) and, for comparison, re-linted whole,
 * interleaved so a busy machine slows all alike. Absolute numbers go to the diagnostics; the
 * assertions compare the paths and guard against hangs only.
 */
test('2,000-line DAG: first lint, keystroke re-lint per statement vs whole file', async (t) => {
  const linter = await getLinter();
  const text = bigDag();
  const target = { airflowVersion: '2.10.3' };
  const t0 = performance.now();
  const inc = IncrementalPythonLint.open(linter, text, target);
  const firstMs = performance.now() - t0;
  const withTree = IncrementalPythonLint.open(linter, text, target, { splice: false });
  const whole = linter.open(text);
  try {
    assert.ok(inc.current.findings.length >= 3);
    const spliced: number[] = [];
    const incremental: number[] = [];
    const wholeFile: number[] = [];
    for (let i = 0; i < 30; i++) {
      const line = 100 + (i >> 1) * 60;
      const pos = { line, character: 8 };
      const change = i % 2 === 0 ? { range: { start: pos, end: pos }, text: 'x' } : { range: { start: pos, end: { line, character: 9 } }, text: '' };
      let s = performance.now();
      inc.update(change);
      spliced.push(performance.now() - s);
      assert.equal(inc.lastMode, 'splice');
      s = performance.now();
      withTree.update(change);
      incremental.push(performance.now() - s);
      assert.equal(withTree.lastMode, 'statement');
      s = performance.now();
      whole.applyChange(change);
      linter.lint(whole, target);
      wholeFile.push(performance.now() - s);
    }
    assert.equal(inc.doc.text, text);
    const [ms, mi, mw] = [median(spliced), median(incremental), median(wholeFile)];
    t.diagnostic(`2000-line DAG: first parse+lint ${firstMs.toFixed(1)} ms; keystroke median: statement parsed alone ${ms.toFixed(2)} ms, with the whole tree ${mi.toFixed(2)} ms, whole-file ${mw.toFixed(2)} ms`);
    assert.ok(ms < mi, `statement parsed alone (${ms} ms) not faster than with the whole tree (${mi} ms)`);
    assert.ok(mi < mw, `statement re-lint (${mi} ms) not faster than whole-file (${mw} ms)`);
    assert.ok(Math.max(...spliced, ...incremental) < 2000, 'an update took over 2 s');
  } finally {
    inc.doc.dispose();
    withTree.doc.dispose();
    whole.dispose();
  }
});

test('setTarget re-lints in full at the new version', async () => {
  const linter = await getLinter();
  const inc = IncrementalPythonLint.open(linter, DAG, { airflowVersion: '2.2.2' });
  try {
    const at3 = inc.setTarget({ airflowVersion: '3.0.6' });
    assert.equal(inc.lastMode, 'full');
    assert.deepEqual(canon(at3.findings), canon(linter.lintText(DAG, { airflowVersion: '3.0.6' }).findings));
  } finally {
    inc.doc.dispose();
  }
});
