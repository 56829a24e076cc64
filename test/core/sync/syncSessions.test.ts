import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { hasPendingUploads } from '../../../src/core/sync/pendingUploads';
import { SyncSessions, type BoundFolder } from '../../../src/core/sync/syncSessions';
import { MemoryStore, expired } from './memoryStore';

let root: string;
before(async () => {
  root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'sessions-')));
});
after(() => fs.rm(root, { recursive: true, force: true }));

let n = 0;
async function setup(trusted = true) {
  const dir = path.join(root, `case${++n}`);
  const folder = path.join(dir, 'dags');
  await fs.mkdir(folder, { recursive: true });
  const storageDir = path.join(dir, 'storage');
  const binding: BoundFolder = { folder, bucket: 'bkt', prefix: 'dags', envKey: '["p","r","e"]', profile: 'p', region: 'r', airflowMajor: 3 };
  const stores: MemoryStore[] = [];
  // Each make() is another window (one process here): its own id; a window id that is no pid counts as closed.
  let windows = 0;
  const make = (isTrusted = () => trusted) => new SyncSessions({
    storageDir,
    window: { windowId: `w${++windows}`, isAlive: () => false },
    storeFor: async (b) => {
      const s = new MemoryStore(b.bucket, b.prefix);
      stores.push(s);
      return s;
    },
    excludes: () => ['scratch/'],
    isTrusted,
    queue: { backoff: { baseMs: 5, maxMs: 10 } },
  });
  const write = async (rel: string, text: string) => {
    const f = path.join(folder, rel);
    await fs.mkdir(path.dirname(f), { recursive: true });
    await fs.writeFile(f, text);
    return f;
  };
  return { binding, make, write, stores, storageDir };
}

/** A window saves a.py while credentials have expired, then closes: the upload is left pending on disk. */
async function leavePendingUpload({ binding, make, write, stores, storageDir }: Awaited<ReturnType<typeof setup>>) {
  const first = make();
  await first.onSaved(await write('a.py', 'v1'), binding);
  const s1 = first.started()[0]!;
  // The store rejects with expired credentials: the queue pauses, nothing is dropped.
  stores[0]!.failPut = () => expired();
  await s1.queue.whenIdle();
  assert.equal(s1.queue.counts().paused, true);
  await first.dispose(); // the window closes
  assert.equal(await hasPendingUploads(storageDir), true);
}

test('untrusted workspace: a save queues nothing and no store is even created', async () => {
  const { binding, make, write, stores, storageDir } = await setup(false);
  const sessions = make();
  const outcome = await sessions.onSaved(await write('a.py', 'x'), binding);
  assert.equal(outcome.kind, 'untrusted');
  assert.match(outcome.kind === 'untrusted' ? outcome.message : '', /not trusted.*uploads nothing.*not queued/);
  assert.equal(stores.length, 0);
  assert.equal(sessions.started().length, 0);
  assert.equal(await hasPendingUploads(storageDir), false);
});

test('a save is routed and queued; excluded and rollout files are refused with the reason', async () => {
  const { binding, make, write, stores } = await setup();
  const sessions = make();
  const ok = await sessions.onSaved(await write('team/a.py', 'print(1)'), binding);
  assert.equal(ok.kind, 'queued');
  assert.equal(ok.kind === 'queued' && ok.key, 'dags/team/a.py');
  const s = sessions.started()[0]!;
  await s.queue.whenIdle();
  assert.equal(stores[0]!.objects.get('dags/team/a.py')?.body.toString(), 'print(1)');
  const excluded = await sessions.onSaved(await write('scratch/x.py', 'x'), binding);
  assert.match(excluded.kind === 'skipped' ? excluded.reason : '', /mwaa\.sync\.exclude/);
  const req = await sessions.onSaved(await write('requirements.txt', 'boto3'), binding);
  assert.match(req.kind === 'skipped' ? req.reason : '', /environment update/);
  assert.equal(stores[0]!.calls.put, 1);
  await sessions.dispose();
});

test('.airflowignore saved: the filter reloads (Airflow 3 glob syntax) and the file itself uploads', async () => {
  const { binding, make, write } = await setup();
  const sessions = make();
  await sessions.onSaved(await write('dag.py', 'from airflow import DAG'), binding);
  const s = sessions.started()[0]!;
  assert.equal(s.filter.parsedByAirflow('helpers/util.py'), true);
  const out = await sessions.onSaved(await write('.airflowignore', 'helpers/\n'), binding);
  assert.equal(out.kind, 'queued');
  assert.equal(s.filter.parsedByAirflow('helpers/util.py'), false);
  assert.equal(s.filter.shouldUpload('helpers/util.py'), true, 'ignored by Airflow, still uploaded');
  await sessions.dispose();
});

test('uploads left pending (paused on expired credentials) survive a reload and resume in the next window', async () => {
  const c = await setup();
  const { binding, make, stores, storageDir } = c;
  await leavePendingUpload(c);

  const second = make();
  assert.equal(await second.restorePending([{ ...binding, bucket: 'other' }]), 0, 'a binding to another bucket does not replay them');
  assert.equal(await second.restorePending([binding]), 1);
  const s2 = second.started().find((s) => s.binding.bucket === 'bkt')!;
  await s2.queue.whenIdle();
  assert.equal(stores.at(-1)!.objects.get('dags/a.py')?.body.toString(), 'v1');
  assert.equal(await hasPendingUploads(storageDir), false);
  await second.dispose();
});

test('pending uploads do not resume in an untrusted window; they do once trusted', async () => {
  const c = await setup();
  const { binding, make, stores, storageDir } = c;
  await leavePendingUpload(c);

  let trusted = false;
  const second = make(() => trusted);
  assert.equal(await second.restorePending([binding]), 0);
  // A session may still start (explorer decorations) without resuming anything.
  const s = await second.sessionFor(binding);
  assert.equal(s.queue.counts().waiting, 0);
  assert.equal(await hasPendingUploads(storageDir), true);
  trusted = true; // onDidGrantWorkspaceTrust
  assert.equal(await second.restorePending([binding]), 1);
  await s.queue.whenIdle();
  assert.equal(stores.at(-1)!.objects.get('dags/a.py')?.body.toString(), 'v1');
  await second.dispose();
});

test('unbinding stops a session: nothing more goes to the old bucket; its pending uploads wait on disk', async () => {
  const { binding, make, write, stores, storageDir } = await setup();
  const sessions = make();
  await sessions.onSaved(await write('a.py', 'v1'), binding);
  const s = sessions.started()[0]!;
  await s.queue.whenIdle();
  stores[0]!.latencyMs = 200;
  await sessions.onSaved(await write('a.py', 'v2'), binding);
  await sessions.retain([]); // the folder was unbound while the upload waited
  assert.equal(sessions.started().length, 0);
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(stores[0]!.objects.get('dags/a.py')?.body.toString(), 'v1', 'the aborted upload did not land');
  assert.equal(await hasPendingUploads(storageDir), true);
  await sessions.dispose();
});
