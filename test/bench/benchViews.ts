import { runBench, runProbe, type ProbeResult } from './probeRunner';

interface Probe extends ProbeResult {
  tasks: number;
  runs: number;
  instances: number;
  openColdMs: number;
  openMs: number;
  openAgainMs: number;
  blankOpenMs: number;
  openWebviewMs: number;
  openAllMs: number[];
  blankAllMs: number[];
  updateMs: number;
  fullMs: number;
  updateAllMs: number[];
  fullAllMs: number[];
}

/**
 * The DAG view in code-server's real extension host and webview (Chromium): open -> first paint
 * of a 200-task DAG with 25 runs (target < 500 ms) and one poll's update applied (target < 50 ms),
 * against the same change sent as a whole view in the same run (the peer). No Airflow: the API's
 * answers are synthetic (viewsData.ts); the webview, elkjs's layout and the paint are real.
 */
async function main(): Promise<void> {
  const r = await runProbe<Probe>('viewsProbe', { scratch: 'bench-views', timeoutMs: 600_000 });
  process.stdout.write(`open -> first paint, ${r.tasks} tasks, ${r.runs} runs (${r.instances} task instances), median of ${r.openAllMs.length}: a DAG never laid out ${r.openMs} ms [${r.openAllMs.join(', ')}], the same DAG again ${r.openAgainMs} ms; ${r.openWebviewMs} ms of it in the webview (drawing); the first open of the window ${r.openColdMs} ms (loads the bundle, starts the layout worker)\n`);
  process.stdout.write(`peer, in the same run: a one-task view ${r.blankOpenMs} ms [${r.blankAllMs.join(', ')}] (what the editor takes to start a webview: in code-server each new webview first registers its own service worker)\n`);
  process.stdout.write(`one poll applied -> painted: update ${r.updateMs} ms median [${r.updateAllMs.join(', ')}]; the same change as a whole new view ${r.fullMs} ms [${r.fullAllMs.join(', ')}]\n`);
  const ratio = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 100) / 100 : 0);
  process.stdout.write(`views: tasks=${r.tasks} runs=${r.runs} open_ms=${r.openMs} update_ms=${r.updateMs} blank_open_ms=${r.blankOpenMs} open_over_blank_ms=${r.openMs - r.blankOpenMs} full_update_ms=${r.fullMs} update_ratio=${ratio(r.fullMs, r.updateMs)} open_again_ms=${r.openAgainMs} open_cold_ms=${r.openColdMs}\n`);
}

runBench('views', main);
