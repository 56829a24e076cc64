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

/** One save's timeline (ms after the editor's save() was called). */
export interface SaveBreakdown {
  readonly i: number;
  readonly totalMs: number;
  readonly toQueuedMs: number;
  readonly queuedToPutMs: number;
  /** PutObject attempts (uploading events) for this save. */
  readonly attempts: number;
  /** The last attempt's start to `uploaded`. */
  readonly putMs: number;
  readonly events: string;
}

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
    const breakdowns: SaveBreakdown[] = [];
    for (let i = 0; i < 50; i++) {
      const t0 = await saveText(file, body(i));
      const e = await waitForEvent('uploaded', 'dags/latency_dag.py', t0);
      const history = (await syncState()).history.filter((h) => h.key === 'dags/latency_dag.py' && h.at >= t0 && h.at <= e.at);
      const queued = history.find((h) => h.type === 'queued');
      const uploads = history.filter((h) => h.type === 'uploading');
      const last = uploads[uploads.length - 1];
      samples.push(e.at - t0);
      if (queued) toQueued.push(queued.at - t0);
      if (last) putMs.push(e.at - last.at);
      // Where each save's time went, from the engine's own history: save -> queued -> first
      // PutObject start -> last PutObject start -> uploaded; and any failure in between.
      breakdowns.push({
        i,
        totalMs: e.at - t0,
        toQueuedMs: queued ? queued.at - t0 : -1,
        queuedToPutMs: queued && uploads[0] ? uploads[0].at - queued.at : -1,
        attempts: uploads.length,
        putMs: last ? e.at - last.at : -1,
        events: history.map((h) => `${(h.at - t0).toFixed(0)}:${h.type}${h.message ? `(${h.message.slice(0, 80)})` : ''}`).join(' '),
      });
    }
    toQueued.sort((a, b) => a - b);
    putMs.sort((a, b) => a - b);
    const last = await objectText(s3, 'dags/latency_dag.py');
    if (last !== body(49)) throw new Error('the object in S3 is not the last save');
    samples.sort((a, b) => a - b);
    const q = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(xs.length * p))];
    // queuedMedianMs: the editor's save and our routing, before the queue starts the upload.
    Object.assign(out, {
      medianMs: samples[25], p95Ms: samples[47], minMs: samples[0], maxMs: samples[49],
      queuedMedianMs: q(toQueued, 0.5), queuedP95Ms: q(toQueued, 0.95), putMedianMs: q(putMs, 0.5), putP95Ms: q(putMs, 0.95),
      slowest: breakdowns.sort((a, b) => b.totalMs - a.totalMs).slice(0, 5),
      bytes: Buffer.byteLength(body(0)),
    });
  } finally {
    s3.destroy();
    if (folder) await unbind(folder).catch(() => undefined);
  }
}
