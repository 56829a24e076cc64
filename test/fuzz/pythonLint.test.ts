/**
 * The Python linter over random Python-ish text (Airflow fragments, brackets, indentation, random
 * unicode): it never throws, each call stays under the issue's time and memory bounds, every
 * finding lies inside the document, and an edit applied incrementally behaves the same way.
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { IncrementalPythonLint } from '../../src/core/lint/python/incrementalLint';
import { checkProperty, clip, ISSUE_BOUNDS, stopWatchdog } from './fuzzHarness';
import { assertRangesInside, getLinter } from './lintSetup';
import { pythonish } from './pythonText';

after(stopWatchdog);

const VERSIONS = ['2.4.3', '2.10.3', '3.0.6'];

test('fuzz: the Python linter on random Python-ish text', async (t) => {
  const linter = await getLinter();
  const input = fc.record({
    text: pythonish,
    version: fc.constantFrom(...VERSIONS),
    edit: fc.record({ at: fc.nat(), length: fc.nat({ max: 40 }), text: pythonish.map((s) => s.slice(0, 60)) }),
  });
  checkProperty(t, 'python lint, random text', input, ({ text, version, edit }, measure) => {
    // What the editor does for an open document: parse and lint once, then apply edits.
    const lint = measure('IncrementalPythonLint.open', ISSUE_BOUNDS, () => IncrementalPythonLint.open(linter, text, { airflowVersion: version, upgradeTarget: '3.1' }));
    try {
      assertRangesInside(text, lint.current.findings);
      for (const d of lint.current.dags) assert.equal(typeof d.dagId, 'string');
      const start = lint.doc.index.positionAt(Math.min(edit.at, text.length));
      const end = lint.doc.index.positionAt(Math.min(edit.at + edit.length, text.length));
      const after = measure('IncrementalPythonLint.update', ISSUE_BOUNDS, () => lint.update({ range: { start, end }, text: edit.text }));
      assertRangesInside(lint.doc.text, after.findings);
    } finally {
      lint.doc.dispose();
    }
  }, { numRuns: 250, describe: (i) => `${i.version} ${clip(JSON.stringify(i.text))}` });
});
