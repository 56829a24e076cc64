import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { dagKeyFor, dagPrefix, isUnderPrefix, localPathOfKey, relativePathOfKey, resolveDagKey, SyncPathError, type DagBinding } from '../../../src/core/sync/dagKeys';

const folder = path.resolve('/work/proj/dags');
const binding: DagBinding = { folder, bucket: 'b', prefix: 'dags' };

test('prefix normalisation', () => {
  assert.equal(dagPrefix('dags'), 'dags');
  assert.equal(dagPrefix('/dags/'), 'dags');
  assert.equal(dagPrefix('team//dags/'), 'team/dags');
  assert.throws(() => dagPrefix(''), SyncPathError);
  assert.throws(() => dagPrefix('/'), /DagS3Path is empty/);
  assert.throws(() => dagPrefix('dags/../x'), /'\.\.'/);
});

test('maps files to <prefix>/<relative> with forward slashes', () => {
  assert.equal(dagKeyFor(path.join(folder, 'a.py'), binding), 'dags/a.py');
  assert.equal(dagKeyFor(path.join(folder, 'sub', 'deep', 'b.py'), binding), 'dags/sub/deep/b.py');
  assert.equal(dagKeyFor(path.join(folder, 'sub', 'b.py'), { ...binding, prefix: '/team/dags/' }), 'team/dags/sub/b.py');
  assert.equal(dagKeyFor(path.join(folder, 'ünïcode dag.py'), binding), 'dags/ünïcode dag.py');
});

const REFUSED: Array<[string, string, RegExp]> = [
  ['outside the folder', path.resolve('/work/proj/other.py'), /outside the bound DAG folder/],
  ['sibling with common prefix', path.resolve('/work/proj/dags2/a.py'), /outside the bound DAG folder/],
  ['dot-dot escaping', `${folder}/../secret.py`, /outside the bound DAG folder/],
  ['relative path', 'dags/a.py', /not an absolute path/],
  ['the folder itself', folder, /bound folder itself/],
];
for (const [name, file, msg] of REFUSED) {
  test(`refuses: ${name}`, () => assert.throws(() => dagKeyFor(file, binding), (e: Error) => e instanceof SyncPathError && msg.test(e.message)));
}

test('keys back to paths, refusing traversal and foreign prefixes', () => {
  assert.equal(relativePathOfKey('dags/sub/a.py', 'dags'), 'sub/a.py');
  assert.throws(() => relativePathOfKey('dagsx/a.py', 'dags'), /not under the DAGs folder/);
  assert.throws(() => relativePathOfKey('dags/../requirements.txt', 'dags'), /'\.\.'/);
  assert.throws(() => relativePathOfKey('dags//a.py', 'dags'), /empty path segment|absolute/);
  assert.throws(() => relativePathOfKey('dags/a/', 'dags'), /empty path segment/);
  assert.throws(() => relativePathOfKey('dags/ /a.py', 'dags'), /empty name/);
  assert.equal(isUnderPrefix('dags/a.py', 'dags'), true);
  assert.equal(isUnderPrefix('requirements.txt', 'dags'), false);
  assert.equal(isUnderPrefix('dags', 'dags'), false);
  assert.equal(localPathOfKey('dags/sub/a.py', binding), path.join(folder, 'sub', 'a.py'));
  assert.throws(() => localPathOfKey('dags/a\\..\\..\\x.py', binding), /backslash/);
});

test('resolveDagKey refuses symlinks that leave the folder and accepts ones inside', async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'dagkeys-'));
  try {
    const dags = path.join(root, 'dags');
    await fs.mkdir(path.join(dags, 'sub'), { recursive: true });
    await fs.writeFile(path.join(root, 'secret'), 'x');
    await fs.writeFile(path.join(dags, 'sub', 'real.py'), 'x');
    await fs.symlink(path.join(root, 'secret'), path.join(dags, 'leak.py'));
    await fs.symlink(path.join(dags, 'sub', 'real.py'), path.join(dags, 'inside.py'));
    await fs.symlink(root, path.join(dags, 'up'));
    const b = { folder: dags, bucket: 'b', prefix: 'dags' };
    assert.equal(await resolveDagKey(path.join(dags, 'sub', 'real.py'), b), 'dags/sub/real.py');
    assert.equal(await resolveDagKey(path.join(dags, 'inside.py'), b), 'dags/inside.py');
    await assert.rejects(resolveDagKey(path.join(dags, 'leak.py'), b), /link to .* outside the bound DAG folder/);
    await assert.rejects(resolveDagKey(path.join(dags, 'up', 'secret'), b), /outside the bound DAG folder/);
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
});
