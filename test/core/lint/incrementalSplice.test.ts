/**
 * The edited statement parsed alone (issue #16, "Speed"): after every edit, inside one statement
 * or across several, the incremental result equals a full lint of the same text, whichever path
 * took it; the whole tree, re-parsed later, is the one a fresh parse gives; and the statements
 * that must not be parsed alone (a change escaping the statement, rules that read elsewhere) are not.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { IncrementalPythonLint } from '../../../src/core/lint/python/incrementalLint';
import type { PythonLinter } from '../../../src/core/lint/python/lintPython';
import { LintSession } from '../../../src/core/lint/python/lintSession';
import type { PythonDocument, TextChange } from '../../../src/core/lint/python/pythonParser';
import { TextIndex } from '../../../src/core/lint/textIndex';
import type { Finding } from '../../../src/core/lint/types';
import { bigDag } from './bigDag';
import { getLinter, py } from './lintSetup';
import { SPLICE_DOCS } from './incrementalDocs';

const TARGET = { airflowVersion: '3.0.6' };
const canon = (fs: readonly Finding[]) => fs.map((f) => JSON.stringify([f.range, f.code, f.severity, f.message, f.fixes, f.upgradeOnly ?? false])).sort();

/** Compares the incremental result with a full lint of the same text, and the re-parsed tree with a fresh one. */
function assertSameAsFull(linter: PythonLinter, inc: IncrementalPythonLint, text: string, what: string): void {
  assert.equal(inc.doc.text, text, what);
  const full = linter.lintText(text, TARGET);
  assert.deepEqual(canon(inc.current.findings), canon(full.findings), what);
  assert.deepEqual(inc.current.dags.map((d) => JSON.stringify(d)).sort(), full.dags.map((d) => JSON.stringify(d)).sort(), what);
}

/** `text` with [a, b) replaced by `insert`, and the editor's change for it. */
function edit(text: string, a: number, b: number, insert: string) {
  const index = new TextIndex(text);
  return { change: { range: { start: index.positionAt(a), end: index.positionAt(b) }, text: insert }, next: text.slice(0, a) + insert + text.slice(b) };
}

/** What is typed: mostly what keeps the file valid (the common keystroke), sometimes what escapes a statement or trips a gate. */
const SAFE = ['x', 'é', '😀', ' ', '1', '_interval', ', 2', ' + 1', '  # note', 'lambda: 0', '(1)', '[x]', '"s"', 'f(a=1)', '{{ ds }}', 'sla=1, ', 'provide_context=True, '];
const RISKY = [
  '\t', '(', ')', '[', ']', '{', '}', ':', ',', '"', "'", '"""', '\\', '#', '\n', '\n    ', '\n        ', '\n\t\t', '\r\n        ', 'if x: pass',
  'else:', 'return ', 'x = 1; y = 2', 'kwargs["next_ds"]', 'context["execution_date"]', 'dag.create_dagrun()', 'Variable.get("k")', 'import os',
  'START', 'start_date=datetime.now(), ', '{{ execution_date }}', 'class C: pass', 'global g', 'DummyOperator(task_id="d")',
  'c2["next_ds"]', 'ctx["next_ds"]', 'HOOK.run("x")', 'NOW', 'ARGS', 'run.external_trigger', 'events["s3://x"]', 'get_current_context()', 'made.create_dagrun()',
  'my_dag()', '\n        ctx = get_current_context()', 'Variable.get("k")',
];
const piece = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...SAFE) }, { weight: 1, arbitrary: fc.constantFrom(...RISKY) });

/** Where an edit lands: any line (kind 0), a column of an indented line (1-2), or in or after a name there (3-5). */
const position = fc.tuple(fc.nat(), fc.nat(), fc.nat(5)).map(([line, col, kind]) => ({ line, col, kind }));

function pickOffset(text: string, p: { line: number; col: number; kind: number }): number {
  const lines = text.split('\n');
  const starts: number[] = [];
  for (let i = 0, at = 0; i < lines.length; at += lines[i]!.length + 1, i++) starts.push(at);
  const indented = lines.map((l, i) => (/^[ \t]+\S/.test(l) ? i : -1)).filter((i) => i >= 0);
  const pool = p.kind === 0 || indented.length === 0 ? lines.map((_, i) => i) : indented;
  const line = pool[p.line % pool.length]!;
  const lineText = lines[line]!;
  let col = p.col % (lineText.length + 1);
  if (p.kind >= 3) {
    // Typing in or right after a name keeps most lines valid, as most keystrokes do.
    const names = [...lineText.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)].map((m) => m.index! + 1 + (p.col % m[0].length));
    if (names.length > 0) col = names[p.col % names.length]!;
  }
  let at = starts[line]! + col;
  // Editors never split a surrogate pair or a CRLF.
  if (/[\uDC00-\uDFFF]/.test(text[at] ?? '') || (text[at - 1] === '\r' && text[at] === '\n')) at--;
  return Math.max(0, at);
}

/** How far a deletion reaches: mostly inside the line, sometimes over several. */
const reach = fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.nat(3) }, { weight: 1, arbitrary: fc.nat(80) });


/** The edit is linted with the whole tree (not parsed alone), and the result equals a full lint. */
function assertWholeTreePath(linter: PythonLinter, text: string, e: { change: TextChange; next: string }, what: string): void {
  const inc = IncrementalPythonLint.open(linter, text, TARGET);
  try {
    inc.update(e.change);
    assertSameAsFull(linter, inc, e.next, what);
    assert.notEqual(inc.lastMode, 'splice', what);
  } finally {
    inc.doc.dispose();
  }
}
test('every edit, inside one statement or across several, gives the same findings as a full lint', async () => {
  const linter = await getLinter();
  const modes = { splice: 0, statement: 0, full: 0 };
  for (const [name, doc] of Object.entries(SPLICE_DOCS)) {
    // A fixture with a syntax error would only ever be linted in full.
    assert.deepEqual(linter.lintText(doc, TARGET).findings.filter((f) => f.code === 'MWAA001'), [], name);
    fc.assert(
      fc.property(fc.array(fc.tuple(position, reach, piece, fc.boolean()), { minLength: 1, maxLength: 8 }), (edits) => {
        const inc = IncrementalPythonLint.open(linter, doc, TARGET);
        try {
          let text = doc;
          for (const [i, [p, len, insert, undo]] of edits.entries()) {
            const a = pickOffset(text, p);
            let b = Math.min(text.length, a + len);
            if (/[\uDC00-\uDFFF]/.test(text[b] ?? '') || (text[b - 1] === '\r' && text[b] === '\n')) b--;
            const e = edit(text, a, Math.max(a, b), insert);
            const before = text;
            inc.update(e.change);
            text = e.next;
            modes[inc.lastMode]++;
            assertSameAsFull(linter, inc, text, `${name}, edit ${i}: ${JSON.stringify(e.change)}`);
            if (!undo) continue;
            // Undo: the removed text comes back (a valid file again, after a broken one).
            const u = edit(text, a, a + insert.length, before.slice(a, Math.max(a, b)));
            inc.update(u.change);
            text = u.next;
            modes[inc.lastMode]++;
            assertSameAsFull(linter, inc, text, `${name}, undo of edit ${i}`);
          }
          // The whole tree re-parsed at last: the one a fresh parse gives, every spliced statement confirmed.
          inc.flush();
          assert.equal(inc.spliceMismatches, 0, `${name}: a spliced statement differed from the whole tree's lint`);
          const fresh = linter.open(text);
          assert.equal(inc.doc.tree.rootNode.toString(), fresh.tree.rootNode.toString(), `${name}: tree after flush`);
          fresh.dispose();
          assertSameAsFull(linter, inc, text, `${name}, after flush`);
        } finally {
          inc.doc.dispose();
        }
      }),
      { numRuns: 120, seed: 16_0516 },
    );
  }
  // Both incremental paths are taken often enough to be tested, not just the fallback.
  assert.ok(modes.splice >= 250, `only ${modes.splice} statements parsed alone (${JSON.stringify(modes)})`);
  assert.ok(modes.statement >= 40, `only ${modes.statement} statements re-linted on the whole tree (${JSON.stringify(modes)})`);
});

test('keystrokes across a 2,000-line DAG are parsed alone, and the tree is re-parsed only when needed', async () => {
  const linter = await getLinter();
  // A finding after every edited line: shifting it wrongly shows.
  const start = bigDag() + '    tail = DummyOperator(task_id="tail", sla=None, task_concurrency=1)\n';
  const inc = IncrementalPythonLint.open(linter, start, TARGET);
  assert.ok(inc.current.findings.some((f) => f.range.start.line === 2000), 'no finding on the last line');
  try {
    let text = start;
    for (let i = 0; i < 120; i++) {
      // Type into a statement of a function body, into an operator call, then delete it again.
      const index = new TextIndex(text);
      const line = 8 + ((i >> 1) % 300) * 6 + (i % 4 < 2 ? 0 : 2);
      const col = i % 4 < 2 ? 8 : 12;
      const at = index.offsetAt({ line, character: col });
      const e = i % 2 === 0 ? edit(text, at, at, 'q') : edit(text, at, at + 1, '');
      inc.update(e.change);
      text = e.next;
      assert.equal(inc.lastMode, 'splice', `keystroke ${i} at ${line}:${col}`);
      if (i % 15 === 14) assertSameAsFull(linter, inc, text, `keystroke ${i}`);
    }
    assert.equal(text, start);
    assert.ok(inc.doc.deferredEdits > 0, 'the whole tree was re-parsed on a keystroke');
    inc.flush();
    assert.equal(inc.doc.deferredEdits, 0);
    assert.equal(inc.spliceMismatches, 0);
    const fresh = linter.open(text);
    assert.equal(inc.doc.tree.rootNode.toString(), fresh.tree.rootNode.toString());
    fresh.dispose();
  } finally {
    inc.doc.dispose();
  }
});

const BODY = py(
  'import pendulum',
  'from airflow import DAG',
  'from airflow.models import Variable',
  'LIMIT = 3',
  'with DAG("d", start_date=pendulum.datetime(2024, 1, 1)) as dag:',
  '    def cb(**kwargs):',
  '        v = kwargs["ti"]',
  '        w = [v,',
  '             v]',
  '        return w',
  '    class Helper:',
  '        def run(self):',
  '            return 1',
);

/** One edit of BODY: `find` located in it, `replace` put there (a change of that text). */
function typed(find: string, at: number, insert: string, remove = 0) {
  const offset = BODY.indexOf(find) + at;
  assert.ok(offset >= at, find);
  return edit(BODY, offset, offset + remove, insert);
}

test('an edit that would change how the rest of the file parses is re-parsed with the whole tree', async () => {
  const linter = await getLinter();
  const cases: [string, ReturnType<typeof typed>][] = [
    ['an unclosed bracket', typed('v = kwargs', 4, '(')],
    ['an unclosed string', typed('v = kwargs', 4, '"')],
    ['a line continuation at the end of a line', typed('v = kwargs["ti"]', 16, ' \\')],
    ['a new line indented less than the statement', typed('v = kwargs["ti"]', 16, '\n    z = 1')],
    ['a second statement', typed('v = kwargs["ti"]', 16, '\n        z = 1')],
    ['a change of the first line\'s indentation', typed('v = kwargs', 0, ' ')],
    ['a triple quote opening a string over the next lines', typed('v = kwargs', 4, '"""')],
  ];
  for (const [what, e] of cases) assertWholeTreePath(linter, BODY, e, what);
});

test('a statement whose findings depend on code elsewhere is linted with the whole tree', async () => {
  const linter = await getLinter();
  const doc = SPLICE_DOCS.context!;
  const at = (find: string, offset: number, insert: string, remove = 0) => {
    const i = doc.indexOf(find) + offset;
    assert.ok(i >= offset, find);
    return edit(doc, i, i + remove, insert);
  };
  // Each of these, linted from the statement's lines alone, would miss a finding the whole file gives.
  const cases: [string, ReturnType<typeof at>, string][] = [
    ['a context key read through a holder bound earlier in the function', at('value = 1', 8, 'c2["next_ds"]', 1), 'next_ds'],
    ['a module-level hook queried at module level', at('"select 1"', 8, '2', 1), 'Database query'],
    ['a module-level value followed by the start_date rule', at('{"start_date": datetime.datetime.now()}', 15, 'NOW', 'datetime.datetime.now()'.length), 'Dynamic start_date'],
  ];
  for (const [what, e, message] of cases) {
    assert.ok(linter.lintText(e.next, TARGET).findings.some((f) => f.message.includes(message)), `${what}: no finding to miss`);
    assertWholeTreePath(linter, doc, e, what);
  }
  // Other words the gates watch: the class rules read class bodies, `start_date` may lead to module values.
  for (const [what, e] of [['a statement inside a class', typed('return 1', 7, '2', 1)], ['start_date', typed('return w', 7, 'dict(start_date=1)', 1)]] as const) {
    const inc = IncrementalPythonLint.open(linter, BODY, TARGET);
    try {
      inc.update(e.change);
      assert.equal(inc.lastMode, 'statement', what);
      assertSameAsFull(linter, inc, e.next, what);
    } finally {
      inc.doc.dispose();
    }
  }
  // A member the rules follow through variables: the whole file (its binding may change findings elsewhere).
  const member = typed('return w', 7, 'dag.create_dagrun()', 1);
  const inc = IncrementalPythonLint.open(linter, BODY, TARGET);
  try {
    inc.update(member.change);
    assert.equal(inc.lastMode, 'full');
    assertSameAsFull(linter, inc, member.next, 'a member');
  } finally {
    inc.doc.dispose();
  }
  // The same places with a harmless edit are parsed alone: the gates are about the words, not the spot.
  for (const [what, e] of [['in the function', at('value = 1', 8, '2', 1)], ['a bracketed line', typed('w = [v,', 5, 'x')]] as const) {
    const one = IncrementalPythonLint.open(linter, what === 'in the function' ? doc : BODY, TARGET);
    try {
      one.update(e.change);
      assert.equal(one.lastMode, 'splice', what);
      assertSameAsFull(linter, one, e.next, what);
    } finally {
      one.doc.dispose();
    }
  }
});

test('reading the tree, or an edit in another spliced statement, re-parses it first', async () => {
  const linter = await getLinter();
  const inc = IncrementalPythonLint.open(linter, BODY, TARGET);
  try {
    let text = BODY;
    const step = (find: string, at: number, insert: string) => {
      const offset = text.indexOf(find) + at;
      const e = edit(text, offset, offset, insert);
      inc.update(e.change);
      text = e.next;
      return inc.lastMode;
    };
    assert.equal(step('return w', 8, 'x'), 'splice');
    assert.equal(step('w = [v,', 5, 'y'), 'splice');
    assert.equal(inc.doc.deferredEdits, 2);
    // Back in the first statement (no longer the last spliced): the tree is re-parsed first.
    assert.equal(step('return wx', 9, 'z'), 'splice');
    assert.equal(inc.doc.deferredEdits, 1);
    assertSameAsFull(linter, inc, text, 'after three edits');
    // Reading doc.tree brings it up to date; the next update checks the spliced statement against it.
    assert.equal(inc.doc.tree.rootNode.hasError, false);
    assert.equal(inc.doc.deferredEdits, 0);
    assert.equal(step('v = kwargs', 1, 'v'), 'splice');
    assert.equal(inc.spliceMismatches, 0);
    assertSameAsFull(linter, inc, text, 'after reading the tree');
  } finally {
    inc.doc.dispose();
  }
});

test('with splicing off, every statement edit re-parses the whole tree (the comparison path)', async () => {
  const linter = await getLinter();
  const inc = IncrementalPythonLint.open(linter, BODY, TARGET, { splice: false });
  try {
    const e = typed('return w', 7, 'x', 1);
    inc.update(e.change);
    assert.equal(inc.lastMode, 'statement');
    assert.equal(inc.doc.deferredEdits, 0);
    assertSameAsFull(linter, inc, e.next, 'splice off');
  } finally {
    inc.doc.dispose();
  }
});

test('the lint worker session re-parses spliced documents when idle, and reports a statement re-lint', async () => {
  const linter = await getLinter();
  // The session's documents, seen through the linter that opens them.
  const opened: PythonDocument[] = [];
  const watching = Object.create(linter, { open: { value: (text: string) => opened[opened.push(linter.open(text)) - 1] } }) as PythonLinter;
  const session = new LintSession(watching);
  try {
    assert.equal(session.lint({ key: 'k', text: BODY, target: TARGET }).mode, 'full');
    const e = typed('return w', 7, 'x', 1);
    const r = session.lint({ key: 'k', text: e.next, changes: [e.change], target: TARGET });
    assert.equal(r.mode, 'statement');
    assert.deepEqual(canon(r.findings), canon(linter.lintText(e.next, TARGET).findings));
    assert.equal(opened.length, 1);
    assert.equal(opened[0]!.deferredEdits, 1, 'the keystroke re-parsed the whole tree');
    session.idle();
    assert.equal(opened[0]!.deferredEdits, 0);
    const fresh = linter.open(e.next);
    assert.equal(opened[0]!.tree.rootNode.toString(), fresh.tree.rootNode.toString());
    fresh.dispose();
    // A deferred re-parse that fails drops the document: the next request opens it from its text.
    const again = typed('return w', 7, 'y', 1);
    assert.equal(session.lint({ key: 'k', text: again.next, changes: [{ ...again.change }], target: TARGET }).mode, 'statement');
    assert.equal(opened[0]!.deferredEdits, 1);
    opened[0]!.flush = () => {
      throw new Error('parse failed');
    };
    session.idle();
    const reopened = session.lint({ key: 'k', text: again.next, changes: [], target: TARGET });
    assert.equal(reopened.mode, 'full');
    assert.equal(opened.length, 2);
    assert.deepEqual(canon(reopened.findings), canon(linter.lintText(again.next, TARGET).findings));
  } finally {
    // Not session.dispose(): it would dispose the shared linter the other tests use.
    session.close('k');
  }
});
