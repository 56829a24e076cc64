/**
 * bench:local: the local MWAA runtime against what it replaces, in one run.
 * - Parse: a warm parse of one DAG file in the long-lived worker (Airflow imported once) against a
 *   cold parse (a new Python importing Airflow and running DagBag on the file, what a script or a
 *   pre-commit hook does): `warm_parse_median_ms`, `cold_parse_median_ms`, `parse_ratio`.
 * - Agreement: the parse corpus uploaded to the sandbox's Airflow 2 and 3, the local verdict compared
 *   with the scheduler's file for file (`agreement=A/B`), and the sandbox's upload-to-verdict time
 *   (`mwaa_visible_median_ms`; MWAA adds its ~30 s S3 sync on top).
 * - Resolve: a 20-package requirements file resolved by uv under MWAA's installer model with an
 *   empty uv cache and no verdict cache (`resolve_cold_ms`) against pip's own resolver on the same
 *   inputs, also cold (`pip_resolve_ms`, `resolve_ratio` = pip / ours).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ensureAirflow } from '../../sandbox/src/airflow/install';
import { ensureUv } from '../../sandbox/src/airflow/venv';
import { startSandbox } from '../../sandbox/src/main';
import { testMoto } from '../../sandbox/src/mwaa/testing/helpers';
import { findDataDir } from '../../src/core/lint/dataDir';
import { DagParseWorker } from '../../src/core/runtime/parseWorker';
import { findPython } from '../../src/core/runtime/pythonFinder';
import { resolveRequirements } from '../../src/core/runtime/resolver';
import { runtimeInputs } from '../../src/core/runtime/runtimeInputs';
import { corpusAgreement, formatAgreement, PARSE_CORPUS, type Agreement } from '../sandbox/parseAgreement';
import './benchProcesses';

const REPO = path.resolve(findDataDir(__dirname)!, '..', '..');
const DATA = path.join(REPO, 'src', 'data');
const REQUIREMENTS = path.join(REPO, 'test', 'fixtures', 'resolver', 'requirements-20.txt');
const WARM_RUNS = 20;
const COLD_RUNS = 3;
const AIRFLOW = '2.11.2';

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

const round = (n: number) => Math.round(n * 10) / 10;

/** A DAG of typical size (one DAG, a dozen tasks, a helper module) in a folder of its own. */
function typicalDagFolder(work: string): { folder: string; file: string } {
  const folder = path.join(work, 'dags');
  fs.cpSync(PARSE_CORPUS, folder, { recursive: true });
  return { folder, file: path.join(folder, 'healthy_with_helper.py') };
}

async function warmParse(python: string, work: string): Promise<{ median: number; p95: number; startMs: number }> {
  const { folder, file } = typicalDagFolder(work);
  const worker = new DagParseWorker({ python, airflowHome: path.join(work, 'home-warm'), dagsFolder: folder });
  try {
    const t0 = performance.now();
    const first = await worker.parseFile(file);
    const startMs = performance.now() - t0;
    if (first.errors.length > 0 || first.dags.length === 0) throw new Error(`the typical DAG does not parse: ${JSON.stringify(first.errors)}`);
    const times: number[] = [];
    for (let i = 0; i < WARM_RUNS; i++) {
      const t = performance.now();
      await worker.parseFile(file);
      times.push(performance.now() - t);
    }
    const sorted = [...times].sort((a, b) => a - b);
    return { median: median(times), p95: sorted[Math.floor(sorted.length * 0.95) - 1]!, startMs };
  } finally {
    worker.dispose();
  }
}

/** The peer: a fresh interpreter per parse, as `python -c 'DagBag(file)'` in a hook would do. */
function coldParse(python: string, work: string): number {
  const { folder, file } = typicalDagFolder(path.join(work, 'cold'));
  const script = 'import sys\nfrom airflow.models.dagbag import DagBag\nb = DagBag(sys.argv[1], include_examples=False)\nassert b.dags and not b.import_errors, b.import_errors';
  const env = { ...process.env, AIRFLOW_HOME: path.join(work, 'home-cold'), PYTHONPATH: folder, AIRFLOW__CORE__LOAD_EXAMPLES: 'False' };
  const times: number[] = [];
  for (let i = 0; i < COLD_RUNS; i++) {
    const t = performance.now();
    const r = spawnSync(python, ['-c', script, file], { env, encoding: 'utf8', timeout: 300_000 });
    if (r.status !== 0) throw new Error(`cold parse failed: ${r.stderr.slice(-800)}`);
    times.push(performance.now() - t);
  }
  return median(times);
}

async function agreement(log: (l: string) => void): Promise<Agreement[]> {
  const moto = await testMoto();
  const sb = await startSandbox({ envs: [], dagSyncIntervalMs: 1000, moto });
  try {
    const out: Agreement[] = [];
    for (const env of ['sandbox-af2', 'sandbox-af3'] as const) {
      // What an MWAA environment would carry, so the timeout case is compared too (slow_top_level.py
      // sleeps past it on both sides).
      const state = sb.emulator.registry.get(sb.region, env);
      if (state) state.airflowConfigurationOptions = { 'core.dagbag_import_timeout': '5' };
      try {
        const a = await corpusAgreement(sb, env);
        log(formatAgreement(a));
        out.push(a);
      } finally {
        await sb.emulator.registry.backend(env)?.stop();
      }
    }
    return out;
  } finally {
    await sb.stop();
    await moto.stop();
  }
}

async function resolveCold(work: string): Promise<{ ms: number; packages: number }> {
  const uv = await ensureUv();
  const inputs = runtimeInputs({ airflowVersion: AIRFLOW, dataDir: DATA, requirementsFile: REQUIREMENTS });
  const env = { ...process.env, UV_CACHE_DIR: path.join(work, 'uv-cache-cold') };
  const t = performance.now();
  const v = await resolveRequirements(inputs, { uv, env, cacheDir: path.join(work, 'verdicts') });
  const ms = performance.now() - t;
  if (v.status !== 'ok') throw new Error(`the 20-package file does not resolve: ${JSON.stringify(v)}`);
  return { ms, packages: v.packages.size };
}

/** pip's resolver (what MWAA's installer runs) on the same inputs, cold (no cache), nothing installed. */
async function pipResolve(work: string): Promise<number> {
  const python = (await findPython('3.12')).path;
  const inputs = runtimeInputs({ airflowVersion: AIRFLOW, dataDir: DATA, requirementsFile: REQUIREMENTS });
  const essential = path.join(work, 'essential.txt');
  const constraints = path.join(work, 'airflow-constraints.txt');
  fs.writeFileSync(essential, inputs.essentialConstraints);
  fs.writeFileSync(constraints, inputs.airflowConstraints ?? '');
  const args = ['-m', 'pip', 'install', '--dry-run', '--quiet', '--no-cache-dir', '--ignore-installed', '--report', path.join(work, 'pip-report.json'),
    // On this host's own platform (Linux x86_64, CPython 3.12, as MWAA): pip's --platform would forbid
    // source distributions, which MWAA's pip may build, so the comparison would not be like for like.
    '--target', path.join(work, 'pip-target'),
    `apache-airflow==${AIRFLOW}`, '-r', REQUIREMENTS, '-c', essential, '-c', constraints];
  const t = performance.now();
  const r = spawnSync(python, args, { encoding: 'utf8', timeout: 15 * 60_000, env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1' } });
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`pip's resolver failed: ${(r.stderr || r.error?.message || '').slice(-800)}`);
  return ms;
}

async function main(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-local-'));
  const log = (l: string) => process.stdout.write(`${l}\n`);
  try {
    const venv = await ensureAirflow(2);
    const warm = await warmParse(venv.python, work);
    log(`warm parse: median ${round(warm.median)} ms, p95 ${round(warm.p95)} ms over ${WARM_RUNS}; worker start + first parse ${round(warm.startMs)} ms`);
    const cold = coldParse(venv.python, work);
    log(`cold parse (new interpreter each time): median ${round(cold)} ms over ${COLD_RUNS}`);
    const resolved = await resolveCold(work);
    log(`uv resolve, empty uv cache: ${round(resolved.ms)} ms (${resolved.packages} packages)`);
    const pip = await pipResolve(work);
    log(`pip resolve, no cache: ${round(pip)} ms`);
    const agreements = await agreement(log);
    const agreed = agreements.reduce((n, a) => n + a.agreed, 0);
    const total = agreements.reduce((n, a) => n + a.total, 0);
    const visible = agreements.flatMap((a) => a.rows.map((r) => r.visibleMs).filter((v): v is number => v !== undefined));
    const files = agreements.reduce((n, a) => n + a.rows.length, 0);
    log(`local: files=${files} warm_parse_median_ms=${round(warm.median)} cold_parse_median_ms=${round(cold)} parse_ratio=${round(cold / warm.median)} `
      + `agreement=${agreed}/${total} mwaa_visible_median_ms=${visible.length ? Math.round(median(visible)) : 'none'} `
      + `resolve_cold_ms=${Math.round(resolved.ms)} pip_resolve_ms=${Math.round(pip)} resolve_ratio=${round(pip / resolved.ms)}`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().then(() => process.exit(0), (err: unknown) => {
  process.stderr.write(`bench:local failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
  process.exit(1);
});
