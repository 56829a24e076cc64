import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { S3DagStore } from '../../src/core/sync/s3Store';
import { SyncSessions, type BoundFolder } from '../../src/core/sync/syncSessions';
import { objectText, otherClient } from './syncHelpers';

/**
 * The trust gate of upload-on-save. This runner's workspace is trusted (code-server runs with
 * trust off), so trust is the sessions' injected gate here, as environmentsTrust.test.ts does for
 * the explorer; the extension passes `vscode.workspace.isTrusted`. The store is real (sandbox S3).
 */
describe('DAG sync in an untrusted workspace', () => {
  it('queues nothing and uploads nothing until trusted; then the next save uploads', async function () {
    if (!process.env.AWS_ENDPOINT_URL_S3) this.skip();
    const dir = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'sync-untrusted-')));
    const s3 = otherClient();
    const run = `untrusted${Date.now().toString(36)}`;
    let trusted = false;
    let stores = 0;
    const sessions = new SyncSessions({
      storageDir: path.join(dir, 'storage'),
      storeFor: async (b) => (stores++, new S3DagStore(s3, b.bucket, b.prefix)),
      excludes: () => [],
      isTrusted: () => trusted,
    });
    const binding: BoundFolder = { folder: path.join(dir, 'dags'), bucket: 'airflow-sandbox-af2', prefix: 'dags', envKey: '[]', profile: 'mwaa-sandbox', region: 'us-east-1' };
    try {
      const file = path.join(dir, 'dags', run, 'a.py');
      await fs.mkdir(path.dirname(file), { recursive: true });
      await fs.writeFile(file, 'a = 1\n');
      const out = await sessions.onSaved(file, binding);
      assert.equal(out.kind, 'untrusted');
      assert.equal(stores, 0, 'no S3 store (no client, no call) in Restricted Mode');
      assert.equal(await sessions.restorePending([binding]), 0);
      assert.equal(await objectText(s3, `dags/${run}/a.py`), undefined);

      trusted = true;
      const again = await sessions.onSaved(file, binding);
      assert.equal(again.kind, 'queued');
      await sessions.started()[0]!.queue.whenIdle();
      assert.equal(await objectText(s3, `dags/${run}/a.py`), 'a = 1\n');
    } finally {
      await sessions.dispose();
      s3.destroy();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
