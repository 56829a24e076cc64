import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { md5Hex, SyncState } from '../../src/core/sync/fileHash';
import { listLocalFiles } from '../../src/core/sync/localFiles';
import { S3DagStore, type DagObjectStore, type PutOptions } from '../../src/core/sync/s3Store';
import { applyPlan, computePlan, listRemote } from '../../src/core/sync/syncPlan';
import { SyncFilter } from '../../src/core/sync/syncFilter';
import { UploadQueue, type QueueEvent } from '../../src/core/sync/uploadQueue';
import { startSandbox, type Sandbox } from '../../sandbox/src/main';
import { putObjectFaults } from '../shared/faultMixes';

// DAG sync through the real SDK against the sandbox's S3 front (moto with versioning behind a
// fault-injecting proxy). Each test writes under its own sub-prefix of `dags/`.
const BUCKET = 'airflow-sandbox-af2';
let sandbox: Sandbox;
let client: S3Client;
let other: S3Client;
let work: string;

function s3(maxAttempts: number): S3Client {
  // The same options the client factory sets (no checksum override): ETag must still be the MD5.
  return new S3Client({
    region: 'us-east-1', endpoint: sandbox.endpoints.s3, forcePathStyle: true, maxAttempts,
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
  });
}

before(async () => {
  sandbox = await startSandbox({ envs: [], realEnvironments: ['sandbox-af2'] });
  // One attempt per SDK call: the retries under test are the queue's, not the SDK's.
  client = s3(1);
  other = s3(3);
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'sync-sandbox-'));
});

after(async () => {
  client?.destroy();
  other?.destroy();
  await sandbox?.stop();
  if (work) await fs.rm(work, { recursive: true, force: true });
});

async function faults(body: unknown): Promise<void> {
  const res = await fetch(sandbox.endpoints.faults, { method: body === null ? 'DELETE' : 'POST', body: body === null ? undefined : JSON.stringify(body) });
  assert.ok(res.ok, `fault control answered ${res.status}`);
}

/** Counts calls, so "unchanged -> no PutObject" is checked on the wire's side of the store. */
function counting(store: DagObjectStore) {
  const calls = { put: 0, head: 0 };
  const wrapped: DagObjectStore = Object.assign(Object.create(store) as DagObjectStore, {
    put: (k: string, b: Uint8Array, o?: { signal?: AbortSignal }) => (calls.put++, store.put(k, b, o)),
    head: (k: string, o?: { signal?: AbortSignal }) => (calls.head++, store.head(k, o)),
  });
  return { store: wrapped, calls };
}

/** An upload queue over `store` with its events recorded; `upload(job)` enqueues it and waits until the queue is idle. */
function recordingQueue(store: DagObjectStore, state: SyncState, debounceMs: number) {
  const queue = new UploadQueue({ store, state, debounceMs });
  const events: QueueEvent[] = [];
  queue.onEvent((e) => events.push(e));
  const upload = async (job: { file: string; key: string }) => {
    queue.enqueue(job);
    await queue.whenIdle();
  };
  return { queue, events, upload };
}

async function getText(key: string): Promise<{ text: string; versionId?: string; etag?: string }> {
  const out = await other.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return { text: await out.Body!.transformToString(), ...(out.VersionId ? { versionId: out.VersionId } : {}), ...(out.ETag ? { etag: out.ETag } : {}) };
}

async function folder(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(work, name);
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), content);
  }
  return dir;
}

test('save -> object at the mapped key with the content, a VersionId and ETag == MD5; unchanged save -> no PutObject', async () => {
  const dir = await folder('t1', { 'sub/my_dag.py': 'from airflow import DAG\n'.repeat(500) });
  const { store, calls } = counting(new S3DagStore(client, BUCKET, 'dags/t1'));
  const { queue, events, upload } = recordingQueue(store, await SyncState.load(path.join(dir, '..', 't1-state.json')), 10);
  const job = { file: path.join(dir, 'sub/my_dag.py'), key: 'dags/t1/sub/my_dag.py' };
  await upload(job);
  const got = await getText(job.key);
  assert.equal(got.text, 'from airflow import DAG\n'.repeat(500));
  assert.ok(got.versionId, 'versioned bucket returns a VersionId');
  assert.equal(got.etag, `"${md5Hex(got.text)}"`);
  const uploaded = events.find((e) => e.type === 'uploaded');
  assert.ok(uploaded && uploaded.type === 'uploaded' && uploaded.versionId === got.versionId && uploaded.etag === md5Hex(got.text));
  assert.equal(calls.put, 1);
  await upload(job);
  assert.equal(calls.put, 1, 'unchanged save: no PutObject');
  assert.equal(calls.head, 0, 'no HeadObject at all: the first put was conditional (If-None-Match), the unchanged save made no call');
  await queue.dispose();
});

test('1,000 saves with 10% injected PutObject failures (5xx, SlowDown, dropped connections): all 1,000 objects correct', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 1000; i++) files[`d${Math.floor(i / 100)}/dag_${i}.py`] = `# dag ${i}\n${'x = 1\n'.repeat(i % 50)}`;
  const dir = await folder('t2', files);
  await faults({ seed: 7, rules: putObjectFaults() });
  const store = new S3DagStore(client, BUCKET, 'dags/t2');
  const state = await SyncState.load(undefined);
  const queue = new UploadQueue({ store, state, debounceMs: 20, concurrency: 8, maxAttempts: 10, backoff: { baseMs: 20, maxMs: 500 } });
  let retries = 0;
  let uploaded = 0;
  queue.onEvent((e) => {
    if (e.type === 'failed' && e.willRetry) retries++;
    if (e.type === 'uploaded') uploaded++;
  });
  for (const rel of Object.keys(files)) queue.enqueue({ file: path.join(dir, rel), key: `dags/t2/${rel}` });
  await queue.whenIdle();
  const fired = (await (await fetch(sandbox.endpoints.faults)).json()) as { rules: Array<{ fired: number }> };
  await faults(null);
  assert.equal(queue.describe(), '');
  assert.equal(uploaded, 1000);
  assert.ok(retries >= 50, `expected ~100 retried failures, saw ${retries}`);
  // Two kinds can fire on one request, so the sandbox counts at least as many faults as we saw failures.
  assert.ok(fired.rules.reduce((a, r) => a + r.fired, 0) >= retries);
  const remote = await listRemote(store);
  assert.equal(remote.length, 1000);
  const byKey = new Map(remote.map((r) => [r.key, r.etag]));
  for (const [rel, content] of Object.entries(files)) assert.equal(byKey.get(`dags/t2/${rel}`), md5Hex(content), rel);
  // Bytes, not just ETags, for a sample.
  for (const rel of Object.keys(files).filter((_, i) => i % 97 === 0)) assert.equal((await getText(`dags/t2/${rel}`)).text, files[rel]);
  await queue.dispose();
});

test('remote edit by another client -> conflict, no silent overwrite', async () => {
  const dir = await folder('t3', { 'dag.py': 'v1' });
  const { queue, events, upload } = recordingQueue(new S3DagStore(client, BUCKET, 'dags/t3'), await SyncState.load(undefined), 0);
  const job = { file: path.join(dir, 'dag.py'), key: 'dags/t3/dag.py' };
  await upload(job);
  await other.send(new PutObjectCommand({ Bucket: BUCKET, Key: job.key, Body: 'edited in the console' }));
  await fs.writeFile(job.file, 'v2');
  await upload(job);
  assert.equal((await getText(job.key)).text, 'edited in the console');
  assert.equal(queue.statusOf(job.key), 'conflict');
  assert.ok(events.some((e) => e.type === 'conflict' && /changed in S3 by someone else/.test(e.message)));
  queue.resolveConflict(job.key, 'overwrite');
  await queue.whenIdle();
  assert.equal((await getText(job.key)).text, 'v2');
  await queue.dispose();
});

test('a write by another client racing ours is not overwritten: the conditional put (If-Match) is refused by S3', async () => {
  const dir = await folder('t3race', { 'dag.py': 'v1' });
  const real = new S3DagStore(client, BUCKET, 'dags/t3race');
  let race = false;
  // The other client's write lands after the queue decided to upload and before its put arrives:
  // the window a HeadObject-then-PutObject check leaves open.
  const store: DagObjectStore = Object.assign(Object.create(real) as DagObjectStore, {
    put: async (k: string, b: Uint8Array, o?: PutOptions) => {
      if (race) await other.send(new PutObjectCommand({ Bucket: BUCKET, Key: k, Body: 'their racing edit' }));
      return real.put(k, b, o);
    },
  });
  const { queue, events, upload } = recordingQueue(store, await SyncState.load(undefined), 0);
  const job = { file: path.join(dir, 'dag.py'), key: 'dags/t3race/dag.py' };
  await upload(job);
  race = true;
  await fs.writeFile(job.file, 'v2');
  await upload(job);
  assert.equal((await getText(job.key)).text, 'their racing edit');
  assert.equal(queue.statusOf(job.key), 'conflict');
  assert.ok(events.some((e) => e.type === 'conflict'));
  await queue.dispose();
});

test('pending uploads survive a simulated reload', async () => {
  const dir = await folder('t4', { 'a.py': 'A', 'b.py': 'B' });
  const pendingFile = path.join(work, 't4-pending.json');
  const store = new S3DagStore(client, BUCKET, 'dags/t4');
  const state = await SyncState.load(path.join(work, 't4-state.json'));
  await faults({ rules: [{ kind: 'serverError', service: 's3', operation: 'PutObject' }] });
  const q1 = new UploadQueue({ store, state, pendingFile, debounceMs: 0, maxAttempts: 2, backoff: { baseMs: 10, maxMs: 20 } });
  q1.enqueue({ file: path.join(dir, 'a.py'), key: 'dags/t4/a.py' });
  q1.enqueue({ file: path.join(dir, 'b.py'), key: 'dags/t4/b.py' });
  await q1.whenIdle();
  assert.equal(q1.describe(), '2 files failed to upload');
  await q1.dispose();
  await faults(null);

  const q2 = new UploadQueue({ store, state: await SyncState.load(path.join(work, 't4-state.json')), pendingFile, debounceMs: 0 });
  assert.equal(await q2.restore(), 2);
  await q2.whenIdle();
  assert.equal((await getText('dags/t4/a.py')).text, 'A');
  assert.equal((await getText('dags/t4/b.py')).text, 'B');
  assert.deepEqual(JSON.parse(await fs.readFile(pendingFile, 'utf8')).items, []);
  await q2.dispose();
});

test('folder sync plan over a paged listing (1,001 objects), then a no-change re-plan', async () => {
  const files: Record<string, string> = { '.env': 'SECRET=1', '__pycache__/x.pyc': 'b' };
  for (let i = 0; i < 1000; i++) files[`p/dag_${i}.py`] = `# ${i}`;
  const dir = await folder('t5', files);
  const store = new S3DagStore(client, BUCKET, 'dags/t5');
  await other.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'dags/t5/remote_only.py', Body: 'r' }));
  const state = await SyncState.load(undefined);
  const filter = new SyncFilter();
  const binding = { folder: dir, bucket: BUCKET, prefix: 'dags/t5' };
  const plan = computePlan(await listLocalFiles(dir, filter), await listRemote(store), state, binding, filter);
  assert.equal(plan.counts.upload, 1000);
  assert.equal(plan.counts.pull, 1);
  const result = await applyPlan(plan, { store, state });
  assert.deepEqual(result.failed, []);
  assert.equal(await fs.readFile(path.join(dir, 'remote_only.py'), 'utf8'), 'r');
  const remote = await listRemote(store);
  assert.equal(remote.length, 1001, 'listing pages past 1,000 keys');
  assert.ok(!remote.some((r) => r.key.endsWith('.env') || r.key.includes('__pycache__')));
  const again = computePlan(await listLocalFiles(dir, filter), remote, state, binding, filter);
  assert.equal(again.counts.unchanged, 1001);
});

test('remote delete removes the object under the DAG prefix and refuses anything outside it', async () => {
  const store = new S3DagStore(client, BUCKET, 'dags');
  const key = `dags/delete-me-${Date.now()}.py`;
  await client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: 'x = 1\n' }));
  await store.delete(key);
  await assert.rejects(client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key })), (e: unknown) => (e as { name?: string }).name === 'NoSuchKey');
  await assert.rejects(store.delete('requirements.txt'), /outside|prefix/i);
  await assert.rejects(store.delete('dags/../plugins.zip'), /outside|prefix|\.\./i);
});
