import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRedactingLogger, type LogLevel } from '../../src/core/logger';

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
