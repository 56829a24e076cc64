import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseEventDict, renderLogMessage } from '../../../src/core/logs/airflow3Format';

const ts = Date.UTC(2025, 0, 2, 3, 4, 5, 678);

test('plain Airflow 2 lines pass through unchanged', () => {
  const line = '[2025-01-02, 03:04:05 UTC] {taskinstance.py:1234} INFO - Marking task as SUCCESS.';
  assert.equal(renderLogMessage(line + '\n', ts), line);
  assert.equal(parseEventDict('{not json'), undefined);
  assert.equal(parseEventDict('{"a": 1}'), undefined, 'JSON that is not an event dict stays raw');
});

test('event dicts render as one readable line with level, logger and extra fields', () => {
  const msg = JSON.stringify({ event: 'Task instance is in running state', level: 'info', logger: 'task.stdout', chan: 'stdout', ti_id: 'abc', try_number: 1 });
  assert.equal(renderLogMessage(msg, ts), '2025-01-02 03:04:05.678 INFO [task.stdout] Task instance is in running state  ti_id=abc try_number=1');
});

test('a timestamp inside the dict wins over the event time, trimmed to milliseconds', () => {
  const msg = JSON.stringify({ timestamp: '2025-01-02T03:04:05.123456Z', event: 'hello world', level: 'warning' });
  assert.equal(renderLogMessage(msg, 0), '2025-01-02 03:04:05.123 WARNING hello world');
});

test('exceptions render as Python tracebacks, causes first, with File/line frames', () => {
  const msg = JSON.stringify({
    event: 'Task failed with exception',
    level: 'error',
    logger: 'task',
    error_detail: [
      { exc_type: 'RuntimeError', exc_value: 'load failed', frames: [{ filename: '/usr/local/airflow/dags/orders_etl.py', lineno: 42, name: 'load' }] },
      { exc_type: 'KeyError', exc_value: "'id'", is_cause: true, frames: [{ filename: '/usr/local/airflow/dags/lib/rows.py', lineno: 7, name: 'key' }] },
    ],
  });
  const lines = renderLogMessage(msg, ts).split('\n');
  assert.equal(lines[0], '2025-01-02 03:04:05.678 ERROR [task] Task failed with exception');
  assert.deepEqual(lines.slice(1), [
    'Traceback (most recent call last):',
    '  File "/usr/local/airflow/dags/lib/rows.py", line 7, in key',
    "KeyError: 'id'",
    '',
    'The above exception was the direct cause of the following exception:',
    '',
    'Traceback (most recent call last):',
    '  File "/usr/local/airflow/dags/orders_etl.py", line 42, in load',
    'RuntimeError: load failed',
  ]);
});

test('values with spaces are quoted so extras stay parseable', () => {
  const msg = JSON.stringify({ event: 'e', note: 'two words', n: null });
  assert.match(renderLogMessage(msg, ts), /note="two words" n=null$/);
});
