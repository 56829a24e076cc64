import assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { SyncState } from '../../../src/core/sync/fileHash';
import { UploadQueue, type QueueEvent } from '../../../src/core/sync/uploadQueue';
import { denied, MemoryStore } from './memoryStore';

// An S3 upload denial used to carry the explorer's advice ("the role needs airflow:ListEnvironments").
test('an upload denied by S3 names the S3 permissions, not the explorer\'s', async () => {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'denied-'));
  const store = new MemoryStore();
  const state = await SyncState.load(path.join(root, 'state.json'));
  const queue = new UploadQueue({ store, state, pendingFile: path.join(root, 'pending.json'), debounceMs: 0, errorContext: { profile: 'dev', region: 'eu-west-1' } });
  const events: QueueEvent[] = [];
  queue.onEvent((e) => events.push(e));
  try {
    store.failPut = () => denied();
    const file = path.join(root, 'd.py');
    await fs.writeFile(file, 'x');
    queue.enqueue({ file, key: 'dags/d.py' });
    await queue.whenIdle();
    const failed = events.find((e): e is Extract<QueueEvent, { type: 'failed' }> => e.type === 'failed');
    assert.ok(failed, JSON.stringify(events));
    assert.match(failed.message, /Access denied while uploading dags\/d\.py \(profile 'dev', eu-west-1\): the role needs s3:PutObject/);
    assert.doesNotMatch(failed.message, /airflow:/);
  } finally {
    await queue.dispose().catch(() => undefined);
    await state.flush().catch(() => undefined);
    await fs.rm(root, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  }
});
