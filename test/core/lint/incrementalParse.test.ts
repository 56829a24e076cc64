import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TextIndex } from '../../../src/core/lint/textIndex';
import { getLinter, py, textOf } from './lintSetup';

test('applyChange re-parses incrementally: same tree as a fresh parse, findings follow the edit', async () => {
  const linter = await getLinter();
  const src = py('# é😀 unicode before', 'from airflow import DAG', 'DAG("d", schedule="@daily")');
  const doc = linter.open(src);
  try {
    const target = { airflowVersion: '3.0.6' };
    assert.equal(linter.lint(doc, target).findings.filter((f) => f.message.startsWith('Argument')).length, 0);
    // Type "_interval" after "schedule" on line 2.
    const at = { line: 2, character: 'DAG("d", schedule'.length };
    doc.applyChange({ range: { start: at, end: at }, text: '_interval' });
    const expected = py('# é😀 unicode before', 'from airflow import DAG', 'DAG("d", schedule_interval="@daily")');
    assert.equal(doc.text, expected);
    const fresh = linter.open(expected);
    assert.equal(doc.tree.rootNode.toString(), fresh.tree.rootNode.toString());
    fresh.dispose();
    const [f] = linter.lint(doc, target).findings.filter((x) => x.message.startsWith('Argument'));
    assert.equal(textOf(doc.text, f!.range), 'schedule_interval');
    // Delete it again (a multi-character replacement).
    doc.applyChange({ range: { start: at, end: { line: 2, character: at.character + '_interval'.length } }, text: '' });
    assert.equal(linter.lint(doc, target).findings.filter((x) => x.message.startsWith('Argument')).length, 0);
    assert.equal(doc.text, src);
  } finally {
    doc.dispose();
  }
});

test('incremental parse of random edits matches fresh parses (unicode, CRLF)', async () => {
  const linter = await getLinter();
  let text = 'x = "ü"\r\nfrom airflow.operators.dummy import DummyOperator\r\ny = [1, 2]\n';
  const doc = linter.open(text);
  let seed = 7;
  const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  const pieces = ['(', ')', 'a', '\n', '"', 'é', '😀', 'import x\n', '  ', '\r\n'];
  try {
    for (let i = 0; i < 40; i++) {
      const index = new TextIndex(text);
      const a = rand(text.length + 1);
      const b = Math.min(text.length, a + rand(4));
      // Never split a surrogate pair or a CRLF: editors do not produce such edits.
      if (/[\uDC00-\uDFFF]/.test(text[a] ?? '') || /[\uDC00-\uDFFF]/.test(text[b] ?? '')) continue;
      if ((text[a - 1] === '\r' && text[a] === '\n') || (text[b - 1] === '\r' && text[b] === '\n')) continue;
      const insert = pieces[rand(pieces.length)]!;
      doc.applyChange({ range: { start: index.positionAt(a), end: index.positionAt(b) }, text: insert });
      text = text.slice(0, a) + insert + text.slice(b);
      assert.equal(doc.text, text);
      const fresh = linter.open(text);
      assert.equal(doc.tree.rootNode.toString(), fresh.tree.rootNode.toString(), `after edit ${i}`);
      fresh.dispose();
    }
  } finally {
    doc.dispose();
  }
});

test('deferred edits move the text at once and the tree at the next read; a part parses at the file\'s offsets', async () => {
  const linter = await getLinter();
  let text = py('from airflow import DAG', 'with DAG("d") as dag:', '    def f():', '        x = "é😀"', '        return x', '    y = 2');
  const doc = linter.open(text);
  try {
    for (const [find, insert] of [['        x', 'zz'], ['return x', ' + 1'], ['y = 2', '3']] as const) {
      const at = text.indexOf(find) + find.length;
      const p = doc.preview({ range: { start: doc.index.positionAt(at), end: doc.index.positionAt(at) }, text: insert });
      doc.applyDeferred(p);
      text = text.slice(0, at) + insert + text.slice(at);
      assert.equal(doc.text, text);
    }
    assert.equal(doc.deferredEdits, 3);
    // Positions of the edited tree follow the edits before any re-parse.
    const y = doc.editedTree.rootNode.descendantForIndex(text.indexOf('y = 2'));
    assert.deepEqual([y?.type, y?.startIndex, y?.parent?.type], ['identifier', text.indexOf('y = 2'), 'assignment']);
    const fresh = linter.open(text);
    assert.equal(fresh.tree.rootNode.hasError, false);
    assert.equal(doc.tree.rootNode.toString(), fresh.tree.rootNode.toString());
    assert.equal(doc.deferredEdits, 0);
    fresh.dispose();
    // Header lines, then the statement's line: the nodes keep the whole text's offsets.
    const line = text.indexOf('        xzz');
    const part = doc.parsePart(text, doc.index, [{ start: text.indexOf('with'), end: line }, { start: line, end: text.indexOf('\n', line) }]);
    const x = part.rootNode.descendantForIndex(line + 8, line + 9);
    assert.deepEqual([x?.type, x?.startIndex, x?.text], ['identifier', line + 8, 'xzz']);
    assert.equal(part.rootNode.toString(), '(module (with_statement (with_clause (with_item value: (as_pattern (call function: (identifier) arguments: (argument_list (string (string_start) (string_content) (string_end)))) alias: (as_pattern_target (identifier))))) body: (block (function_definition name: (identifier) parameters: (parameters) body: (block (expression_statement (assignment left: (identifier) right: (string (string_start) (string_content) (string_end)))))))))');
    doc.releasePart(part);
  } finally {
    doc.dispose();
  }
});
