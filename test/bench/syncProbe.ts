import * as path from 'node:path';
import * as vscode from 'vscode';
import { probeEntry } from './probeEntry';
import { bindFreshFolder, objectText, otherClient, saveText, setSyncSetting, syncState, unbind, waitForEvent } from '../host/syncHelpers';

/**
 * Runs inside the extension host (as a test entry): save -> object in S3 for a 20 KB DAG, 50
 * times, through the editor's own save and the extension's upload-on-save. "In S3" is the moment
 * PutObject returned (the engine's "uploaded" event, same process and clock as the save); the
 * bytes are then read back by another client. Results go to MWAA_TEST_RESULTS.
 */
export const run = probeEntry(measure);

async function measure(out: Record<string, unknown>): Promise<void> {
  let folder: vscode.Uri | undefined;
  const s3 = otherClient();
  try {
    await setSyncSetting('trackVisibility', false);
    folder = await bindFreshFolder('bench-save');
    const file = vscode.Uri.file(path.join(folder.fsPath, 'latency_dag.py'));
    const body = (i: number) => `# save ${i}\nfrom airflow import DAG\nx = "${'a'.repeat(20_000 - 60)}"\n`;
    await saveText(file, body(-1)); // first save starts the session, loads the explorer bundle and the SDK
    await waitForEvent('uploaded', 'dags/latency_dag.py', 0, 60_000);
    const samples: number[] = [];
    const toQueued: number[] = [];
    const putMs: number[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = await saveText(file, body(i));
      const e = await waitForEvent('uploaded', 'dags/latency_dag.py', t0);
      const history = (await syncState()).history.filter((h) => h.key === 'dags/latency_dag.py' && h.at >= t0);
      const queued = history.find((h) => h.type === 'queued');
      const uploading = history.find((h) => h.type === 'uploading');
      samples.push(e.at - t0);
      if (queued) toQueued.push(queued.at - t0);
      if (uploading) putMs.push(e.at - uploading.at);
    }
    toQueued.sort((a, b) => a - b);
    putMs.sort((a, b) => a - b);
    const last = await objectText(s3, 'dags/latency_dag.py');
    if (last !== body(49)) throw new Error('the object in S3 is not the last save');
    samples.sort((a, b) => a - b);
    // queuedMedianMs: the editor's save and our routing, before the queue starts the upload.
    Object.assign(out, { medianMs: samples[25], p95Ms: samples[47], minMs: samples[0], maxMs: samples[49], queuedMedianMs: toQueued[Math.floor(toQueued.length / 2)], putMedianMs: putMs[Math.floor(putMs.length / 2)], bytes: Buffer.byteLength(body(0)) });
  } finally {
    s3.destroy();
    if (folder) await unbind(folder).catch(() => undefined);
  }
}
