import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkConflict } from '../../../src/core/sync/conflicts';
import { md5Hex } from '../../../src/core/sync/fileHash';

const local = md5Hex('new content');
const old = md5Hex('old content');
const theirs = md5Hex('their content');
const known = { etag: old, localHash: old, uploadedAt: '2026-01-01T00:00:00Z' };
const remote = (etag: string) => ({ key: 'dags/a.py', etag, lastModified: new Date('2026-02-01T00:00:00Z') });

test('conflict verdicts', () => {
  assert.deepEqual(checkConflict(undefined, undefined, local), { kind: 'safe', reason: 'new' });
  assert.deepEqual(checkConflict(undefined, known, local), { kind: 'safe', reason: 'deleted-remotely' });
  assert.deepEqual(checkConflict(remote(local), undefined, local), { kind: 'same' });
  assert.deepEqual(checkConflict(remote(local), known, local), { kind: 'same' });
  assert.deepEqual(checkConflict(remote(old), known, local), { kind: 'safe', reason: 'ours' });
  const c = checkConflict(remote(theirs), known, local);
  assert.equal(c.kind, 'conflict');
  assert.match((c as { message: string }).message, /changed in S3 by someone else.*2026-02-01/);
  const never = checkConflict(remote(theirs), undefined, local);
  assert.equal(never.kind, 'conflict');
  assert.match((never as { message: string }).message, /already exists in S3 with different content/);
});

test('SSE-KMS: ETag is not an MD5, the state decides', () => {
  const kms = { etag: 'kms-etag-1', localHash: local, uploadedAt: '2026-01-01T00:00:00Z' };
  assert.deepEqual(checkConflict(remote('kms-etag-1'), kms, local), { kind: 'same' });
  assert.deepEqual(checkConflict(remote('kms-etag-1'), kms, md5Hex('newer')), { kind: 'safe', reason: 'ours' });
  assert.equal(checkConflict(remote('kms-etag-2'), kms, md5Hex('newer')).kind, 'conflict');
});

test('md5 is the hex digest S3 uses as ETag', () => {
  assert.equal(md5Hex(''), 'd41d8cd98f00b204e9800998ecf8427e');
  assert.equal(md5Hex(Buffer.from('hello')), '5d41402abc4b2a76b9719d911017c592');
});
