// moto server from PyPI as the sandbox's S3 and CloudWatch Logs, driven through the real SDK v3 clients.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CloudWatchLogsClient, CreateLogGroupCommand, CreateLogStreamCommand, FilterLogEventsCommand, PutLogEventsCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import { GetBucketVersioningCommand, GetObjectCommand, ListObjectVersionsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { createVersionedBucket, motoS3Client, SANDBOX_CREDENTIALS, startMoto, type MotoHandle } from '../../sandbox/src/moto';

let moto: MotoHandle;
let runDir: string;

before(async () => {
  runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-moto-test-'));
  moto = await startMoto({ runDir });
}, { timeout: 300_000 });

after(async () => {
  await moto?.stop();
  fs.rmSync(runDir, { recursive: true, force: true });
});

test('moto listens on 127.0.0.1 only', () => {
  assert.match(moto.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
});

test('a sandbox bucket has versioning enabled and PutObject returns version ids', async () => {
  await createVersionedBucket(moto.endpoint, 'sandbox-dags');
  await createVersionedBucket(moto.endpoint, 'sandbox-dags'); // idempotent
  const s3 = motoS3Client(moto.endpoint);
  try {
    assert.equal((await s3.send(new GetBucketVersioningCommand({ Bucket: 'sandbox-dags' }))).Status, 'Enabled');
    const v1 = await s3.send(new PutObjectCommand({ Bucket: 'sandbox-dags', Key: 'requirements.txt', Body: 'boto3\n' }));
    const v2 = await s3.send(new PutObjectCommand({ Bucket: 'sandbox-dags', Key: 'requirements.txt', Body: 'boto3\nrequests\n' }));
    assert.ok(v1.VersionId && v2.VersionId, 'PutObject must return a VersionId on a versioned bucket');
    assert.notEqual(v1.VersionId, v2.VersionId);
    const old = await s3.send(new GetObjectCommand({ Bucket: 'sandbox-dags', Key: 'requirements.txt', VersionId: v1.VersionId }));
    assert.equal(await old.Body!.transformToString(), 'boto3\n');
    const versions = await s3.send(new ListObjectVersionsCommand({ Bucket: 'sandbox-dags', Prefix: 'requirements.txt' }));
    assert.equal(versions.Versions?.length, 2);
  } finally {
    s3.destroy();
  }
});

test('CloudWatch Logs CreateLogGroup / PutLogEvents / FilterLogEvents round-trip', async () => {
  const logs = new CloudWatchLogsClient({
    region: 'us-east-1', endpoint: moto.endpoint, credentials: SANDBOX_CREDENTIALS, disableHostPrefix: true,
  });
  try {
    const group = 'airflow-sandbox-test-Task';
    const stream = 'dag_id=hello/run_id=manual__2026-01-01T00_00_00+00_00/task_id=say/attempt=1.log';
    await logs.send(new CreateLogGroupCommand({ logGroupName: group }));
    await logs.send(new CreateLogStreamCommand({ logGroupName: group, logStreamName: stream }));
    const now = Date.now();
    await logs.send(new PutLogEventsCommand({
      logGroupName: group, logStreamName: stream,
      logEvents: [{ timestamp: now, message: 'first line' }, { timestamp: now + 1, message: 'second line ERROR' }],
    }));
    const all = await logs.send(new FilterLogEventsCommand({ logGroupName: group, logStreamNames: [stream] }));
    assert.deepEqual(all.events?.map((e) => e.message), ['first line', 'second line ERROR']);
    assert.equal(all.events?.[0]?.logStreamName, stream);
    const filtered = await logs.send(new FilterLogEventsCommand({ logGroupName: group, filterPattern: 'ERROR', logStreamNamePrefix: 'dag_id=hello/' }));
    assert.deepEqual(filtered.events?.map((e) => e.message), ['second line ERROR']);
  } finally {
    logs.destroy();
  }
});

test('a second start is warm: the venv is reused and the server is up within seconds', async () => {
  const t0 = Date.now();
  const second = await startMoto({ runDir });
  try {
    const ms = Date.now() - t0;
    assert.notEqual(second.endpoint, moto.endpoint);
    assert.ok(ms < 20_000, `warm moto start took ${ms} ms`);
  } finally {
    await second.stop();
  }
  // Stopped means the port is closed.
  await assert.rejects(fetch(`${second.endpoint}/moto-api/`, { signal: AbortSignal.timeout(2000) }));
});

/** Starts moto in a child Node process that prints the endpoint, then ends that parent by `how`. */
async function orphanCheck(how: 'SIGTERM' | 'SIGINT' | 'exit'): Promise<void> {
  const motoModule = path.resolve(__dirname, '../../sandbox/src/moto.js');
  const script = `require(${JSON.stringify(motoModule)}).startMoto({ runDir: ${JSON.stringify(runDir)} }).then((m) => {
    console.log('ENDPOINT ' + m.endpoint);
    ${how === 'exit' ? 'setTimeout(() => process.exit(0), 200);' : 'setInterval(() => {}, 1000);'}
  });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /ENDPOINT (\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', () => reject(new Error(`child exited before moto started: ${out}`)));
  });
  const up = await fetch(`${endpoint}/moto-api/`);
  assert.ok(up.status < 500);
  const exited = new Promise((r) => child.once('exit', r));
  if (how !== 'exit') child.kill(how);
  await exited;
  await assert.rejects(fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2000) }), `moto outlived a parent ended by ${how}`);
}

test('moto does not outlive its parent: SIGTERM, SIGINT or a plain exit', { timeout: 120_000 }, async () => {
  await orphanCheck('SIGTERM');
  await orphanCheck('SIGINT');
  await orphanCheck('exit');
});
