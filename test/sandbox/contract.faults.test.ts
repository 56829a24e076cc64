/**
 * Fault injection, set through the documented control endpoint `POST /__sandbox/faults`, as seen
 * by the real SDK clients (so the error shapes are what retry/recovery code will meet).
 */
import * as assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { CloudWatchLogsClient, FilterLogEventsCommand, StartLiveTailCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateCliTokenCommand, GetEnvironmentCommand, ListEnvironmentsCommand, MWAAClient } from '@aws-sdk/client-mwaa';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { FaultRule } from '../../sandbox/src/faults';
import { clientConfig } from '../../sandbox/src/mwaa/testing/helpers';
import { useSandbox } from './useSandbox';

describe('fault injection', () => {
  const setFaults = async (rules: FaultRule[], seed = 1) => {
    const r = await fetch(sandbox().endpoints.faults, { method: 'POST', body: JSON.stringify({ rules, seed }) });
    assert.equal(r.status, 200, await r.text());
  };
  const mwaa = (region = 'us-east-1', maxAttempts = 1) => new MWAAClient({ ...clientConfig(sandbox().endpoints.mwaa, region), maxAttempts });

  const sandbox = useSandbox({ synthetic: { count: 8 }, liveTail: { timeoutMs: 10_000, intervalMs: 200 } });
  beforeEach(async () => {
    await fetch(sandbox().endpoints.faults, { method: 'DELETE' });
  });

  it('throttling: ThrottlingException 429 surfaces without retries and is retried by the SDK default', async () => {
    await setFaults([{ kind: 'throttle', service: 'mwaa', operation: 'ListEnvironments', count: 1 }]);
    await assert.rejects(mwaa().send(new ListEnvironmentsCommand({})), (e: Error & { $metadata: { httpStatusCode?: number } }) =>
      e.name === 'ThrottlingException' && e.$metadata.httpStatusCode === 429);
    await setFaults([{ kind: 'throttle', service: 'mwaa', operation: 'ListEnvironments', count: 1 }]);
    const ok = await mwaa('us-east-1', 3).send(new ListEnvironmentsCommand({}));
    assert.equal(ok.$metadata.attempts, 2);
    const state = await (await fetch(sandbox().endpoints.faults)).json() as { rules: Array<{ fired: number; remaining: number }> };
    assert.equal(state.rules[0]?.fired, 1);
    assert.equal(state.rules[0]?.remaining, 0);
  });

  it('5xx, added latency and dropped connections', async () => {
    await setFaults([{ kind: 'serverError', operation: 'GetEnvironment', count: 1 }]);
    await assert.rejects(mwaa().send(new GetEnvironmentCommand({ Name: 'sandbox-af2' })), (e: Error) => e.name === 'InternalServerException');
    await setFaults([{ kind: 'latency', operation: 'GetEnvironment', latencyMs: 400, count: 1 }]);
    const t0 = Date.now();
    await mwaa().send(new GetEnvironmentCommand({ Name: 'sandbox-af2' }));
    assert.ok(Date.now() - t0 >= 400);
    await setFaults([{ kind: 'drop', operation: 'ListEnvironments', count: 1 }]);
    await assert.rejects(mwaa().send(new ListEnvironmentsCommand({})), (e: Error & { code?: string }) =>
      /socket hang up|ECONNRESET|EPIPE/.test(`${e.message} ${e.code ?? ''}`));
  });

  it('AccessDenied for one operation in one region only', async () => {
    await setFaults([{ kind: 'accessDenied', service: 'mwaa', operation: 'GetEnvironment', region: 'us-west-2' }]);
    await assert.rejects(mwaa('us-west-2').send(new GetEnvironmentCommand({ Name: 'synthetic-002' })),
      (e: Error & { $metadata: { httpStatusCode?: number } }) => e.name === 'AccessDeniedException' && e.$metadata.httpStatusCode === 403 && /airflow:GetEnvironment/.test(e.message));
    await mwaa('us-west-2').send(new ListEnvironmentsCommand({}));
    await mwaa('us-east-1').send(new GetEnvironmentCommand({ Name: 'sandbox-af2' }));
  });

  it('S3 SlowDown 503 and Logs ThrottlingException', async () => {
    await setFaults([{ kind: 'throttle', service: 's3', operation: 'PutObject' }, { kind: 'throttle', service: 'logs', operation: 'FilterLogEvents' }]);
    const s3 = new S3Client({ ...clientConfig(sandbox().endpoints.s3) });
    await assert.rejects(s3.send(new PutObjectCommand({ Bucket: 'airflow-sandbox-af2', Key: 'dags/x.py', Body: 'x' })),
      (e: Error & { $metadata: { httpStatusCode?: number } }) => e.name === 'SlowDown' && e.$metadata.httpStatusCode === 503);
    const logs = new CloudWatchLogsClient(clientConfig(sandbox().endpoints.logs));
    await assert.rejects(logs.send(new FilterLogEventsCommand({ logGroupName: 'airflow-sandbox-af2-Task' })), (e: Error) => e.name === 'ThrottlingException');
    s3.destroy();
    logs.destroy();
  });

  it('probabilistic faults are reproducible with a seed', async () => {
    const run = async () => {
      await setFaults([{ kind: 'serverError', operation: 'ListEnvironments', probability: 0.5 }], 42);
      const outcomes: boolean[] = [];
      for (let i = 0; i < 12; i++) outcomes.push(await mwaa().send(new ListEnvironmentsCommand({})).then(() => true, () => false));
      return outcomes;
    };
    const a = await run();
    assert.deepEqual(await run(), a);
    assert.ok(a.includes(true) && a.includes(false));
  });

  it('expired tokens at the webserver', async () => {
    await setFaults([{ kind: 'expiredToken', service: 'webserver', operation: 'cli' }]);
    const { CliToken, WebServerHostname } = await mwaa().send(new CreateCliTokenCommand({ Name: 'sandbox-af2' }));
    const r = await fetch(`http://${WebServerHostname}/aws_mwaa/cli`, { method: 'POST', headers: { authorization: `Bearer ${CliToken}` }, body: 'version' });
    assert.equal(r.status, 403);
    assert.match(JSON.stringify(await r.json()), /Expired CLI token/);
  });

  it('a live-tail stream cut mid-session', async () => {
    await setFaults([{ kind: 'liveTailCut', operation: 'StartLiveTail', afterMs: 700, count: 1 }]);
    const logs = new CloudWatchLogsClient(clientConfig(sandbox().endpoints.logs));
    const ac = new AbortController();
    const out = await logs.send(new StartLiveTailCommand({ logGroupIdentifiers: ['arn:aws:logs:us-east-1:123456789012:log-group:airflow-sandbox-af2-Task'] }), { abortSignal: ac.signal });
    const t0 = Date.now();
    let updates = 0;
    let failure: Error | undefined;
    try {
      for await (const ev of out.responseStream ?? []) {
        if (ev.sessionUpdate) updates++;
        if (ev.SessionTimeoutException) assert.fail('a cut is not a timeout');
      }
    } catch (err) {
      failure = err as Error;
    }
    ac.abort();
    logs.destroy();
    const elapsed = Date.now() - t0;
    assert.ok(elapsed < 5000, `the stream ended after ${elapsed} ms`);
    assert.ok(updates >= 1, 'some updates arrived before the cut');
    assert.ok(failure, 'the SDK reports the cut as an error');
  });
});
