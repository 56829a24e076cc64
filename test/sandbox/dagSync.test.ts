// MWAA's S3 -> dags folder copy against moto: new, changed and deleted objects, any file type, nested folders.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DeleteObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { startDagSync, type DagSyncHandle } from '../../sandbox/src/dagSync';
import { createVersionedBucket, motoS3Client, startMoto, type MotoHandle } from '../../sandbox/src/moto';
import { waitFor } from '../../sandbox/src/mwaa/testing/helpers';

let moto: MotoHandle;
let s3: S3Client;
let runDir: string;
let dagsDir: string;
let sync: DagSyncHandle;
const bucket = 'sandbox-dagsync';

const read = (rel: string): string | undefined => {
  try {
    return fs.readFileSync(path.join(dagsDir, rel), 'utf8');
  } catch {
    return undefined;
  }
};
const put = (key: string, body: string) => s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));

before(async () => {
  runDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-dagsync-test-'));
  dagsDir = path.join(runDir, 'dags');
  moto = await startMoto({ runDir });
  await createVersionedBucket(moto.endpoint, bucket);
  s3 = motoS3Client(moto.endpoint);
  sync = startDagSync({ s3Endpoint: moto.endpoint, bucket, prefix: 'dags', dagsDir, intervalMs: 500, pageSize: 7 });
}, { timeout: 300_000 });

after(async () => {
  await sync?.stop();
  s3?.destroy();
  await moto?.stop();
  fs.rmSync(runDir, { recursive: true, force: true });
});

test('new objects under the prefix appear in the dags folder, keeping hierarchy and any file type', async () => {
  await put('dags/hello.py', 'print("v1")\n');
  await put('dags/helpers/util.py', 'X = 1\n');
  await put('dags/sql/query.sql', 'select 1;\n');
  await put('dags/.airflowignore', 'helpers/\n');
  await put('requirements.txt', 'boto3\n'); // outside the prefix: not copied
  await put('dags/empty-folder/', ''); // console-made folder placeholder: not a file
  await waitFor('the first copy', async () => read('sql/query.sql') !== undefined && read('.airflowignore') !== undefined, 10_000, 100);
  assert.equal(read('hello.py'), 'print("v1")\n');
  assert.equal(read('helpers/util.py'), 'X = 1\n');
  assert.equal(read('sql/query.sql'), 'select 1;\n');
  assert.equal(read('.airflowignore'), 'helpers/\n');
  assert.equal(read('requirements.txt'), undefined);
  assert.equal(fs.existsSync(path.join(dagsDir, 'empty-folder')), false);
});

test('a changed object is re-copied on the next interval; unchanged ones are skipped', async () => {
  await sync.syncNow();
  await put('dags/hello.py', 'print("v2")\n');
  await waitFor('the changed file', async () => read('hello.py') === 'print("v2")\n', 10_000, 100);
  const again = await sync.syncNow();
  assert.deepEqual(again.copied, [], 'nothing changed, nothing copied');
});

test('deleted objects are deleted locally (and emptied folders removed); files the sync did not write stay', async () => {
  fs.writeFileSync(path.join(dagsDir, 'local_only.py'), '# written by someone else\n');
  await s3.send(new DeleteObjectCommand({ Bucket: bucket, Key: 'dags/helpers/util.py' }));
  const r = await sync.syncNow();
  assert.deepEqual(r.deleted, ['helpers/util.py']);
  assert.equal(read('helpers/util.py'), undefined);
  assert.equal(fs.existsSync(path.join(dagsDir, 'helpers')), false);
  assert.equal(read('local_only.py'), '# written by someone else\n');
  assert.equal(read('hello.py'), 'print("v2")\n');
});

test('writes are atomic: no partial or temp files are left in the folder', async () => {
  const big = 'x = 1\n'.repeat(200_000);
  await put('dags/big.py', big);
  await sync.syncNow();
  assert.equal(read('big.py'), big);
  const names = fs.readdirSync(dagsDir, { recursive: true }).map(String);
  assert.deepEqual(names.filter((n) => n.includes('.mwaa-sync-tmp-') || n.endsWith('.part')), []);
});

test('every ListObjectsV2 page is followed (page size 7 here)', async () => {
  await Promise.all(Array.from({ length: 30 }, (_, i) => put(`dags/many/f${i}.txt`, String(i))));
  await sync.syncNow();
  assert.equal(fs.readdirSync(path.join(dagsDir, 'many')).length, 30);
  assert.equal(read('many/f29.txt'), '29');
});
