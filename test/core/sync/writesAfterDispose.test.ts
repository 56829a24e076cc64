/**
 * Nothing is written after dispose(): a core test's cleanup hit ENOTEMPTY because an upload that
 * finished after its queue was disposed wrote the pending file (and the state) into the folder the
 * test had just removed, recreating it. Each case disposes, then triggers a write path, and
 * checks that no file appears.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { CoalescingWriter, SyncState } from '../../../src/core/sync/fileHash';
import type { PutOptions, PutResult } from '../../../src/core/sync/s3Store';
import { UploadQueue } from '../../../src/core/sync/uploadQueue';
import { MemoryStore } from './memoryStore';

let root: string;
before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'after-dispose-'));
});
after(() => fs.rm(root, { recursive: true, force: true }));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const exists = (p: string) => fs.stat(p).then(() => true, () => false);
let n = 0;
const caseDir = async () => {
  const dir = path.join(root, `case${++n}`);
  await fs.mkdir(dir, { recursive: true });
  return dir;
};

/** A store whose put finishes a while later whatever the abort says (a request already on the wire). */
class SlowStore extends MemoryStore {
  started = 0;
  override async put(key: string, body: Uint8Array, options: PutOptions = {}): Promise<PutResult> {
    this.started++;
    void options.signal; // ignored on purpose: the request is already out
    await sleep(150);
    return this.write(key, body);
  }
}

test('CoalescingWriter: a schedule() after dispose() writes nothing', async () => {
  const dir = await caseDir();
  const file = path.join(dir, 'w.json');
  const writer = new CoalescingWriter(file, () => '{}', 0);
  await writer.dispose();
  writer.schedule();
  await sleep(50);
  await writer.flush();
  assert.equal(await exists(file), false);
});

test('CoalescingWriter: dispose() writes what is pending at once (no write left on a timer)', async () => {
  const dir = await caseDir();
  const file = path.join(dir, 'w.json');
  let value = 1;
  const writer = new CoalescingWriter(file, () => JSON.stringify({ value }), 60_000);
  writer.schedule();
  await writer.flush();
  value = 2;
  writer.schedule(); // waits out the minute unless disposed
  const t0 = performance.now();
  await writer.dispose();
  assert.ok(performance.now() - t0 < 5_000);
  assert.deepEqual(JSON.parse(await fs.readFile(file, 'utf8')), { value: 2 });
  await fs.rm(dir, { recursive: true });
  value = 3;
  writer.schedule();
  await sleep(50);
  assert.equal(await exists(dir), false, 'the removed folder was not recreated');
});

test('SyncState: a set() after dispose() stays in memory and writes nothing', async () => {
  const dir = await caseDir();
  const file = path.join(dir, 'state.json');
  const state = await SyncState.load(file);
  await state.dispose();
  state.set('dags/a.py', { etag: 'e', localHash: 'h', uploadedAt: 'x' });
  await sleep(400); // past the state's 250 ms write interval
  await state.flush();
  assert.equal(await exists(file), false);
  assert.equal(state.get('dags/a.py')?.etag, 'e');
});

test('UploadQueue: an upload finishing after dispose() began writes nothing once dispose() resolved', async () => {
  const dir = await caseDir();
  const store = new SlowStore();
  const state = await SyncState.load(path.join(dir, 'state.json'));
  const pendingFile = path.join(dir, 'pending.json');
  const file = path.join(dir, 'a.py');
  await fs.writeFile(file, 'x = 1\n');
  const queue = new UploadQueue({ store, state, pendingFile });
  queue.enqueue({ file, key: 'dags/a.py' });
  for (let i = 0; i < 100 && store.started === 0; i++) await sleep(5);
  assert.equal(queue.statusOf('dags/a.py'), 'uploading');
  await queue.dispose();
  await state.flush();
  // What dispose() wrote last is final: the upload that finished meanwhile is in it.
  assert.deepEqual(JSON.parse(await fs.readFile(pendingFile, 'utf8')).items, []);
  await fs.rm(dir, { recursive: true });
  await sleep(400);
  assert.equal(await exists(dir), false, 'no pending or state write after dispose() recreated the folder');
});

test('UploadQueue: resume() and resolveConflict() after dispose() write nothing', async () => {
  const dir = await caseDir();
  const store = new MemoryStore();
  const state = await SyncState.load(undefined);
  const pendingFile = path.join(dir, 'pending.json');
  const file = path.join(dir, 'c.py');
  await fs.writeFile(file, 'mine');
  store.write('dags/c.py', 'theirs');
  const queue = new UploadQueue({ store, state, pendingFile });
  queue.enqueue({ file, key: 'dags/c.py' });
  await queue.whenIdle();
  assert.equal(queue.statusOf('dags/c.py'), 'conflict');
  await queue.dispose();
  await fs.rm(pendingFile);
  queue.resume();
  queue.resolveConflict('dags/c.py', 'overwrite');
  assert.equal(await queue.restore(), 0);
  await sleep(50);
  assert.equal(await exists(pendingFile), false);
  assert.equal(store.objects.get('dags/c.py')?.body.toString(), 'theirs', 'nothing uploaded after dispose()');
});
