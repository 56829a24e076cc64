import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { EXTENSION_ID as OURS } from '../host/extension';
import { waitFor } from '../host/waitFor';

const PEER = 'mwaa-bench.empty-extension';

async function timeActivation(id: string): Promise<number> {
  const ext = vscode.extensions.getExtension(id);
  if (!ext) throw new Error(`${id} not found`);
  if (ext.isActive) throw new Error(`${id} was already active: an activation event fired early`);
  const t0 = performance.now();
  await ext.activate();
  return performance.now() - t0;
}

/**
 * The log channel writes its file asynchronously and the host exits right after run(): wait
 * (bounded) until the activation line the bench reads has reached the disk.
 */
async function logFlushed(): Promise<void> {
  const logs = process.env.MWAA_BENCH_LOGS!;
  await waitFor('the activation line in MWAA.log', async () => {
    const file = (fs.readdirSync(logs, { recursive: true }) as string[]).find((f) => /mwaa-toolkit\.mwaa-toolkit[\\/]MWAA\.log$/.test(f));
    return file && /activated in/.test(fs.readFileSync(`${logs}/${file}`, 'utf8'));
  }, 5000).catch(() => undefined); // the bench then says what it found missing
}

/**
 * Loaded by the extension host as a test entry: activates our extension and the empty peer from
 * cold, in the order MWAA_BENCH_ORDER gives (alternated by the bench so neither always pays for
 * first-activation warm-up), and writes the timings where the bench reads them.
 */
export async function run(): Promise<void> {
  try {
    await measure();
  } catch (err) {
    fs.writeFileSync(process.env.MWAA_TEST_RESULTS!, JSON.stringify({ error: String((err as Error).stack ?? err) }));
    throw err;
  }
}

async function measure(): Promise<void> {
  const order = process.env.MWAA_BENCH_ORDER === 'peer-first' ? [PEER, OURS] : [OURS, PEER];
  const ms: Record<string, number> = {};
  for (const id of order) ms[id] = await timeActivation(id);
  await logFlushed();
  const sdkLoaded = Object.keys(require.cache).some((k) => /[\\/]dist[\\/]aws-sdk\.js$/.test(k));
  fs.writeFileSync(process.env.MWAA_TEST_RESULTS!, JSON.stringify({ oursMs: ms[OURS], peerMs: ms[PEER], sdkLoaded }));
}
