import { runBench, runProbe, type ProbeResult } from './probeRunner';

interface Probe extends ProbeResult {
  tasks: number;
  runs: number;
  instances: number;
  openColdMs: number;
  openMs: number;
  openWebviewMs: number;
  openAllMs: number[];
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
  process.stdout.write(`open -> first paint, ${r.tasks} tasks, ${r.runs} runs (${r.instances} task instances): median ${r.openMs} ms of ${r.openAllMs.length - 1} warm opens (${r.openWebviewMs} ms of it in the webview: layout and drawing); the first open ${r.openColdMs} ms (loads the DAG view's bundle and the webview process) [${r.openAllMs.join(', ')}]\n`);
  process.stdout.write(`one poll applied -> painted: update ${r.updateMs} ms median [${r.updateAllMs.join(', ')}]; the same change as a whole new view ${r.fullMs} ms [${r.fullAllMs.join(', ')}]\n`);
  const ratio = r.updateMs > 0 ? Math.round((r.fullMs / r.updateMs) * 100) / 100 : 0;
  process.stdout.write(`views: tasks=${r.tasks} runs=${r.runs} open_ms=${r.openMs} update_ms=${r.updateMs} full_update_ms=${r.fullMs} update_ratio=${ratio} open_cold_ms=${r.openColdMs} open_webview_ms=${r.openWebviewMs}\n`);
}

runBench('views', main);
