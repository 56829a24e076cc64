import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { md5Hex, SyncState } from '../../../src/core/sync/fileHash';
import { listLocalFiles } from '../../../src/core/sync/localFiles';
import { applyPlan, computePlan, listRemote } from '../../../src/core/sync/syncPlan';
import { SyncFilter } from '../../../src/core/sync/syncFilter';
import { MemoryStore, serverError } from './memoryStore';

let root: string;
before(async () => {
  root = await fs.mkdtemp(path.join(os.tmpdir(), 'plan-'));
});
after(async () => {
  await fs.rm(root, { recursive: true, force: true });
});

async function tree(name: string, files: Record<string, string>) {
  const folder = path.join(root, name);
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(folder, rel)), { recursive: true });
    await fs.writeFile(path.join(folder, rel), content);
  }
  return { folder, binding: { folder, bucket: 'bucket', prefix: 'dags' } };
}

test('plan: upload / update / unchanged / conflict / pull, never-upload files skipped', async () => {
  const { folder, binding } = await tree('p1', {
    'new.py': 'new', 'same.py': 'same', 'ours.py': 'ours v2', 'theirs.py': 'mine', 'sub/helper.py': 'h',
    '.env': 'SECRET=1', '__pycache__/x.pyc': 'bin', '.git/HEAD': 'ref', 'notes.md': 'n',
  });
  await fs.symlink('/etc/hostname', path.join(folder, 'leak.py'));
  const store = new MemoryStore();
  store.write('dags/same.py', 'same');
  store.write('dags/ours.py', 'ours v1');
  store.write('dags/theirs.py', 'changed by a colleague');
  store.write('dags/remote_only.py', 'r');
  store.write('dags/.env', 'stray');
  store.write('plugins.zip', 'outside the prefix');
  const state = await SyncState.load(undefined);
  state.set('dags/ours.py', { etag: md5Hex('ours v1'), localHash: md5Hex('ours v1'), uploadedAt: 'x' });
  state.set('dags/theirs.py', { etag: md5Hex('mine'), localHash: md5Hex('mine'), uploadedAt: 'x' });
  const filter = new SyncFilter(['*.md']);
  const local = await listLocalFiles(folder, filter);
  const plan = computePlan(local, await listRemote(store), state, binding, filter);
  const byRel = Object.fromEntries(plan.items.map((i) => [i.rel, i.action]));
  assert.deepEqual(byRel, {
    'new.py': 'upload', 'same.py': 'unchanged', 'ours.py': 'update', 'theirs.py': 'conflict', 'sub/helper.py': 'upload', 'remote_only.py': 'pull',
  });
  assert.deepEqual(plan.counts, { upload: 2, update: 1, unchanged: 1, conflict: 1, 'delete-remote': 0, pull: 1 });
  const skipped = plan.skipped.map((s) => s.rel).sort();
  assert.deepEqual(skipped, ['.env', '.git/', '__pycache__/', 'leak.py', 'notes.md']);

  const progress: number[] = [];
  const result = await applyPlan(plan, { store, state, onProgress: (p) => progress.push(p.done) });
  assert.deepEqual(result.failed, []);
  assert.equal(result.applied.upload, 2);
  assert.equal(result.applied.update, 1);
  assert.equal(result.applied.pull, 1);
  assert.equal(result.applied.conflict, 0);
  assert.equal(progress.length, 4);
  assert.equal(store.objects.get('dags/theirs.py')?.body.toString(), 'changed by a colleague', 'conflict not overwritten');
  assert.equal(store.objects.get('dags/ours.py')?.body.toString(), 'ours v2');
  assert.equal(await fs.readFile(path.join(folder, 'remote_only.py'), 'utf8'), 'r');
  assert.equal(store.objects.has('dags/.env'), true, 'a stray remote .env is neither pulled nor deleted');
  // A file already in S3 byte for byte is recorded as synced (the explorer shows its ✓).
  assert.deepEqual(state.get('dags/same.py') && { etag: state.get('dags/same.py')!.etag, localHash: state.get('dags/same.py')!.localHash }, { etag: md5Hex('same'), localHash: md5Hex('same') });

  // Re-plan: everything unchanged except the conflict.
  const again = computePlan(await listLocalFiles(folder, filter), await listRemote(store), state, binding, filter);
  assert.deepEqual({ ...again.counts }, { upload: 0, update: 0, unchanged: 5, conflict: 1, 'delete-remote': 0, pull: 0 });
});

test('deletes need explicit confirmation', async () => {
  const { folder, binding } = await tree('p2', { 'a.py': 'a' });
  const store = new MemoryStore();
  store.write('dags/old.py', 'old');
  const state = await SyncState.load(undefined);
  const filter = new SyncFilter();
  const plan = computePlan(await listLocalFiles(folder, filter), await listRemote(store), state, binding, filter, { remoteOnly: 'delete-remote' });
  assert.equal(plan.counts['delete-remote'], 1);
  await assert.rejects(applyPlan(plan, { store, state }), /confirm the deletion/);
  assert.equal(store.objects.has('dags/old.py'), true);
  await applyPlan(plan, { store, state, confirmDeletes: true });
  assert.equal(store.objects.has('dags/old.py'), false);
  assert.equal(store.objects.get('dags/a.py')?.body.toString(), 'a');
});

test('apply retries transient failures, reports permanent ones, and stops on abort', async () => {
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) files[`f${i}.py`] = `content ${i}`;
  const { folder, binding } = await tree('p3', files);
  const store = new MemoryStore();
  store.failPut = (_k, n) => (n % 4 === 0 ? serverError() : undefined);
  const state = await SyncState.load(undefined);
  const filter = new SyncFilter();
  const plan = computePlan(await listLocalFiles(folder, filter), [], state, binding, filter);
  const result = await applyPlan(plan, { store, state, backoff: { baseMs: 1, maxMs: 5 } });
  assert.deepEqual(result.failed, []);
  assert.equal(store.objects.size, 40);

  const store2 = new MemoryStore();
  store2.latencyMs = 5;
  const ac = new AbortController();
  const r2 = await applyPlan(plan, { store: store2, state: await SyncState.load(undefined), signal: ac.signal, concurrency: 2, onProgress: (p) => p.done === 5 && ac.abort() });
  assert.equal(r2.cancelled, true);
  assert.ok(store2.objects.size < 40);
});
