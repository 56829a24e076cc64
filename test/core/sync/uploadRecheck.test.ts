/**
 * A queued or restored upload re-reads its file minutes (or a reload) after the save was checked:
 * the file is checked again right before it is read, on its real path (still inside the bound
 * folder, a regular file, not on the never-upload list, still mapping to its key). A file replaced
 * by a link to ~/.aws/credentials after the save had been uploaded.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { SyncState } from '../../../src/core/sync/fileHash';
import { listLocalFiles } from '../../../src/core/sync/localFiles';
import { applyPlan, computePlan, listRemote } from '../../../src/core/sync/syncPlan';
import { SyncFilter } from '../../../src/core/sync/syncFilter';
import { UploadQueue, type QueueEvent } from '../../../src/core/sync/uploadQueue';
import { MemoryStore } from './memoryStore';

let root: string;
before(async () => {
  root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'upload-recheck-')));
});
const opened: UploadQueue[] = [];
after(async () => {
  for (const q of opened) await q.dispose();
  await fs.rm(root, { recursive: true, force: true });
});

const SECRET = '[default]\naws_secret_access_key = not-a-real-key\n';
let n = 0;
async function setup() {
  const dir = path.join(root, `case${++n}`);
  const folder = path.join(dir, 'dags');
  await fs.mkdir(folder, { recursive: true });
  const credentials = path.join(dir, 'home', '.aws', 'credentials');
  await fs.mkdir(path.dirname(credentials), { recursive: true });
  await fs.writeFile(credentials, SECRET);
  const binding = { folder, bucket: 'bucket', prefix: 'dags' };
  const store = new MemoryStore();
  const state = await SyncState.load(undefined);
  const pendingFile = path.join(dir, 'pending.json');
  const events: QueueEvent[] = [];
  const queue = (firstDelayMs = 0) => {
    const q = new UploadQueue({ store, state, pendingFile, binding, firstDelayMs });
    q.onEvent((e) => events.push(e));
    opened.push(q);
    return q;
  };
  const uploaded = () => [...store.objects.values()].map((o) => o.body.toString());
  return { dir, folder, credentials, binding, store, state, pendingFile, events, queue, uploaded };
}

const removedReason = (events: QueueEvent[], key: string) => events.flatMap((e) => (e.type === 'removed' && e.key === key ? [e.reason] : []))[0];

test('a queued file replaced by a link to ~/.aws/credentials before its upload runs is not read', async () => {
  const { folder, credentials, store, events, queue, uploaded } = await setup();
  const file = path.join(folder, 'a.py');
  await fs.writeFile(file, 'a = 1\n');
  const q = queue(100);
  q.enqueue({ file, key: 'dags/a.py' });
  await fs.rm(file);
  await fs.symlink(credentials, file);
  await q.whenIdle();
  assert.equal(store.calls.put, 0);
  assert.ok(!uploaded().includes(SECRET));
  assert.match(removedReason(events, 'dags/a.py') ?? '', /now a link to .*credentials', outside the bound DAG folder: not uploaded/);
});

test('restored uploads are checked too: a link out, a never-upload file, a key the file no longer maps to', async () => {
  const { folder, credentials, pendingFile, store, events, queue, uploaded } = await setup();
  await fs.symlink(credentials, path.join(folder, 'linked.py'));
  await fs.writeFile(path.join(folder, '.env'), 'TOKEN=secret\n');
  await fs.writeFile(path.join(folder, 'dag.py'), 'dag = 1\n');
  const items = [
    { file: path.join(folder, 'linked.py'), key: 'dags/linked.py', status: 'waiting', attempts: 0 },
    { file: path.join(folder, '.env'), key: 'dags/.env', status: 'waiting', attempts: 0 },
    { file: path.join(folder, 'dag.py'), key: 'dags/elsewhere.py', status: 'waiting', attempts: 0 },
    { file: credentials, key: 'dags/credentials.py', status: 'waiting', attempts: 0 },
  ];
  await fs.writeFile(pendingFile, JSON.stringify({ version: 1, items }));
  const q = queue();
  assert.equal(await q.restore(), 4);
  await q.whenIdle();
  assert.equal(store.calls.put, 0, JSON.stringify(uploaded()));
  assert.match(removedReason(events, 'dags/linked.py') ?? '', /outside the bound DAG folder/);
  assert.match(removedReason(events, 'dags/.env') ?? '', /never uploaded: environment files hold secrets/);
  assert.match(removedReason(events, 'dags/elsewhere.py') ?? '', /maps to dags\/dag\.py, not dags\/elsewhere\.py/);
  assert.match(removedReason(events, 'dags/credentials.py') ?? '', /outside the bound DAG folder/);
  assert.deepEqual(JSON.parse(await fs.readFile(pendingFile, 'utf8')).items, [], 'refused uploads leave the queue');
});

test('a link inside the folder to a never-upload file is not read', async () => {
  const { folder, store, events, queue } = await setup();
  await fs.writeFile(path.join(folder, '.env'), 'TOKEN=secret\n');
  await fs.writeFile(path.join(folder, 'settings.py'), 'x = 1\n');
  const q = queue(100);
  q.enqueue({ file: path.join(folder, 'settings.py'), key: 'dags/settings.py' });
  await fs.rm(path.join(folder, 'settings.py'));
  await fs.symlink(path.join(folder, '.env'), path.join(folder, 'settings.py'));
  await q.whenIdle();
  assert.equal(store.calls.put, 0);
  assert.match(removedReason(events, 'dags/settings.py') ?? '', /leads to '\.env', which is never uploaded/);
});

test('a queued file replaced by a named pipe is refused without blocking on it', { timeout: 10_000, skip: process.platform === 'win32' }, async () => {
  const { folder, store, events, queue } = await setup();
  const file = path.join(folder, 'pipe.py');
  await fs.writeFile(file, 'p = 1\n');
  const q = queue(100);
  q.enqueue({ file, key: 'dags/pipe.py' });
  await fs.rm(file);
  execFileSync('mkfifo', [file]);
  await q.whenIdle();
  assert.equal(store.calls.put, 0);
  assert.match(removedReason(events, 'dags/pipe.py') ?? '', /not a regular file/);
});

test('a regular queued file still uploads (and a folder sync of it)', async () => {
  const { folder, binding, store, state, queue } = await setup();
  const file = path.join(folder, 'ok.py');
  await fs.writeFile(file, 'ok = 1\n');
  const q = queue();
  q.enqueue({ file, key: 'dags/ok.py' });
  await q.whenIdle();
  assert.equal(store.objects.get('dags/ok.py')?.body.toString(), 'ok = 1\n');
  const filter = new SyncFilter();
  await fs.writeFile(path.join(folder, 'two.py'), 'two = 2\n');
  const plan = computePlan(await listLocalFiles(folder, filter), await listRemote(store), state, binding, filter);
  const result = await applyPlan(plan, { store, state });
  assert.deepEqual(result.failed, []);
  assert.deepEqual(plan.counts, { upload: 1, update: 0, unchanged: 1, conflict: 0, 'delete-remote': 0, pull: 0 });
  assert.equal(store.objects.get('dags/two.py')?.body.toString(), 'two = 2\n');
});

test('Sync Folder: a file replaced by a link out after the plan was made is not uploaded', async () => {
  const { folder, credentials, binding, store, state, uploaded } = await setup();
  const filter = new SyncFilter();
  await fs.writeFile(path.join(folder, 'late.py'), 'late = 1\n');
  const plan = computePlan(await listLocalFiles(folder, filter), [], state, binding, filter);
  await fs.rm(path.join(folder, 'late.py'));
  await fs.symlink(credentials, path.join(folder, 'late.py'));
  const result = await applyPlan(plan, { store, state, maxAttempts: 1 });
  assert.equal(result.failed.length, 1);
  assert.match(result.failed[0]!.message, /outside the bound DAG folder/);
  assert.ok(!uploaded().includes(SECRET));
});
