/**
 * "Replace with S3 Version" (the conflict's Pull) writes through writeInsideFolder: it keeps the
 * replaced file's mode (the old atomic write gave the new file the umask's default, so an
 * executable helper lost its x bits), and it writes only inside the bound folder, under names
 * the sync may touch (the editor's question before it is in test/host/syncReplace.test.ts).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { writeInsideFolder } from '../../../src/core/sync/folderGuard';

let root: string;
before(async () => {
  root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'replace-local-')));
});
after(() => fs.rm(root, { recursive: true, force: true }));

let n = 0;
async function folderWithOutside() {
  const dir = path.join(root, `case${++n}`);
  const folder = path.join(dir, 'dags');
  const outside = path.join(dir, 'outside');
  await fs.mkdir(folder, { recursive: true });
  await fs.mkdir(outside, { recursive: true });
  return { folder, outside };
}

test('the replaced file keeps its mode', { skip: process.platform === 'win32' }, async () => {
  const { folder } = await folderWithOutside();
  const file = path.join(folder, 'run.sh');
  await fs.writeFile(file, 'old');
  await fs.chmod(file, 0o750);
  await writeInsideFolder(folder, 'run.sh', Buffer.from('new'));
  assert.equal(await fs.readFile(file, 'utf8'), 'new');
  assert.equal((await fs.stat(file)).mode & 0o777, 0o750);
});

test('a file in a symlinked folder leading out is not replaced', async () => {
  const { folder, outside } = await folderWithOutside();
  await fs.writeFile(path.join(outside, 'x.py'), 'outside');
  await fs.symlink(outside, path.join(folder, 'out'));
  await assert.rejects(writeInsideFolder(folder, 'out/x.py', Buffer.from('from S3')), /the folder 'out' leads outside the bound DAG folder/);
  assert.equal(await fs.readFile(path.join(outside, 'x.py'), 'utf8'), 'outside');
});

test('never-touch names are refused however they are cased or padded', async () => {
  const { folder } = await folderWithOutside();
  for (const rel of ['.git/config', '.GIT/config', '.git./config', '.git /config', '.VsCode/tasks.json', 'sub/.Git/hooks/pre-commit', '.git::$INDEX_ALLOCATION/config']) {
    await assert.rejects(writeInsideFolder(folder, rel, Buffer.from('x')), /is never touched by the sync/, rel);
  }
  assert.deepEqual(await fs.readdir(folder), []);
});
