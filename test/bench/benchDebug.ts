/**
 * bench:debug: Debug Task Locally with the runtime warm, in code-server's real extension host:
 * the command -> the breakpoint in the python_callable (`start_to_breakpoint_ms`, target < 5 s),
 * and Run Task Locally -> the run's end (`run_task_ms`). The peer, measured in the same run on the
 * same runtime and DAG: a plain `python -m airflow tasks test` from a shell (`plain_run_ms`), what
 * a user runs by hand without the extension and without a debugger; the ratios say what the
 * editor's run and the debugger cost on top of it. Airflow 2 first (the line's plain fields), then
 * Airflow 3 (`af3_` fields), whose own in-process execution API makes every task start slower.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureAirflow, AIRFLOW_RELEASES } from '../../sandbox/src/airflow/install';
import { cacheDir } from '../../sandbox/src/cacheDir';
import { ensureLocalFiles } from '../../src/core/localRun/localFiles';
import { prepareLocalHome } from '../../src/core/localRun/localHome';
import { localRunEnv } from '../../src/core/localRun/runEnv';
import { runProcess } from '../../src/core/runtime/processRun';
import { runHostSuite } from '../harness/hostSuite';
import { REPO, runBench, scratchDir, type ProbeResult } from './probeRunner';

interface Probe extends ProbeResult {
  firstRunMs: number;
  runTaskMs: number;
  runTaskAllMs: number[];
  startToBreakpointMs: number;
  startToBreakpointAllMs: number[];
}

const PLAIN_RUNS = 3;
const DAG_ID = 'bench_debug';

/** A DAG like users write: a PythonOperator whose callable does a little work (the breakpoint's line). */
const DAG = `import pendulum
from airflow import DAG
try:
    from airflow.providers.standard.operators.python import PythonOperator
except ImportError:
    from airflow.operators.python import PythonOperator


def work(**context):
    total = sum(range(1000))
    print(f"total={total} for {context['ti'].task_id}")  # BREAK
    return total


with DAG("${DAG_ID}", start_date=pendulum.datetime(2024, 1, 1), schedule=None, catchup=False):
    PythonOperator(task_id="work", python_callable=work)
`;

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** The peer: `python -m airflow tasks test` by hand, in the same runtime, with the same home and files. */
async function plainRuns(major: 2 | 3, python: string, runtimeKey: string, workspace: string, dags: string): Promise<number[]> {
  const files = ensureLocalFiles(workspace);
  const base = { ...process.env };
  const { home } = await prepareLocalHome({ root: path.join(workspace, '.bench-homes'), runtime: { key: runtimeKey, python, airflowVersion: AIRFLOW_RELEASES[major].version }, dagsFolder: dags, env: base });
  const env = localRunEnv({ base, home, dagsFolder: dags, variablesFile: files.variables, connectionsFile: files.connections });
  const times: number[] = [];
  for (let i = 0; i < PLAIN_RUNS; i++) {
    const t0 = performance.now();
    const r = await runProcess(python, ['-m', 'airflow', 'tasks', 'test', DAG_ID, 'work'], { env, cwd: workspace, timeoutMs: 300_000 });
    if (r.code !== 0 || !/total=499500/.test(r.stdout + r.stderr)) throw new Error(`the plain run failed: ${(r.stdout + r.stderr).slice(-1500)}`);
    times.push(performance.now() - t0);
  }
  return times;
}

interface Measured {
  readonly probe: Probe;
  readonly plainMs: number;
}

/** One major: its runtime warm, a workspace naming its version, the peer, then the probe in the extension host. */
async function measure(major: 2 | 3): Promise<Measured> {
  const venv = await ensureAirflow(major);
  const runtimeKey = JSON.parse(fs.readFileSync(path.join(venv.dir, 'mwaa-runtime.json'), 'utf8')).key as string;
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), `bench-debug-af${major}-`));
  try {
    const dags = path.join(workspace, 'dags');
    fs.mkdirSync(dags, { recursive: true });
    fs.mkdirSync(path.join(workspace, '.vscode'));
    // The Airflow version from the workspace's settings: no binding, no AWS call.
    fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'mwaa.diagnostics.airflowVersion': AIRFLOW_RELEASES[major].version }));
    const dagFile = path.join(dags, `${DAG_ID}.py`);
    fs.writeFileSync(dagFile, DAG);
    const plain = await plainRuns(major, venv.python, runtimeKey, workspace, dags);
    const probe = await runHostSuite<Probe>({
      // MWAA_BENCH_EXTENSION: a private build of the extension (default: this repository's dist/).
      extensionPath: process.env.MWAA_BENCH_EXTENSION ?? REPO,
      testsEntry: path.join(__dirname, 'debugProbe.js'),
      workspace,
      scratch: scratchDir(`bench-debug-af${major}`),
      env: { MWAA_TOOLKIT_RUNTIMES: cacheDir('runtimes'), UV_CACHE_DIR: cacheDir('uv-cache'), MWAA_BENCH_DAG_FILE: dagFile, MWAA_BENCH_DAG_ID: DAG_ID },
      timeoutMs: 900_000,
    });
    if (probe.error) throw new Error(`debugProbe failed in the extension host (Airflow ${major}): ${probe.error}`);
    const plainMs = Math.round(median(plain));
    const v = AIRFLOW_RELEASES[major].version;
    process.stdout.write(`Airflow ${v}: plain \`airflow tasks test\` (no editor, no debugger): ${plain.map(Math.round).join(', ')} ms\n`);
    process.stdout.write(`Airflow ${v}: Run Task Locally (warm): ${probe.runTaskAllMs.join(', ')} ms (the first, the home's database created with it: ${probe.firstRunMs} ms)\n`);
    process.stdout.write(`Airflow ${v}: Debug Task Locally, command -> breakpoint hit: ${probe.startToBreakpointAllMs.join(', ')} ms (target < 5000)\n`);
    return { probe, plainMs };
  } finally {
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

const fields = (m: Measured, prefix = '') => [
  `${prefix}start_to_breakpoint_ms=${m.probe.startToBreakpointMs}`, `${prefix}run_task_ms=${m.probe.runTaskMs}`, `${prefix}plain_run_ms=${m.plainMs}`,
  `${prefix}run_ratio=${(m.probe.runTaskMs / m.plainMs).toFixed(2)}`, `${prefix}breakpoint_ratio=${(m.probe.startToBreakpointMs / m.plainMs).toFixed(2)}`,
].join(' ');

async function main(): Promise<void> {
  const af2 = await measure(2);
  const af3 = await measure(3);
  process.stdout.write(`debug: ${fields(af2)} ${fields(af3, 'af3_')}\n`);
}

runBench('debug', main);
