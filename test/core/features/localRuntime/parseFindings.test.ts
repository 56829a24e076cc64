import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ParseResult } from '../../../../src/core/runtime/runtimeTypes';
import { findingsOf, mergeFindings, seconds, slowParseMessage, statusText } from '../../../../src/features/localRuntime/parseFindings';

const result = (over: Partial<ParseResult>): ParseResult => ({ file: '/d/a.py', dags: [], errors: [], parseMs: 120, timeoutSeconds: 30, ...over });

test('each import error goes on the file and 0-based line Airflow credits it to (a helper module too)', () => {
  const r = result({
    errors: [
      { file: '/d/a.py', line: 3, kind: 'syntax', message: 'SyntaxError: invalid syntax', detail: '' },
      { file: '/d/helpers/util.py', line: 10, kind: 'import', message: "ModuleNotFoundError: No module named 'nope'", detail: '' },
      { file: '/d/a.py', line: undefined, kind: 'cycle', message: 'Cycle detected in DAG x', detail: '' },
    ],
  });
  const f = findingsOf(r);
  assert.deepEqual(f.map((x) => [x.file, x.line, x.severity, x.code]), [
    ['/d/a.py', 2, 'error', 'local-syntax'], ['/d/helpers/util.py', 9, 'error', 'local-import'], ['/d/a.py', 0, 'error', 'local-cycle'],
  ]);
  assert.match(f[1]!.message, /^Import error .*No module named 'nope'/);
});

test('a parse past half of dagbag_import_timeout warns (not when it timed out, not below half)', () => {
  assert.equal(slowParseMessage(result({ parseMs: 15_000 })), undefined);
  assert.match(slowParseMessage(result({ parseMs: 15_001 })) ?? '', /took 15 s, more than half of core\.dagbag_import_timeout \(30 s\)/);
  assert.equal(slowParseMessage(result({ parseMs: 31_000, errors: [{ file: '/d/a.py', line: 1, kind: 'timeout', message: 'timed out', detail: '' }] })), undefined);
  const warned = findingsOf(result({ parseMs: 2_000, timeoutSeconds: 3 }));
  assert.deepEqual(warned.map((w) => [w.severity, w.code, w.line]), [['warning', 'local-slow-parse', 0]]);
});

test('status bar text: time, errors, slow', () => {
  assert.equal(statusText(result({ parseMs: 300 })), '$(pass) parsed in 0.3 s');
  assert.equal(statusText(result({ parseMs: 2_000, timeoutSeconds: 3 })), '$(warning) parsed in 2.0 s');
  assert.equal(statusText(result({ errors: [{ file: '/d/a.py', line: 1, kind: 'import', message: 'x', detail: '' }] })), '$(error) 1 import error (parsed in 0.1 s)');
  assert.equal(seconds(12_400), '12 s');
});

test('merging: a helper module shows what every parse said about it, once', () => {
  const helper = { file: '/d/h.py', line: 1, severity: 'error' as const, code: 'local-import', message: 'boom' };
  const merged = mergeFindings(new Map([['/d/a.py', [helper]], ['/d/b.py', [helper, { ...helper, file: '/d/b.py' }]]]));
  assert.equal(merged.get('/d/h.py')!.length, 1);
  assert.equal(merged.get('/d/b.py')!.length, 1);
  assert.equal(merged.has('/d/a.py'), false);
});

test('an error raised in a helper module of the project also goes on that module, at the raising line', () => {
  const detail = [
    'Traceback (most recent call last):',
    '  File "/venv/lib/python3.12/site-packages/airflow/models/dagbag.py", line 1, in _load',
    '  File "/d/a.py", line 2, in <module>',
    '    import helpers.h',
    '  File "/d/helpers/h.py", line 5, in <module>',
    '    raise RuntimeError("boom")',
    'RuntimeError: boom',
  ].join('\n');
  const r = result({ errors: [{ file: '/d/a.py', line: 2, kind: 'other', message: 'RuntimeError: boom', detail }] });
  const f = findingsOf(r, ['/d']);
  assert.deepEqual(f.map((x) => [x.file, x.line]), [['/d/a.py', 1], ['/d/helpers/h.py', 4]]);
  assert.match(f[1]!.message, /while Airflow imported a\.py: RuntimeError: boom/);
  assert.equal(findingsOf(r).length, 1, 'without the project folders only the DAG file');
  // Raised inside a library: nothing of the project to point at.
  const lib = detail.replace('/d/helpers/h.py', '/venv/lib/python3.12/site-packages/x.py');
  assert.equal(findingsOf(result({ errors: [{ file: '/d/a.py', line: 2, kind: 'other', message: 'x', detail: lib }] }), ['/d']).length, 1);
});

test('a library raising under a helper module: the helper\'s line that called it', () => {
  const detail = '  File "/d/a.py", line 2, in <module>\n  File "/d/h.py", line 9, in <module>\n  File "/venv/site-packages/lib.py", line 40, in f\nValueError: bad';
  const f = findingsOf(result({ errors: [{ file: '/d/a.py', line: 2, kind: 'other', message: 'ValueError: bad', detail }] }), ['/d']);
  assert.deepEqual(f.map((x) => [x.file, x.line]), [['/d/a.py', 1], ['/d/h.py', 8]]);
});
