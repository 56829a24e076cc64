/**
 * The Python linter on adversarial shapes (issue #13): deep nesting, 2,000- and 10,000-link
 * attribute chains, thousands of DAG(...) calls, a 1 MB line. Each input, through the path the
 * editor takes (open a document; the workspace dag_id check over what it defines), must finish
 * under 1 s without throwing, within the heap bound; a duplicate-dag_id message stays readable
 * (at most 2,000 characters, not a list of every other definition); and the shared parser still
 * lints the next document right (a crash inside the parser's wasm must not poison it).
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { findDuplicateDagIds } from '../../src/core/lint/python/dagIds';
import { IncrementalPythonLint } from '../../src/core/lint/python/incrementalLint';
import { checkProperty, ISSUE_BOUNDS, stopWatchdog } from './fuzzHarness';
import { assertRangesInside, getLinter } from './lintSetup';
import { describeRecipe, pythonOf, recipe, SHAPES } from './pythonText';

after(stopWatchdog);

const MAX_MESSAGE = 2000;
const CANARY = 'from airflow import DAG\nwith DAG("canary", schedule_interval="@daily") as d:\n    pass\n';

test('fuzz: the Python linter on adversarial shapes, each under 1 s', async (t) => {
  const linter = await getLinter();
  checkProperty(t, 'python lint, adversarial shapes', recipe, (r, measure) => {
    const text = pythonOf(r);
    const label = describeRecipe(r);
    const lint = measure(`open ${label}`, ISSUE_BOUNDS, () => IncrementalPythonLint.open(linter, text, { airflowVersion: '2.10.3' }));
    try {
      assertRangesInside(text, lint.current.findings);
      const dags = lint.current.dags;
      // The workspace check sees the file twice when it is open and on disk.
      const dups = measure(`duplicate dag_ids ${label}`, ISSUE_BOUNDS, () => findDuplicateDagIds([{ file: '/w/dags/a.py', dags }, { file: '/w/dags/b.py', dags }]));
      for (const findings of dups.values()) {
        for (const f of findings) assert.ok(f.message.length <= MAX_MESSAGE, `${label}: a ${f.message.length}-character ${f.code} message`);
      }
    } finally {
      lint.doc.dispose();
    }
    const next = linter.lintText(CANARY, { airflowVersion: '2.10.3' });
    assert.deepEqual(next.dags.map((d) => d.dagId), ['canary'], `${label}: the parser is broken for the next document`);
    assert.deepEqual(next.findings.map((f) => f.code), ['MWAA202'], `${label}: the parser is broken for the next document`);
  }, { numRuns: SHAPES.length * 2 + 24, examples: SHAPES.flatMap((shape) => [2000, 10_000].map((n) => ({ shape, n }))), describe: describeRecipe });
});
