/**
 * The user's Overwrite on a conflict is for one try: it was chosen for the object S3 held at that
 * moment. It had stayed in force after a failed try (so a later save overwrote whatever S3 held
 * then without asking) and across reloads (the pending file kept it).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { SyncState } from '../../../src/core/sync/fileHash';
import { UploadQueue, type QueueEvent, type UploadQueueOptions } from '../../../src/core/sync/uploadQueue';
import { denied, expired, MemoryStore } from './memoryStore';

let root: string;
before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'overwrite-once-'));
});
const opened: UploadQueue[] = [];
after(async () => {
  for (const q of opened) await q.dispose();
  await fs.rm(root, { recursive: true, force: true });
});

let n = 0;
async function conflicted(extra: Partial<UploadQueueOptions> = {}) {
  const dir = path.join(root, `case${++n}`);
  await fs.mkdir(dir, { recursive: true });
  const store = new MemoryStore();
  const state = await SyncState.load(path.join(dir, 'state.json'));
  const pendingFile = path.join(dir, 'pending.json');
  const file = path.join(dir, 'e.py');
  const key = 'dags/e.py';
  const events: QueueEvent[] = [];
  const make = () => {
    const q = new UploadQueue({ store, state, pendingFile, maxAttempts: 1, backoff: { baseMs: 1, maxMs: 2 }, ...extra });
    q.onEvent((e) => events.push(e));
    opened.push(q);
    return q;
  };
  const queue = make();
  await fs.writeFile(file, 'mine v1');
  queue.enqueue({ file, key });
  await queue.whenIdle();
  store.write(key, 'theirs');
  await fs.writeFile(file, 'mine v2');
  queue.enqueue({ file, key });
  await queue.whenIdle();
  assert.equal(queue.statusOf(key), 'conflict');
  return { store, queue, file, key, events, make, pendingFile };
}

test('an Overwrite whose try failed does not carry over to a later save: S3 changed again -> conflict again', async () => {
  const { store, queue, file, key } = await conflicted();
  store.failPut = () => denied();
  queue.resolveConflict(key, 'overwrite');
  await queue.whenIdle();
  assert.equal(queue.statusOf(key), 'failed', 'the one try failed');
  store.failPut = () => undefined;
  store.write(key, 'theirs 2'); // a colleague changes it again
  await fs.writeFile(file, 'mine v3');
  queue.enqueue({ file, key }); // a later save
  await queue.whenIdle();
  assert.equal(store.objects.get(key)?.body.toString(), 'theirs 2', 'their new change was not overwritten');
  assert.equal(queue.statusOf(key), 'conflict');
});

test('an Overwrite does not survive a reload: it is not saved, and the restored upload checks S3 again', async () => {
  const { store, queue, key, make, pendingFile } = await conflicted();
  store.failPut = () => expired(); // the try never reaches S3: the queue pauses
  queue.resolveConflict(key, 'overwrite');
  await queue.whenIdle();
  assert.equal(queue.counts().paused, true);
  await queue.dispose();
  assert.doesNotMatch(await fs.readFile(pendingFile, 'utf8'), /force/);
  store.failPut = () => undefined;
  store.write(key, 'theirs 2');
  const reloaded = make();
  assert.equal(await reloaded.restore(), 1);
  await reloaded.whenIdle();
  assert.equal(store.objects.get(key)?.body.toString(), 'theirs 2');
  assert.equal(reloaded.statusOf(key), 'conflict');
});

test('an Overwrite still overwrites on its one try', async () => {
  const { store, queue, key } = await conflicted();
  queue.resolveConflict(key, 'overwrite');
  await queue.whenIdle();
  assert.equal(store.objects.get(key)?.body.toString(), 'mine v2');
  assert.equal(queue.statusOf(key), undefined);
});
