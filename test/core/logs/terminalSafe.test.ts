import assert from 'node:assert/strict';
import { test } from 'node:test';
import { neutraliseControls } from '../../../src/core/logs/terminalSafe';

test('every C0 (but tab and line feed), DEL and C1 control becomes a visible U+FFFD', () => {
  for (let code = 0; code <= 0xa0; code++) {
    const c = String.fromCharCode(code);
    const expected = c === '\t' || c === '\n' || (code >= 0x20 && code < 0x7f) || code === 0xa0 ? c : '\uFFFD';
    assert.equal(neutraliseControls(`a${c}b`), `a${expected}b`, `U+${code.toString(16).padStart(4, '0')}`);
  }
});

test('text a person reads is kept as it is', () => {
  for (const text of ['sandbox-af2 etl.load manual__2025-01-01T00:00:00+00:00', 'ünïcödé ✓ — “quotes” 日本語 😀', 'tab\there']) {
    assert.equal(neutraliseControls(text), text);
  }
  assert.equal(neutraliseControls('title \u009d0;pwned\u009c \u009b2J'), 'title \uFFFD0;pwned\uFFFD \uFFFD2J');
});
