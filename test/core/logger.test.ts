import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { createRedactingLogger, type LogLevel } from '../../src/core/logger';
import { anySecretForm } from './redactForms';

test('redacts message and details before the sink sees them', () => {
  const lines: [LogLevel, string][] = [];
  const log = createRedactingLogger((level, line) => lines.push([level, line]));
  log.info('token=abc123', { secretAccessKey: 'shh', region: 'us-east-1' });
  assert.equal(lines.length, 1);
  assert.equal(lines[0]![0], 'info');
  assert.doesNotMatch(lines[0]![1], /abc123|shh/);
  assert.match(lines[0]![1], /us-east-1/);
});

test('skips disabled levels without formatting', () => {
  const lines: string[] = [];
  let formatted = 0;
  const log = createRedactingLogger((_, line) => lines.push(line), (level) => level !== 'trace');
  log.trace('hidden', { toJSON: () => { formatted++; return 'x'; } });
  log.error('shown');
  assert.deepEqual(lines, ['shown']);
  assert.equal(formatted, 0);
});

test('no secret form of issue #13 reaches the sink: message, error detail or object detail', () => {
  fc.assert(
    fc.property(anySecretForm, (f) => {
      const lines: string[] = [];
      const log = createRedactingLogger((_, line) => lines.push(line));
      log.info(f.input);
      log.warn('fetch failed', new Error(f.input), { url: f.input, status: 401 });
      assert.equal(lines[0], f.expected);
      for (const line of lines) assert.ok(!line.includes(f.secret), `${f.form} leaked: ${line}`);
      assert.match(lines[1]!, /status":401/);
    }),
    { numRuns: 300 },
  );
});
