import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { isUserFacingError } from '../../../src/core/errors';
import { buildPluginsZip } from '../../../src/core/rollouts/pluginsZip';
import { buildZip } from '../../../src/core/rollouts/zipArchive';

/** Python's zipfile reads the archive: names, modes, dates, CRC check (testzip) and contents. */
function readWithPython(zip: Buffer): { names: string[]; bad: string | null; files: Record<string, string>; modes: Record<string, number>; dates: number[][]; methods: number[] } {
  const script = `
import sys, json, zipfile, io
z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
print(json.dumps({
  "names": z.namelist(),
  "bad": z.testzip(),
  "files": {i.filename: z.read(i).decode("utf-8", "replace") for i in z.infolist()},
  "modes": {i.filename: i.external_attr >> 16 for i in z.infolist()},
  "dates": [list(i.date_time) for i in z.infolist()],
  "methods": [i.compress_type for i in z.infolist()],
}))`;
  return JSON.parse(execFileSync('python3', ['-c', script], { input: zip }).toString('utf8'));
}

test('a built zip round-trips through Python zipfile: sorted names, contents, CRCs, modes, fixed date', () => {
  const big = 'import os\n'.repeat(2000);
  const zip = buildZip([
    { path: 'operators/custom.py', data: Buffer.from(big) },
    { path: '__init__.py', data: Buffer.alloc(0) },
    { path: 'scripts/run.sh', data: Buffer.from('#!/bin/sh\necho hi\n'), executable: true },
    { path: 'données/é.txt', data: Buffer.from('unicode ✓') },
  ]);
  const r = readWithPython(zip);
  assert.deepEqual(r.names, ['__init__.py', 'données/é.txt', 'operators/custom.py', 'scripts/run.sh']);
  assert.equal(r.bad, null, 'a CRC mismatch');
  assert.equal(r.files['operators/custom.py'], big);
  assert.equal(r.files['données/é.txt'], 'unicode ✓');
  assert.equal(r.files['__init__.py'], '');
  assert.equal(r.modes['scripts/run.sh'], 0o100755);
  assert.equal(r.modes['__init__.py'], 0o100644);
  for (const d of r.dates) assert.deepEqual(d, [1980, 1, 1, 0, 0, 0]);
  // The repetitive module is deflated (8), the empty file stored (0).
  assert.equal(r.methods[r.names.indexOf('operators/custom.py')], 8);
  assert.equal(r.methods[r.names.indexOf('__init__.py')], 0);
  assert.ok(zip.length < big.length / 10, `deflate did not shrink it: ${zip.length} bytes`);
});

test('the same files in any order give identical bytes; an empty archive is valid', () => {
  const a = buildZip([{ path: 'b.py', data: Buffer.from('b') }, { path: 'a.py', data: Buffer.from('a') }]);
  const b = buildZip([{ path: 'a.py', data: Buffer.from('a') }, { path: 'b.py', data: Buffer.from('b') }]);
  assert.ok(a.equals(b));
  assert.deepEqual(readWithPython(buildZip([])).names, []);
  assert.throws(() => buildZip([{ path: 'x', data: Buffer.from('1') }, { path: 'x', data: Buffer.from('2') }]), /duplicate entry x/);
});

test('plugins.zip holds the folder CONTENTS (not the folder), skips caches and secrets, and is deterministic', async (t) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'plugins-zip-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  const plugins = path.join(root, 'plugins');
  fs.mkdirSync(path.join(plugins, 'hooks', '__pycache__'), { recursive: true });
  fs.writeFileSync(path.join(plugins, '__init__.py'), '');
  fs.writeFileSync(path.join(plugins, 'hooks', 'my_hook.py'), 'class MyHook: pass\n');
  fs.writeFileSync(path.join(plugins, 'hooks', '__pycache__', 'my_hook.cpython-311.pyc'), 'bytecode');
  fs.writeFileSync(path.join(plugins, '.env'), 'SECRET=1');
  fs.writeFileSync(path.join(root, 'outside.py'), 'not a plugin');
  fs.symlinkSync(path.join(root, 'outside.py'), path.join(plugins, 'escape.py'));

  const first = await buildPluginsZip(plugins);
  assert.deepEqual(first.files, ['__init__.py', 'hooks/my_hook.py']);
  assert.deepEqual(readWithPython(first.zip).names, ['__init__.py', 'hooks/my_hook.py']);
  assert.equal(readWithPython(first.zip).files['hooks/my_hook.py'], 'class MyHook: pass\n');
  const skipped = first.skipped.map((s) => s.rel).sort();
  assert.deepEqual(skipped, ['.env', 'escape.py', 'hooks/__pycache__/']);
  // Touching a file's mtime changes nothing: no timestamps from disk.
  fs.utimesSync(path.join(plugins, '__init__.py'), new Date(2001, 1, 1), new Date(2001, 1, 1));
  assert.ok((await buildPluginsZip(plugins)).zip.equals(first.zip));
});

test('an empty plugins folder is refused with a message', async (t) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'plugins-empty-'));
  t.after(() => fs.rmSync(root, { recursive: true, force: true }));
  fs.mkdirSync(path.join(root, '__pycache__'));
  await assert.rejects(buildPluginsZip(root), (err: unknown) => isUserFacingError(err) && /has no files to put in plugins\.zip.*__pycache__/.test((err as Error).message));
});
