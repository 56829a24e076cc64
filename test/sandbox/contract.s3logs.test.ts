/**
 * S3 and CloudWatch Logs contract through the sandbox fronts (moto behind them), with the
 * real SDK v3 clients, configured as a user would: endpoint overrides from the sandbox's exports.
 */
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  CloudWatchLogsClient, CreateLogStreamCommand, DescribeLogStreamsCommand, FilterLogEventsCommand, GetLogEventsCommand, PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { clientConfig, signedJson } from '../../sandbox/src/mwaa/testing/helpers';
import { useSandbox } from './useSandbox';

describe('S3 and CloudWatch Logs through the sandbox', () => {
  const sandbox = useSandbox();

  it('S3: versioned PutObject into the DAG bucket, Head/Get by version, ListObjectsV2', async () => {
    const s3 = new S3Client(clientConfig(sandbox().endpoints.s3));
    const v1 = await s3.send(new PutObjectCommand({ Bucket: 'airflow-sandbox-af2', Key: 'dags/a.py', Body: 'print(1)\n' }));
    const v2 = await s3.send(new PutObjectCommand({ Bucket: 'airflow-sandbox-af2', Key: 'dags/a.py', Body: 'print(2)\n' }));
    assert.ok(v1.VersionId && v2.VersionId && v1.VersionId !== v2.VersionId);
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'airflow-sandbox-af2', Key: 'dags/a.py' }));
    assert.equal(head.VersionId, v2.VersionId);
    const old = await s3.send(new GetObjectCommand({ Bucket: 'airflow-sandbox-af2', Key: 'dags/a.py', VersionId: v1.VersionId }));
    assert.equal(await old.Body?.transformToString(), 'print(1)\n');
    const list = await s3.send(new ListObjectsV2Command({ Bucket: 'airflow-sandbox-af2', Prefix: 'dags/' }));
    assert.deepEqual(list.Contents?.map((o) => o.Key), ['dags/a.py']);
    s3.destroy();
  });

  it('Logs: the environment groups exist; PutLogEvents, FilterLogEvents, GetLogEvents, DescribeLogStreams', async () => {
    const logs = new CloudWatchLogsClient(clientConfig(sandbox().endpoints.logs));
    const group = 'airflow-sandbox-af2-Task';
    const stream = 'dag_id=etl/run_id=manual__2026-01-01T00_00_00+00_00/task_id=extract/attempt=1.log';
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
    const now = Date.now();
    await logs.send(new PutLogEventsCommand({ logGroupName: group, logStreamName: stream, logEvents: [
      { timestamp: now, message: 'INFO - starting' }, { timestamp: now + 1, message: 'ERROR - boom' },
    ] }));
    const filtered = await logs.send(new FilterLogEventsCommand({ logGroupName: group, logStreamNamePrefix: 'dag_id=etl/' }));
    assert.deepEqual(filtered.events?.map((e) => e.message), ['INFO - starting', 'ERROR - boom']);
    const got = await logs.send(new GetLogEventsCommand({ logGroupName: group, logStreamName: stream, startFromHead: true }));
    assert.equal(got.events?.length, 2);
    const streams = await logs.send(new DescribeLogStreamsCommand({ logGroupName: group }));
    assert.ok(streams.logStreams?.some((s) => s.logStreamName === stream));
    logs.destroy();
  });

  it('rejects a Logs request signed for another service', async () => {
    const r = await signedJson(sandbox().endpoints.logs, 'POST', '/', {}, { service: 'airflow' });
    assert.equal(r.status, 400);
    assert.equal(r.json.__type, 'InvalidSignatureException');
    assert.match(String(r.json.message), /serves "logs"/);
  });
});
