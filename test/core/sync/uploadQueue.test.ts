import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { md5Hex, SyncState } from '../../../src/core/sync/fileHash';
import { UploadQueue, type QueueEvent, type UploadQueueOptions } from '../../../src/core/sync/uploadQueue';
import { denied, dropped, expired, MemoryStore, serverError, throttle } from './memoryStore';

let dir: string;
before(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'queue-'));
});
// Queues and states still writing when the files are removed made rmdir fail (ENOTEMPTY): each
// is closed first, and rm retries what a last write may still add.
const opened: { queue: UploadQueue; state: SyncState }[] = [];
after(async () => {
  await Promise.all(opened.map(async ({ queue, state }) => {
    await queue.dispose().catch(() => undefined);
    await state.flush().catch(() => undefined);
  }));
  await fs.rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
});

let n = 0;
async function setup(extra: Partial<UploadQueueOptions> = {}) {
  const root = path.join(dir, `case${++n}`);
  await fs.mkdir(root, { recursive: true });
  const store = new MemoryStore();
  const state = await SyncState.load(path.join(root, 'state.json'));
  const events: QueueEvent[] = [];
  const queue = new UploadQueue({ store, state, pendingFile: path.join(root, 'pending.json'), debounceMs: 30, backoff: { baseMs: 5, maxMs: 20 }, ...extra });
  queue.onEvent((e) => events.push(e));
  opened.push({ queue, state });
  const file = async (name: string, content: string) => {
    const p = path.join(root, name);
    await fs.mkdir(path.dirname(p), { recursive: true });
    await fs.writeFile(p, content);
    return { file: p, key: `dags/${name}` };
  };
  return { root, store, state, queue, events, file };
}

test('uploads, then an unchanged save uploads nothing (no PutObject, no HeadObject)', async () => {
  const { store, queue, events, file, state } = await setup();
  const job = await file('a.py', 'print(1)');
  queue.enqueue(job);
  await queue.whenIdle();
  assert.equal(store.objects.get('dags/a.py')?.body.toString(), 'print(1)');
  assert.equal(state.get('dags/a.py')?.etag, md5Hex('print(1)'));
  assert.equal(state.get('dags/a.py')?.versionId, 'v1');
  assert.ok(events.some((e) => e.type === 'uploaded' && e.key === 'dags/a.py' && e.versionId === 'v1'));
  const before = { ...store.calls };
  queue.enqueue(job);
  await queue.whenIdle();
  assert.equal(store.calls.put, before.put);
  assert.equal(store.calls.head, before.head);
  assert.equal(events.at(-1)?.type, 'unchanged');
});

test('debounce and coalesce: a burst of saves of one file is one upload of the last content', async () => {
  const { store, queue, file } = await setup({ firstDelayMs: 300 }); // wide enough for file writes on a loaded machine
  let job = await file('b.py', 'v0');
  for (let i = 1; i <= 10; i++) {
    job = await file('b.py', `v${i}`);
    queue.enqueue(job);
  }
  assert.equal(queue.describe(), '1 file waiting to upload');
  await queue.whenIdle();
  assert.equal(store.calls.put, 1);
  assert.equal(store.objects.get('dags/b.py')?.body.toString(), 'v10');
});

test('leading edge: a lone save uploads at once; saves during the upload coalesce into one more', async () => {
  const { store, queue, file } = await setup({ debounceMs: 20 });
  store.latencyMs = 30;
  const t0 = Date.now();
  let job = await file('lead.py', 'v0');
  queue.enqueue(job);
  await new Promise((r) => setTimeout(r, 5));
  assert.equal(queue.statusOf('dags/lead.py'), 'uploading', 'no debounce before the first upload');
  for (let i = 1; i <= 5; i++) {
    job = await file('lead.py', `v${i}`);
    queue.enqueue(job);
  }
  await queue.whenIdle();
  assert.equal(store.calls.put, 2);
  assert.equal(store.objects.get('dags/lead.py')?.body.toString(), 'v5');
  assert.ok(Date.now() - t0 < 1000);
});

test('save-all burst: many files, bounded concurrency, counts message', async () => {
  const { store, queue, file } = await setup({ concurrency: 3, firstDelayMs: 30 });
  store.latencyMs = 10;
  // Written first, queued together (a save-all): the count is read before any upload can finish.
  const jobs = await Promise.all(Array.from({ length: 20 }, (_, i) => file(`m/${i}.py`, `x${i}`)));
  for (const job of jobs) queue.enqueue(job);
  assert.equal(queue.describe(), '20 files waiting to upload');
  await queue.whenIdle();
  assert.equal(store.objects.size, 20);
  assert.equal(store.maxInFlight, 3);
  assert.equal(queue.describe(), '');
});

test('a save during an upload uploads again afterwards', async () => {
  const { store, queue, file, events } = await setup({ debounceMs: 0 });
  store.latencyMs = 50;
  const job = await file('c.py', 'first');
  queue.enqueue(job);
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(queue.statusOf('dags/c.py'), 'uploading');
  await file('c.py', 'second');
  queue.enqueue(job);
  await queue.whenIdle();
  assert.equal(store.calls.put, 2);
  assert.equal(store.objects.get('dags/c.py')?.body.toString(), 'second');
  assert.equal(events.filter((e) => e.type === 'uploaded').length, 2);
});

test('throttling, 5xx and dropped connections are retried with backoff; nothing lost', async () => {
  const { store, queue, file, events } = await setup({ concurrency: 4 });
  const errors = [throttle, serverError, dropped];
  store.failPut = (_k, n) => (n % 3 === 0 ? errors[(n / 3) % 3]!() : undefined);
  for (let i = 0; i < 30; i++) queue.enqueue(await file(`r/${i}.py`, `content ${i}`));
  await queue.whenIdle();
  for (let i = 0; i < 30; i++) assert.equal(store.objects.get(`dags/r/${i}.py`)?.body.toString(), `content ${i}`);
  assert.ok(events.some((e) => e.type === 'failed' && e.willRetry && e.retryInMs !== undefined));
  // "uploaded" only for puts that succeeded: one per key.
  assert.equal(events.filter((e) => e.type === 'uploaded').length, 30);
});

test('retries run out -> failed, still pending and visible; resume retries', async () => {
  const { store, queue, file } = await setup({ maxAttempts: 2 });
  let fail = true;
  store.failPut = () => (fail ? serverError() : undefined);
  queue.enqueue(await file('f.py', 'x'));
  await queue.whenIdle();
  assert.equal(queue.statusOf('dags/f.py'), 'failed');
  assert.equal(queue.describe(), '1 file failed to upload');
  assert.equal(store.objects.size, 0);
  fail = false;
  queue.resume();
  await queue.whenIdle();
  assert.equal(store.objects.get('dags/f.py')?.body.toString(), 'x');
});

test('access denied is not retried', async () => {
  const { store, queue, file, events } = await setup();
  store.failPut = () => denied();
  queue.enqueue(await file('d.py', 'x'));
  await queue.whenIdle();
  assert.equal(store.calls.put, 1);
  assert.equal(queue.statusOf('dags/d.py'), 'failed');
  assert.ok(events.some((e) => e.type === 'failed' && !e.willRetry && /Access denied/i.test(e.message)));
});

test('expired credentials pause the queue without dropping uploads; resume continues', async () => {
  const { store, queue, file, events } = await setup();
  let creds = false;
  store.failPut = () => (creds ? undefined : expired());
  queue.enqueue(await file('p1.py', '1'));
  queue.enqueue(await file('p2.py', '2'));
  await queue.whenIdle();
  assert.equal(queue.counts().paused, true);
  assert.equal(queue.counts().waiting, 2);
  assert.equal(queue.describe(), '2 files waiting for credentials');
  assert.ok(events.some((e) => e.type === 'paused'));
  creds = true;
  queue.resume();
  await queue.whenIdle();
  assert.equal(store.objects.size, 2);
  assert.equal(queue.counts().waiting, 0);
});

test('remote edit by someone else -> conflict, no overwrite; overwrite on request', async () => {
  const { store, queue, file, events } = await setup();
  const job = await file('e.py', 'mine v1');
  queue.enqueue(job);
  await queue.whenIdle();
  store.write('dags/e.py', 'theirs');
  await file('e.py', 'mine v2');
  queue.enqueue(job);
  await queue.whenIdle();
  assert.equal(store.objects.get('dags/e.py')?.body.toString(), 'theirs');
  assert.equal(queue.statusOf('dags/e.py'), 'conflict');
  const c = events.find((e) => e.type === 'conflict');
  assert.ok(c && c.type === 'conflict' && /changed in S3 by someone else/.test(c.message));
  assert.equal(queue.describe(), '1 file in conflict');
  queue.resolveConflict('dags/e.py', 'overwrite');
  await queue.whenIdle();
  assert.equal(store.objects.get('dags/e.py')?.body.toString(), 'mine v2');
});

test('remote already equal to local -> nothing uploaded, state recorded', async () => {
  const { store, queue, file, state } = await setup();
  store.write('dags/same.py', 'same');
  queue.enqueue(await file('same.py', 'same'));
  await queue.whenIdle();
  // One conditional put (If-None-Match), refused by S3: no new object version.
  assert.equal(store.objects.get('dags/same.py')?.versionId, 'v1');
  assert.equal(state.get('dags/same.py')?.etag, md5Hex('same'));
});

test('conditional writes: new and changed files are one PutObject each, no HeadObject', async () => {
  const { store, queue, file } = await setup();
  queue.enqueue(await file('c.py', 'v1'));
  await queue.whenIdle();
  queue.enqueue(await file('c.py', 'v2'));
  await queue.whenIdle();
  assert.deepEqual([store.calls.put, store.calls.head], [2, 0]);
  assert.equal(store.objects.get('dags/c.py')?.body.toString(), 'v2');
});

test('a store without conditional writes (501): HeadObject before each put from then on, same safety', async () => {
  const { store, queue, file, events } = await setup();
  store.conditionalWrites = false;
  queue.enqueue(await file('n.py', 'v1'));
  await queue.whenIdle();
  queue.enqueue(await file('n.py', 'v2'));
  await queue.whenIdle();
  assert.equal(store.objects.get('dags/n.py')?.body.toString(), 'v2');
  assert.deepEqual([store.calls.put, store.calls.head], [3, 2], 'one refused conditional put, then head + put per upload');
  store.write('dags/n.py', 'theirs');
  queue.enqueue(await file('n.py', 'v3'));
  await queue.whenIdle();
  assert.equal(store.objects.get('dags/n.py')?.body.toString(), 'theirs');
  assert.equal(events.at(-1)?.type, 'conflict');
});

test('pending uploads survive a reload (dispose, new queue, restore)', async () => {
  const { root, store, queue, file, state } = await setup();
  let up = false;
  store.failPut = () => (up ? undefined : dropped());
  queue.enqueue(await file('s1.py', 'one'));
  queue.enqueue(await file('s2.py', 'two'));
  await new Promise((r) => setTimeout(r, 60));
  await queue.dispose();
  const saved = JSON.parse(await fs.readFile(path.join(root, 'pending.json'), 'utf8'));
  assert.equal(saved.version, 1);
  assert.deepEqual(saved.items.map((i: { key: string }) => i.key).sort(), ['dags/s1.py', 'dags/s2.py']);
  up = true;
  const reloaded = new UploadQueue({ store, state, pendingFile: path.join(root, 'pending.json'), debounceMs: 0, backoff: { baseMs: 5, maxMs: 20 } });
  assert.equal(await reloaded.restore(), 2);
  await reloaded.whenIdle();
  assert.equal(store.objects.get('dags/s1.py')?.body.toString(), 'one');
  assert.equal(store.objects.get('dags/s2.py')?.body.toString(), 'two');
  const after = JSON.parse(await fs.readFile(path.join(root, 'pending.json'), 'utf8'));
  assert.deepEqual(after.items, []);
});

test('a file deleted before its upload is dropped with a reason', async () => {
  const { queue, file, events } = await setup({ firstDelayMs: 30 });
  const job = await file('gone.py', 'x');
  queue.enqueue(job);
  await fs.rm(job.file);
  await queue.whenIdle();
  assert.ok(events.some((e) => e.type === 'removed' && /deleted/.test(e.reason)));
});

test('the store refuses keys outside the DAG prefix whatever the caller passes', async () => {
  const { queue, file, events } = await setup();
  const job = await file('x.py', 'x');
  queue.enqueue({ file: job.file, key: 'requirements.txt' });
  queue.enqueue({ file: job.file, key: 'dags/../plugins.zip' });
  await queue.whenIdle();
  assert.equal(events.filter((e) => e.type === 'failed' && !e.willRetry && /outside the DAGs folder/.test(e.message)).length, 2);
});

test('state file: atomic JSON with a version; corrupt file starts empty', async () => {
  const { root, queue, file, state } = await setup();
  queue.enqueue(await file('st.py', 'x'));
  await queue.whenIdle();
  await state.flush();
  const json = JSON.parse(await fs.readFile(path.join(root, 'state.json'), 'utf8'));
  assert.equal(json.version, 1);
  assert.equal(json.entries['dags/st.py'].localHash, md5Hex('x'));
  assert.equal((await SyncState.load(path.join(root, 'state.json'))).get('dags/st.py')?.etag, md5Hex('x'));
  await fs.writeFile(path.join(root, 'bad.json'), '{"version":1,"entr');
  assert.equal([...(await SyncState.load(path.join(root, 'bad.json'))).keys()].length, 0);
});
