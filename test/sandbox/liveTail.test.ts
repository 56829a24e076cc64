/**
 * StartLiveTail through the real @aws-sdk/client-cloudwatch-logs (event stream over HTTP/1.1),
 * fed from events written to moto with PutLogEvents.
 */
import * as assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CloudWatchLogsClient, CreateLogStreamCommand, PutLogEventsCommand, StartLiveTailCommand, type StartLiveTailResponseStream,
} from '@aws-sdk/client-cloudwatch-logs';
import { clientConfig } from '../../sandbox/src/mwaa/testing/helpers';
import { useSandbox } from './useSandbox';

const GROUP = 'airflow-sandbox-af2-Task';
const ARN = `arn:aws:logs:us-east-1:123456789012:log-group:${GROUP}`;

describe('StartLiveTail', () => {
  let logs: CloudWatchLogsClient;
  const sandbox = useSandbox({ liveTail: { timeoutMs: 4000, intervalMs: 300 } });
  before(async () => {
    logs = new CloudWatchLogsClient(clientConfig(sandbox().endpoints.logs));
  });
  after(async () => {
    logs?.destroy();
  });

  async function put(stream: string, messages: string[]): Promise<void> {
    await logs.send(new CreateLogStreamCommand({ logGroupName: GROUP, logStreamName: stream })).catch((e: Error) => {
      if (e.name !== 'ResourceAlreadyExistsException') throw e;
    });
    const t = Date.now();
    for (let i = 0; i < messages.length; i += 5000) {
      await logs.send(new PutLogEventsCommand({ logGroupName: GROUP, logStreamName: stream, logEvents: messages.slice(i, i + 5000).map((message, j) => ({ timestamp: t + i + j, message })) }));
    }
  }

  /** Reads events until `until` says stop; returns everything seen and how the stream ended. */
  async function tail(input: ConstructorParameters<typeof StartLiveTailCommand>[0], until: (seen: StartLiveTailResponseStream[]) => boolean, onStart?: () => Promise<void>) {
    const ac = new AbortController();
    const out = await logs.send(new StartLiveTailCommand(input), { abortSignal: ac.signal });
    const seen: StartLiveTailResponseStream[] = [];
    let error: Error | undefined;
    try {
      for await (const ev of out.responseStream ?? []) {
        seen.push(ev);
        if (ev.sessionStart && onStart) await onStart();
        if (until(seen)) break;
      }
    } catch (err) {
      error = err as Error;
    } finally {
      ac.abort();
    }
    return { seen, error };
  }

  const results = (seen: StartLiveTailResponseStream[]) => seen.flatMap((e) => e.sessionUpdate?.sessionResults ?? []);

  it('streams sessionStart, then sessionUpdates with events put after the start, honouring the prefix', async () => {
    await put('dag_id=old/run_id=x/task_id=t/attempt=1.log', ['before the session']);
    const { seen, error } = await tail({ logGroupIdentifiers: [ARN], logStreamNamePrefixes: ['dag_id=etl/'] },
      (s) => results(s).length >= 2,
      async () => {
        await put('dag_id=etl/run_id=r1/task_id=a/attempt=1.log', ['line one', 'line two']);
        await put('dag_id=other/run_id=r1/task_id=a/attempt=1.log', ['not in the prefix']);
      });
    assert.equal(error, undefined);
    assert.equal(seen[0]?.sessionStart?.logGroupIdentifiers?.[0], ARN);
    assert.deepEqual(seen[0]?.sessionStart?.logStreamNamePrefixes, ['dag_id=etl/']);
    assert.ok(seen[0]?.sessionStart?.sessionId);
    const r = results(seen);
    assert.deepEqual(r.map((e) => e.message), ['line one', 'line two']);
    assert.equal(r[0]?.logStreamName, 'dag_id=etl/run_id=r1/task_id=a/attempt=1.log');
    assert.equal(r[0]?.logGroupIdentifier, ARN);
    assert.ok(typeof r[0]?.timestamp === 'number' && typeof r[0]?.ingestionTime === 'number');
    assert.ok(seen.filter((e) => e.sessionUpdate).every((e) => e.sessionUpdate?.sessionMetadata?.sampled === false));
  });

  it('applies logEventFilterPattern and marks sampled updates above 500 events', async () => {
    const filtered = await tail({ logGroupIdentifiers: [ARN], logEventFilterPattern: 'ERROR -retry' },
      (s) => results(s).length >= 1 && s.length > 3,
      () => put('dag_id=f/run_id=r/task_id=t/attempt=1.log', ['INFO ok', 'ERROR retry later', 'ERROR final']));
    assert.deepEqual(results(filtered.seen).map((e) => e.message), ['ERROR final']);

    const many = Array.from({ length: 1200 }, (_, i) => `event ${i}`);
    const sampled = await tail({ logGroupIdentifiers: [ARN], logStreamNames: ['dag_id=s/run_id=r/task_id=t/attempt=1.log'] },
      (s) => s.some((e) => e.sessionUpdate?.sessionMetadata?.sampled),
      () => put('dag_id=s/run_id=r/task_id=t/attempt=1.log', many));
    const update = sampled.seen.find((e) => e.sessionUpdate?.sessionMetadata?.sampled)!.sessionUpdate!;
    assert.equal(update.sessionResults?.length, 500);
  });

  it('ends with SessionTimeoutException after the configured session time', async () => {
    const t0 = Date.now();
    const { seen, error } = await tail({ logGroupIdentifiers: [ARN] }, (s) => Boolean(s.at(-1)?.SessionTimeoutException));
    const timeout = error?.name === 'SessionTimeoutException' || Boolean(seen.at(-1)?.SessionTimeoutException);
    assert.ok(timeout, `expected SessionTimeoutException, got ${error?.name ?? JSON.stringify(seen.at(-1))}`);
    assert.ok(Date.now() - t0 >= 3900);
  });

  it('validates before the stream opens', async () => {
    await assert.rejects(logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [`${ARN}:*`] })),
      (e: Error) => e.name === 'InvalidParameterException' && /must not end with/.test(e.message));
    await assert.rejects(logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [GROUP] })),
      (e: Error) => e.name === 'InvalidParameterException' && /ARN/.test(e.message));
    await assert.rejects(logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [`${ARN}-nope`] })),
      (e: Error) => e.name === 'ResourceNotFoundException');
    await assert.rejects(logs.send(new StartLiveTailCommand({ logGroupIdentifiers: [ARN, ARN.replace('Task', 'Worker')], logStreamNames: ['x'] })),
      (e: Error) => e.name === 'InvalidParameterException' && /exactly one log group/.test(e.message));
  });
});
