import * as vscode from 'vscode';
import { activateExtension } from '../host/extension';
import { probeEntry } from './probeEntry';
import { nextPoll, syntheticDag } from './viewsData';

/**
 * Runs inside the extension host (as a test entry): opens the DAG view of a synthetic 200-task DAG
 * with 25 runs (the API's answers made up, so no Airflow is needed; the webview, its script, elkjs's
 * layout and the browser's paint are real) and times open -> first paint, then one poll's update
 * applied in place against the same change sent as a whole new view (what a view without
 * incremental updates would do), alternating, in the same panel. Results go to MWAA_TEST_RESULTS.
 */
const TASKS = Number(process.env.MWAA_VIEWS_TASKS ?? 200);
const RUNS = Number(process.env.MWAA_VIEWS_RUNS ?? 25);
const OPENS = 7;
const UPDATES = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const run = probeEntry(measure);

async function open(dag: ReturnType<typeof syntheticDag>): Promise<{ key: string; ms: number; webviewMs: number; shownMs: number }> {
  const t0 = performance.now();
  const key = await vscode.commands.executeCommand<string>('_mwaa.dagViewShowData', dag);
  const shownMs = performance.now() - t0;
  const webviewMs = await vscode.commands.executeCommand<number>('_mwaa.dagViewPainted', key, 1, 60_000);
  return { key, ms: performance.now() - t0, webviewMs, shownMs };
}

async function measure(out: Record<string, unknown>): Promise<void> {
  await activateExtension();
  const dag = syntheticDag(TASKS, RUNS);
  out.tasks = TASKS;
  out.runs = RUNS;
  out.instances = dag.instances.length;
  // The first open loads the DAG view's bundle and starts the webview's process: reported apart.
  const opens: { ms: number; webviewMs: number; shownMs: number }[] = [];
  let key = '';
  for (let i = 0; i < OPENS; i++) {
    const o = await open(process.env.MWAA_VIEWS_KEEP ? { ...dag, dagId: `${dag.dagId}_${i}` } : dag);
    opens.push(o);
    key = o.key;
    if (i < OPENS - 1 && !process.env.MWAA_VIEWS_KEEP) {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await sleep(Number(process.env.MWAA_VIEWS_CLOSE_WAIT_MS ?? 300));
    }
  }
  out.openColdMs = Math.round(opens[0]!.ms);
  const warm = opens.slice(1);
  out.openMs = Math.round(median(warm.map((o) => o.ms)));
  out.openWebviewMs = Math.round(median(warm.map((o) => o.webviewMs)));
  out.openAllMs = opens.map((o) => Math.round(o.ms));
  out.openShownMs = opens.map((o) => Math.round(o.shownMs));
  await sleep(500);
  const runId = dag.runs[0]!.runId;
  const incremental: number[] = [];
  const full: number[] = [];
  for (let step = 1; step <= UPDATES * 2; step++) {
    const whole = step % 2 === 0;
    const t0 = performance.now();
    const seq = await vscode.commands.executeCommand<number>('_mwaa.dagViewApplyRead', key, runId, nextPoll(dag, step), whole);
    await vscode.commands.executeCommand<number>('_mwaa.dagViewPainted', key, seq, 30_000);
    (whole ? full : incremental).push(performance.now() - t0);
    await sleep(100);
  }
  out.updateMs = Math.round(median(incremental) * 10) / 10;
  out.fullMs = Math.round(median(full) * 10) / 10;
  out.updateAllMs = incremental.map((x) => Math.round(x));
  out.fullAllMs = full.map((x) => Math.round(x));
  const hold = Number(process.env.MWAA_VIEWS_HOLD_MS ?? 0);
  if (hold > 0) await sleep(hold);
}
