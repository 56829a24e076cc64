import assert from 'node:assert/strict';
import { test } from 'node:test';
import { logGroupsOf, parseLogGroupArn, stripWildcardSuffix } from '../../../src/core/logs/logGroups';

const arn = (kind: string) => `arn:aws:logs:us-east-1:123456789012:log-group:airflow-env1-${kind}:*`;

test('strips the trailing :* the documented ARNs carry, and only that', () => {
  assert.equal(stripWildcardSuffix(arn('Task')), 'arn:aws:logs:us-east-1:123456789012:log-group:airflow-env1-Task');
  assert.equal(stripWildcardSuffix('arn:aws:logs:us-east-1:123456789012:log-group:g'), 'arn:aws:logs:us-east-1:123456789012:log-group:g');
});

test('parses log group ARNs, other partitions included', () => {
  assert.deepEqual(parseLogGroupArn(arn('Task')), { region: 'us-east-1', account: '123456789012', name: 'airflow-env1-Task' });
  assert.equal(parseLogGroupArn('arn:aws-cn:logs:cn-north-1:123456789012:log-group:g')?.region, 'cn-north-1');
  assert.equal(parseLogGroupArn('arn:aws:s3:::bucket'), undefined);
});

test('lists the enabled and disabled groups of a LoggingConfiguration in a stable order', () => {
  const groups = logGroupsOf({
    SchedulerLogs: { Enabled: true, LogLevel: 'INFO', CloudWatchLogGroupArn: arn('Scheduler') },
    TaskLogs: { Enabled: true, LogLevel: 'INFO', CloudWatchLogGroupArn: arn('Task') },
    WebServerLogs: { Enabled: false, LogLevel: 'INFO', CloudWatchLogGroupArn: arn('WebServer') },
    WorkerLogs: { Enabled: true },
  });
  assert.deepEqual(groups.map((g) => [g.kind, g.name, g.enabled]), [
    ['Task', 'airflow-env1-Task', true],
    ['Scheduler', 'airflow-env1-Scheduler', true],
    ['WebServer', 'airflow-env1-WebServer', false],
  ]);
  assert.ok(groups.every((g) => !g.arn.endsWith(':*')));
  assert.deepEqual(logGroupsOf(undefined), []);
});
