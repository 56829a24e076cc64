import assert from 'node:assert/strict';
import { test } from 'node:test';
import { colorizeLine, toTerminalText } from '../../../src/core/logs/ansiColor';

const strip = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

test('colouring never changes the text a person reads', () => {
  for (const line of [
    '[2025-01-02, 03:04:05 UTC] {taskinstance.py:1234} ERROR - Task failed',
    '2025-01-02 03:04:05.678 WARNING [task] slow  n=3',
    '  File "/usr/local/airflow/dags/etl.py", line 42, in load',
    "KeyError: 'id'",
    '── dag_id=etl task_id=load attempt=2 ──',
    'plain output from a print()',
  ]) {
    assert.equal(strip(colorizeLine(line)), line);
  }
});

test('levels, tracebacks and frames get their colours', () => {
  assert.match(colorizeLine('[t] {x.py:1} ERROR - boom'), /\x1b\[31mERROR/);
  assert.match(colorizeLine('2025-01-02 03:04:05 INFO [l] ok'), /\x1b\[32mINFO/);
  assert.match(colorizeLine('Traceback (most recent call last):'), /^\x1b\[31m/);
  assert.match(colorizeLine('  File "/a.py", line 3, in f'), /\x1b\[4m"\/a.py"/);
  assert.equal(colorizeLine('no level here'), 'no level here');
});

test('control characters from a log cannot drive the terminal', () => {
  const out = colorizeLine('evil \x1b]0;title\x07 \x1b[2J done');
  assert.doesNotMatch(out, /\x1b\]|\x07|\x1b\[2J/);
  assert.match(strip(out), /evil .*done/);
});

test('blocks become CRLF-terminated terminal text', () => {
  assert.equal(strip(toTerminalText('a\nb')), 'a\r\nb\r\n');
});

test('C1 controls (U+0080-U+009F) cannot drive the terminal either: U+009B is CSI to xterm', () => {
  const c1 = Array.from({ length: 0x20 }, (_, i) => String.fromCharCode(0x80 + i)).join('');
  for (const line of [
    'evil \u009b2J cleared',
    '\u0090q$ DCS\u009c and \u009d0;title\u0007 OSC \u009e PM \u009f APC \u0098 SOS',
    `all of C1: ${c1}`,
    '── stream\u009b31m ──',
    '[2025-01-02, 03:04:05 UTC] {x.py:1} ERROR - \u009b2J boom',
  ]) {
    const out = colorizeLine(line);
    assert.doesNotMatch(out, /[\u0080-\u009f]/, JSON.stringify(out));
    // Neutralised in place, visibly: nothing else of the line is lost.
    assert.equal(strip(out), line.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD'));
  }
  assert.equal(strip(colorizeLine('a\u009b2Jb')), 'a\uFFFD2Jb');
  assert.doesNotMatch(toTerminalText('x\u009b2J\ny\u0090z'), /[\u0080-\u009f]/);
});
