/**
 * Pulls write only inside the bound folder. A symlinked folder leading out of it made its S3 keys
 * look remote-only (the listing does not follow it), and Pull Folder wrote them through the link;
 * keys under `.GIT/` or `.VSCODE/` passed the case-sensitive never-touch list, though macOS and
 * Windows open them as `.git` and `.vscode` (and Windows drops trailing dots and spaces).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { SyncState } from '../../../src/core/sync/fileHash';
import { listLocalFiles } from '../../../src/core/sync/localFiles';
import { applyPlan, computePlan, listRemote, type SyncPlan } from '../../../src/core/sync/syncPlan';
import { SyncFilter } from '../../../src/core/sync/syncFilter';
import { MemoryStore } from './memoryStore';

let root: string;
before(async () => {
  root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'pull-guard-')));
});
after(() => fs.rm(root, { recursive: true, force: true }));

const exists = (p: string) => fs.lstat(p).then(() => true, () => false);
let n = 0;
async function setup() {
  const dir = path.join(root, `case${++n}`);
  const folder = path.join(dir, 'dags');
  const outside = path.join(dir, 'outside');
  await fs.mkdir(folder, { recursive: true });
  await fs.mkdir(outside, { recursive: true });
  await fs.writeFile(path.join(folder, 'dag.py'), 'dag = 1\n');
  const binding = { folder, bucket: 'bucket', prefix: 'dags' };
  const store = new MemoryStore();
  const state = await SyncState.load(undefined);
  const filter = new SyncFilter();
  const plan = async () => computePlan(await listLocalFiles(folder, filter), await listRemote(store), state, binding, filter);
  return { folder, outside, binding, store, state, filter, plan };
}

test('Pull Folder: keys under a symlinked folder leading out are neither listed locally nor pulled through the link', async () => {
  const { folder, outside, store, state, plan } = await setup();
  await fs.symlink(outside, path.join(folder, 'out'));
  await fs.writeFile(path.join(outside, 'private.txt'), 'not in the DAGs folder');
  store.write('dags/out/evil.py', 'written through the link');
  store.write('dags/out/nested/deep.py', 'deeper');
  store.write('dags/remote_only.py', 'r = 1\n');
  const p = await plan();
  assert.deepEqual(p.items.filter((i) => i.action === 'pull').map((i) => i.rel), ['remote_only.py']);
  assert.ok(!p.items.some((i) => i.rel.startsWith('out/')), 'nothing under the link is uploaded or pulled');
  assert.ok(p.skipped.some((s) => s.rel === 'out/evil.py' && /left alone.*'out' is a link/.test(s.reason)), JSON.stringify(p.skipped));
  const result = await applyPlan(p, { store, state });
  assert.deepEqual(result.failed, []);
  assert.equal(await exists(path.join(outside, 'evil.py')), false, 'nothing written outside the folder');
  assert.equal(await exists(path.join(outside, 'nested')), false, 'no folder created outside either');
  assert.equal(await fs.readFile(path.join(folder, 'remote_only.py'), 'utf8'), 'r = 1\n');
});

test('Pull Folder: a folder swapped for a link out after the plan was made is refused at write time', async () => {
  const { folder, outside, store, state, plan } = await setup();
  store.write('dags/later/evil.py', 'x');
  const p = await plan();
  assert.equal(p.counts.pull, 1);
  await fs.symlink(outside, path.join(folder, 'later')); // created between the plan and the apply
  const result = await applyPlan(p, { store, state, maxAttempts: 1 });
  assert.equal(result.failed.length, 1);
  assert.match(result.failed[0]!.message, /'later\/evil\.py' is not written from S3: the folder 'later' leads outside the bound DAG folder/);
  assert.equal(await exists(path.join(outside, 'evil.py')), false);
});

for (const key of ['dags/.GIT/config', 'dags/.VSCODE/tasks.json', 'dags/.git./hooks/post-checkout', 'dags/.git /config', 'dags/sub/.Git/HEAD', 'dags/.ENV', 'dags/.vscode./settings.json']) {
  test(`Pull Folder: ${key} is never pulled (names compared as macOS and Windows open them)`, async () => {
    const { folder, store, state, plan } = await setup();
    store.write(key, '[core]\n\thooksPath = /tmp/evil\n');
    const p = await plan();
    assert.equal(p.counts.pull, 0, JSON.stringify(p.items));
    await applyPlan(p, { store, state });
    const top = key.split('/')[1]!;
    assert.equal(await exists(path.join(folder, top)), false, `${top} not created`);
  });
}

test('a pull item naming a never-touch path (a plan made elsewhere) is refused at write time', async () => {
  const { folder, binding, store, state } = await setup();
  store.write('dags/.GIT/config', 'evil');
  const remote = (await listRemote(store))[0]!;
  const plan: SyncPlan = {
    binding, skipped: [],
    items: [{ action: 'pull', key: 'dags/.GIT/config', rel: '.GIT/config', file: path.join(folder, '.GIT', 'config'), remote }],
    counts: { upload: 0, update: 0, unchanged: 0, conflict: 0, 'delete-remote': 0, pull: 1 },
  };
  const result = await applyPlan(plan, { store, state, maxAttempts: 1 });
  assert.match(result.failed[0]?.message ?? '', /not written from S3: version-control folder \(\.GIT\/\)/);
  assert.equal(await exists(path.join(folder, '.GIT')), false);
});

test('a link inside the folder to .git is not listed (its files are never uploaded) and nothing is pulled through it', async () => {
  const { folder, store, state, plan } = await setup();
  await fs.mkdir(path.join(folder, '.git'));
  await fs.writeFile(path.join(folder, '.git', 'config'), '[core]\n');
  await fs.symlink(path.join(folder, '.git'), path.join(folder, 'gitlink'));
  store.write('dags/gitlink/hooks/pre-commit', '#!/bin/sh\necho evil\n');
  const p = await plan();
  assert.ok(!p.items.some((i) => i.rel.startsWith('gitlink/')), JSON.stringify(p.items.map((i) => [i.action, i.rel])));
  assert.ok(p.skipped.some((s) => s.rel === 'gitlink' && /link to \.git\/, which is never uploaded/.test(s.reason)), JSON.stringify(p.skipped));
  await applyPlan(p, { store, state });
  assert.equal(await exists(path.join(folder, '.git', 'hooks')), false);
});

test('a pull creates missing folders inside the folder, and never clobbers a file (or dangling link) made since the plan', async () => {
  const { folder, outside, store, state, plan } = await setup();
  store.write('dags/a/b/new.py', 'new = 1\n');
  store.write('dags/raced.py', 'theirs');
  const p = await plan();
  await fs.symlink(path.join(outside, 'missing.py'), path.join(folder, 'raced.py')); // dangling
  const result = await applyPlan(p, { store, state, maxAttempts: 1 });
  assert.equal(await fs.readFile(path.join(folder, 'a', 'b', 'new.py'), 'utf8'), 'new = 1\n');
  assert.match(result.failed.find((f) => f.key === 'dags/raced.py')?.message ?? '', /raced\.py now exists locally; not pulled over it/);
  assert.equal(await exists(path.join(outside, 'missing.py')), false, 'not written through the dangling link');
});
