import * as vscode from 'vscode';
import { activateExtension } from '../host/extension';
import { probeEntry } from './probeEntry';
import { nextPoll, syntheticDag, type SyntheticDag } from './viewsData';

/**
 * Runs inside the extension host (as a test entry): opens the DAG view of a synthetic 200-task DAG
 * with 25 runs (the API's answers made up, so no Airflow is needed; the webview, its script, elkjs's
 * layout and the browser's paint are real) and times open -> first paint, then one poll's update
 * applied in place against the same change sent as a whole new view (what a view without
 * incremental updates would do), alternating, in the same panel. Results go to MWAA_TEST_RESULTS.
 */
const TASKS = Number(process.env.MWAA_VIEWS_TASKS ?? 200);
const RUNS = Number(process.env.MWAA_VIEWS_RUNS ?? 25);
const OPENS = 5;
const UPDATES = 20;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export const run = probeEntry(measure);

async function open(dag: SyntheticDag): Promise<{ key: string; ms: number; webviewMs: number }> {
  const t0 = performance.now();
  const key = await vscode.commands.executeCommand<string>('_mwaa.dagViewShowData', dag);
  const webviewMs = await vscode.commands.executeCommand<number>('_mwaa.dagViewPainted', key, 1, 60_000);
  return { key, ms: performance.now() - t0, webviewMs };
}

async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await sleep(300);
}

/** The same DAG with other task ids: a structure never laid out before. */
function renamed(dag: SyntheticDag, n: number): SyntheticDag {
  const id = (t: string) => `${t}_v${n}`;
  return {
    dagId: `${dag.dagId}_v${n}`,
    tasks: dag.tasks.map((t) => ({ ...t, id: id(t.id), downstream: t.downstream.map(id) })),
    runs: dag.runs.map((r) => ({ ...r, dagId: `${dag.dagId}_v${n}` })),
    instances: dag.instances.map((t) => ({ ...t, dagId: `${dag.dagId}_v${n}`, taskId: id(t.taskId) })),
  };
}

async function measure(out: Record<string, unknown>): Promise<void> {
  await activateExtension();
  const dag = syntheticDag(TASKS, RUNS);
  const blank = syntheticDag(1, 0);
  out.tasks = TASKS;
  out.runs = RUNS;
  out.instances = dag.instances.length;
  // The first open loads the DAG view's bundle, starts the layout worker and the first webview.
  const first = await open(dag);
  out.openColdMs = Math.round(first.ms);
  await closeAll();
  // Then, interleaved: the same DAG again (its layout remembered), a DAG never laid out (the warm
  // worker lays it out while the webview starts), and the peer: a one-task view, i.e. what the
  // editor itself takes to start a webview and run a script in it.
  const series: Record<'again' | 'fresh' | 'blank', { ms: number; webviewMs: number }[]> = { again: [], fresh: [], blank: [] };
  for (let i = 0; i < OPENS; i++) {
    for (const kind of ['again', 'fresh', 'blank'] as const) {
      series[kind].push(await open(kind === 'again' ? dag : kind === 'fresh' ? renamed(dag, i) : blank));
      await closeAll();
    }
  }
  out.openMs = Math.round(median(series.fresh.map((o) => o.ms)));
  out.openAgainMs = Math.round(median(series.again.map((o) => o.ms)));
  out.blankOpenMs = Math.round(median(series.blank.map((o) => o.ms)));
  out.openWebviewMs = Math.round(median(series.fresh.map((o) => o.webviewMs)));
  out.openAllMs = series.fresh.map((o) => Math.round(o.ms));
  out.blankAllMs = series.blank.map((o) => Math.round(o.ms));
  const key = (await open(dag)).key;
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
}
