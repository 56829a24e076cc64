/**
 * Several windows, one machine: each window keeps its own pending file per binding and resumes
 * what closed windows left only for folders open in it. Two windows had shared one pending file
 * (each writing its own set over the other's: a pending upload was lost), and any window resumed
 * every binding's uploads. A corrupt pending file is kept aside and reported, never emptied; a
 * pending or state file that cannot be written is reported once.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { SyncState } from '../../../src/core/sync/fileHash';
import { hasPendingUploads, sessionDir } from '../../../src/core/sync/pendingUploads';
import { SyncSessions, type BoundFolder } from '../../../src/core/sync/syncSessions';
import { UploadQueue } from '../../../src/core/sync/uploadQueue';
import { expired, MemoryStore } from './memoryStore';

let root: string;
before(async () => {
  root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'pending-windows-')));
});
after(() => fs.rm(root, { recursive: true, force: true }));

let n = 0;
async function machine() {
  const dir = path.join(root, `case${++n}`);
  const folder = path.join(dir, 'dags');
  await fs.mkdir(folder, { recursive: true });
  const storageDir = path.join(dir, 'storage');
  const binding: BoundFolder = { folder, bucket: 'bkt', prefix: 'dags', envKey: '["p","r","e"]', profile: 'p', region: 'r', airflowMajor: 3 };
  /** S3 as every window sees it; credentials expired until `credentials = true`. */
  const s3 = new MemoryStore();
  const state = { credentials: false };
  const alive = new Set<string>();
  const problems: string[] = [];
  const window = (id: string, isOpen: (folder: string) => boolean = () => true) => {
    alive.add(id);
    const sessions = new SyncSessions({
      storageDir,
      window: { windowId: id, isAlive: (w) => alive.has(w) },
      isOpen,
      storeFor: async () => {
        const store = new MemoryStore(); // this window's client, writing to the shared objects
        store.failPut = () => (state.credentials ? undefined : expired());
        Object.defineProperty(store, 'objects', { value: s3.objects });
        return store;
      },
      excludes: () => [],
      isTrusted: () => true,
      onStorageProblem: (m) => problems.push(m),
      queue: { backoff: { baseMs: 1, maxMs: 2 } },
    });
    return {
      sessions,
      close: async () => {
        await sessions.dispose();
        alive.delete(id);
      },
    };
  };
  const write = async (rel: string, text: string) => {
    const f = path.join(folder, rel);
    await fs.writeFile(f, text);
    return f;
  };
  const idle = (w: { sessions: SyncSessions }) => Promise.all(w.sessions.started().map((s) => s.queue.whenIdle()));
  return { binding, storageDir, s3, state, window, write, idle, problems, dir: () => sessionDir(storageDir, SyncSessions.idOf(binding)) };
}

test('two windows with the same folder: neither loses the other\'s pending upload', async () => {
  const m = await machine();
  const a = m.window('A');
  const b = m.window('B');
  await a.sessions.onSaved(await m.write('a.py', 'from A'), m.binding);
  await b.sessions.onSaved(await m.write('b.py', 'from B'), m.binding);
  await Promise.all([m.idle(a), m.idle(b)]); // both paused: credentials expired
  await a.close(); // A closes with a.py pending
  m.state.credentials = true;
  b.sessions.resumeAll();
  await m.idle(b); // B uploads b.py, and writes its (now empty) pending set
  assert.equal(m.s3.objects.get('dags/b.py')?.body.toString(), 'from B');
  const c = m.window('C'); // a window opened later
  assert.equal(await c.sessions.restorePending([m.binding]), 1);
  await m.idle(c);
  assert.equal(m.s3.objects.get('dags/a.py')?.body.toString(), 'from A', 'the upload A left pending was resumed');
  await Promise.all([b.close(), c.close()]);
  assert.equal(await hasPendingUploads(m.storageDir, { windowId: 'D', isAlive: () => false }), false);
});

test('a window resumes only folders open in it, and never the pending uploads of a window still open', async () => {
  const m = await machine();
  const a = m.window('A');
  await a.sessions.onSaved(await m.write('a.py', 'from A'), m.binding);
  await m.idle(a);
  m.state.credentials = true;
  const notHere = m.window('B', () => false); // the folder is not open in B
  assert.equal(await notHere.sessions.restorePending([m.binding]), 0, 'A is still open: its uploads are its own');
  await a.close();
  assert.equal(await notHere.sessions.restorePending([m.binding]), 0, 'the folder is not open in B');
  await notHere.sessions.sessionFor(m.binding); // a session started for another reason resumes nothing either
  assert.equal(m.s3.objects.has('dags/a.py'), false);
  assert.equal(await hasPendingUploads(m.storageDir, { windowId: 'B', isAlive: () => false }, () => false), false, 'activation: nothing for folders not open');
  assert.equal(await hasPendingUploads(m.storageDir, { windowId: 'B', isAlive: () => false }, (f) => f === m.binding.folder), true);
  const here = m.window('C', (f) => f === m.binding.folder);
  assert.equal(await here.sessions.restorePending([m.binding]), 1);
  await m.idle(here);
  assert.equal(m.s3.objects.get('dags/a.py')?.body.toString(), 'from A');
  await Promise.all([notHere.close(), here.close()]);
});

test('a reload: the old extension host still running at first; a later check takes its uploads over', async () => {
  const m = await machine();
  const before = m.window('old');
  await before.sessions.onSaved(await m.write('r.py', 'reloaded'), m.binding);
  await m.idle(before);
  m.state.credentials = true;
  const after = m.window('new');
  await after.sessions.sessionFor(m.binding); // started for the explorer while the old host shuts down
  assert.equal(await after.sessions.restorePending([m.binding]), 0);
  await before.close();
  assert.equal(await after.sessions.restorePending([m.binding]), 1);
  await m.idle(after);
  assert.equal(m.s3.objects.get('dags/r.py')?.body.toString(), 'reloaded');
  assert.equal(await after.sessions.restorePending([m.binding]), 0, 'nothing is taken twice');
  await after.close();
});

test('the shared pending.json of earlier versions is resumed by the first window that has the folder open', async () => {
  const m = await machine();
  m.state.credentials = true;
  await fs.mkdir(m.dir(), { recursive: true });
  const file = await m.write('old.py', 'old = 1\n');
  await fs.writeFile(path.join(m.dir(), 'pending.json'), JSON.stringify({ version: 1, items: [{ file, key: 'dags/old.py', status: 'waiting', attempts: 2 }] }));
  const w = m.window('A');
  assert.equal(await w.sessions.restorePending([m.binding]), 1);
  await m.idle(w);
  assert.equal(m.s3.objects.get('dags/old.py')?.body.toString(), 'old = 1\n');
  assert.equal(await fs.stat(path.join(m.dir(), 'pending.json')).then(() => true, () => false), false, 'adopted, then removed');
  await w.close();
});

test('a corrupt pending file is kept aside as .corrupt and reported, not emptied', async () => {
  const dir = path.join(root, `corrupt${++n}`);
  await fs.mkdir(dir, { recursive: true });
  const pendingFile = path.join(dir, 'pending.json');
  const text = '{"version":1,"items":[{"file":"/x/a.py","key":"dags/a.py","sta';
  await fs.writeFile(pendingFile, text);
  const problems: string[] = [];
  const queue = new UploadQueue({ store: new MemoryStore(), state: await SyncState.load(undefined), pendingFile, onStorageProblem: (m) => problems.push(m) });
  assert.equal(await queue.restore(), 0);
  await queue.dispose();
  assert.equal(await fs.readFile(`${pendingFile}.corrupt`, 'utf8'), text, 'the unreadable file is kept as it was');
  assert.equal(problems.length, 1);
  assert.match(problems[0]!, /pending DAG uploads file .*pending\.json could not be used: it is not valid JSON.*kept as .*pending\.json\.corrupt.*save those files again/);
});

test('a pending file with malformed entries: the good ones resume, the file is kept aside and reported', async () => {
  const dir = path.join(root, `partial${++n}`);
  await fs.mkdir(dir, { recursive: true });
  const pendingFile = path.join(dir, 'pending.json');
  const good = path.join(dir, 'g.py');
  await fs.writeFile(good, 'g = 1\n');
  await fs.writeFile(pendingFile, JSON.stringify({ version: 1, items: [{ file: good, key: 'dags/g.py', status: 'waiting', attempts: 0 }, { key: 42 }, { file: 'relative.py', key: 'dags/r.py' }] }));
  const problems: string[] = [];
  const store = new MemoryStore();
  const queue = new UploadQueue({ store, state: await SyncState.load(undefined), pendingFile, onStorageProblem: (m) => problems.push(m) });
  assert.equal(await queue.restore(), 1);
  await queue.whenIdle();
  await queue.dispose();
  assert.equal(store.objects.get('dags/g.py')?.body.toString(), 'g = 1\n');
  assert.match(problems.join('\n'), /2 of its 3 entries are malformed/);
  assert.ok(await fs.stat(`${pendingFile}.corrupt`).then(() => true, () => false));
});

test('pending and state files that cannot be written are reported once each, with what it means', async () => {
  const m = await machine();
  // Folders where the files should be: every write of them fails.
  await fs.mkdir(path.join(m.dir(), 'state.json', 'x'), { recursive: true });
  await fs.mkdir(path.join(m.dir(), 'pending.A.json', 'x'), { recursive: true });
  m.state.credentials = true;
  const w = m.window('A');
  for (let i = 0; i < 3; i++) {
    await w.sessions.onSaved(await m.write(`f${i}.py`, `f = ${i}\n`), m.binding);
    await m.idle(w);
  }
  await w.sessions.started()[0]!.state.flush();
  assert.equal(m.s3.objects.size, 3, 'uploads go on');
  const pending = m.problems.filter((p) => /list of pending DAG uploads/.test(p));
  const state = m.problems.filter((p) => /DAG sync state/.test(p));
  assert.equal(pending.length, 1, m.problems.join('\n'));
  assert.equal(state.length, 1, m.problems.join('\n'));
  assert.match(pending[0]!, /still pending when it closes will not resume by themselves/);
  assert.match(state[0]!, /may be reported as conflicts/);
  await w.close();
});
