/**
 * The Python linter over random Python-ish text (Airflow fragments, brackets, indentation, random
 * unicode): it never throws, each call stays under the issue's time and memory bounds, every
 * finding lies inside the document, and an edit applied incrementally behaves the same way and
 * gives what a full lint of the edited text gives (as does undoing it: the statement the edit was
 * in is then parsed alone when it can be).
 */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import fc from 'fast-check';
import { IncrementalPythonLint } from '../../src/core/lint/python/incrementalLint';
import type { Finding } from '../../src/core/lint/types';
import { checkProperty, clip, ISSUE_BOUNDS, stopWatchdog } from './fuzzHarness';
import { assertRangesInside, getLinter } from './lintSetup';
import { pythonish } from './pythonText';

after(stopWatchdog);

const VERSIONS = ['2.4.3', '2.10.3', '3.0.6'];
const canon = (fs: readonly Finding[]) => fs.map((f) => JSON.stringify(f)).sort();

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
      const removed = text.slice(lint.doc.index.offsetAt(start), lint.doc.index.offsetAt(end));
      const target = { airflowVersion: version, upgradeTarget: '3.1' };
      const after = measure('IncrementalPythonLint.update', ISSUE_BOUNDS, () => lint.update({ range: { start, end }, text: edit.text }));
      assertRangesInside(lint.doc.text, after.findings);
      assert.deepEqual(canon(after.findings), canon(linter.lintText(lint.doc.text, target).findings), 'the edit, incrementally');
      // Undo: the edited statement (valid again) is parsed alone when it can be.
      const inserted = lint.doc.index.range(lint.doc.index.offsetAt(start), lint.doc.index.offsetAt(start) + edit.text.length);
      const undone = measure('IncrementalPythonLint.update', ISSUE_BOUNDS, () => lint.update({ range: inserted, text: removed }));
      assert.equal(lint.doc.text, text);
      assert.deepEqual(canon(undone.findings), canon(linter.lintText(text, target).findings), 'the undo, incrementally');
    } finally {
      lint.doc.dispose();
    }
  }, { numRuns: 250, describe: (i) => `${i.version} ${clip(JSON.stringify(i.text))}` });
});
