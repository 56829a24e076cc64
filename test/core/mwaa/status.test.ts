import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KNOWN_STATUSES, statusInfo } from '../../../src/core/mwaa/status';

test('status semantics table', () => {
  const table = Object.fromEntries(
    KNOWN_STATUSES.map((s) => {
      const i = statusInfo(s);
      return [s, [i.usable, i.transitional, i.severity, i.icon]];
    }),
  );
  assert.deepEqual(table, {
    AVAILABLE: ['yes', false, 'ok', 'pass'],
    CREATING: ['no', true, 'progress', 'sync~spin'],
    PENDING: ['no', true, 'progress', 'clock'],
    UPDATING: ['no', true, 'progress', 'sync~spin'],
    CREATING_SNAPSHOT: ['no', true, 'progress', 'sync~spin'],
    ROLLING_BACK: ['no', true, 'warning', 'sync~spin'],
    UPDATE_FAILED: ['yes', false, 'warning', 'warning'],
    CREATE_FAILED: ['no', false, 'error', 'error'],
    UNAVAILABLE: ['no', false, 'error', 'error'],
    DELETING: ['no', true, 'progress', 'sync~spin'],
    DELETED: ['no', false, 'error', 'circle-slash'],
    MAINTENANCE: ['maybe', true, 'maintenance', 'tools'],
  });
});

test('labels and colours', () => {
  assert.equal(statusInfo('CREATING_SNAPSHOT').label, 'Creating snapshot');
  assert.equal(statusInfo('UPDATE_FAILED').color, 'charts.yellow');
  assert.equal(statusInfo('UNAVAILABLE').color, 'charts.red');
  assert.equal(statusInfo('available').status, 'AVAILABLE', 'case-insensitive');
  assert.match(statusInfo('UPDATE_FAILED').description, /usable/);
});

test('unknown statuses display readably and promise nothing', () => {
  const i = statusInfo('HIBERNATING_DEEPLY');
  assert.deepEqual(
    { status: i.status, label: i.label, usable: i.usable, transitional: i.transitional, severity: i.severity, icon: i.icon, color: i.color },
    { status: 'HIBERNATING_DEEPLY', label: 'Hibernating deeply', usable: 'maybe', transitional: false, severity: 'unknown', icon: 'question', color: undefined },
  );
  assert.equal(statusInfo(undefined).label, 'Unknown');
  assert.equal(statusInfo('').status, 'UNKNOWN');
});
