import * as assert from 'node:assert/strict';
import { normaliseEnvironment } from '../../src/core/mwaa/environment';
import { createLogsPart } from '../../src/features/logs/logCommands';
import type { LogDocuments } from '../../src/features/logs/logDocuments';
import { COMMANDS } from '../../src/host/commandIds';
import { untrustedServices } from './untrustedServices';

/**
 * The logs feature in Restricted Mode. This runner's workspace is trusted, so the part is built as
 * the extension builds it but handed services whose trust says no: every other service (AWS, the
 * environments, notifications) throws if touched before the trust check.
 */
describe('logs in an untrusted workspace', () => {
  const key = JSON.stringify(['mwaa-sandbox', 'us-east-1', 'sandbox-af2']);
  // A node of the environments tree as its menus hand it over: it carries the environment itself,
  // so nothing on the way (the picker takes it as it is) would ask for trust.
  const group = (kind: string) => ({ Enabled: true, LogLevel: 'INFO', CloudWatchLogGroupArn: `arn:aws:logs:us-east-1:123456789012:log-group:airflow-sandbox-af2-${kind}:*` });
  const env = normaliseEnvironment({
    Name: 'sandbox-af2', Status: 'AVAILABLE', AirflowVersion: '2.11.2', SourceBucketArn: 'arn:aws:s3:::airflow-sandbox-af2',
    LoggingConfiguration: { SchedulerLogs: group('Scheduler'), TaskLogs: group('Task') },
  } as never, { profile: 'mwaa-sandbox', region: 'us-east-1' });
  const environmentNode = { kind: 'environment', key, env };

  function untrustedPart() {
    const { services: untrusted, calls } = untrustedServices();
    const documents = new Proxy({} as LogDocuments, {
      get(_, prop) {
        throw new Error(`documents.${String(prop)} used before the trust check`);
      },
    });
    return { part: createLogsPart(untrusted, documents), calls };
  }

  it('Tail Logs on an environment node is refused before anything is looked up', async () => {
    const { part, calls } = untrustedPart();
    const tail = part.commands[COMMANDS.logs.tailEnvironment]!;
    // From the tree (a person: it would ask which log) and from code (kind and pattern given).
    await assert.rejects(Promise.resolve(tail(environmentNode)), /not trusted/);
    await assert.rejects(Promise.resolve(tail(environmentNode, 'Scheduler', 'ERROR')), /not trusted/);
    await assert.rejects(Promise.resolve(tail(key, 'Scheduler')), /not trusted/);
    await assert.rejects(Promise.resolve(tail()), /not trusted/);
    assert.deepEqual(calls, ['trust', 'trust', 'trust', 'trust']);
  });

  it('Tail Run and Show Task Log are refused before anything is looked up, from the tree or from code', async () => {
    const { part, calls } = untrustedPart();
    const run = { envKey: key, dagId: 'etl', runId: 'manual__2025-01-01T00:00:00+00:00' };
    await assert.rejects(Promise.resolve(part.commands[COMMANDS.logs.tailRun]!({ runLog: run })), /not trusted/);
    await assert.rejects(Promise.resolve(part.commands[COMMANDS.logs.tailRun]!(environmentNode)), /not trusted/);
    await assert.rejects(Promise.resolve(part.commands[COMMANDS.logs.showTaskLogs]!({ taskLog: { ...run, taskId: 'load', tryNumber: 1 } })), /not trusted/);
    await assert.rejects(Promise.resolve(part.commands[COMMANDS.logs.showTaskLogs]!(environmentNode)), /not trusted/);
    assert.deepEqual(calls, ['trust', 'trust', 'trust', 'trust']);
  });
});
