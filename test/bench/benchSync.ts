/**
 * `npm run bench:sync`: bulk sync of 1,000 generated DAG files (~5 MB) to the sandbox's S3, ours
 * against `aws s3 sync` on the same endpoint in the same run; then a no-change re-sync both ways;
 * then save-to-object latency of one 20 KB DAG, median of 50: inside the real extension host
 * (code-server, the editor's save, upload-on-save; test/bench/syncProbe.ts), and for comparison
 * at core level (queue -> PutObject).
 * Last line: `sync: files=<n> ours_ms=<n> awscli_ms=<n> ratio=<n> resync_ms=<n> resync_ratio=<n> save_median_ms=<n>
 * save_p95_ms=<n> save_max_ms=<n>` (the save tail beside its median; the slowest saves' timelines go to stderr).
 */
import { execFileSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import { SyncState } from '../../src/core/sync/fileHash';
import { listLocalFiles } from '../../src/core/sync/localFiles';
import { S3DagStore } from '../../src/core/sync/s3Store';
import { applyPlan, computePlan, listRemote } from '../../src/core/sync/syncPlan';
import { SyncFilter } from '../../src/core/sync/syncFilter';
import { UploadQueue } from '../../src/core/sync/uploadQueue';
import { benchProcesses } from './benchProcesses';
import type { SaveBreakdown } from './syncProbe';
import { runProbe } from './probeRunner';

const BUCKET = 'airflow-sandbox-af2';
const FILES = Number(process.env.BENCH_FILES ?? 1000);
/** Long enough for a first run that installs moto. */
const SANDBOX_START_MS = 600_000;
const log = (line: string) => process.stderr.write(`${line}\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** `aws` on PATH, else the CLI from PyPI in a venv under the cache dir (created once). */
function awsCli(): string {
  try {
    execFileSync('aws', ['--version'], { stdio: 'pipe' });
    return 'aws';
  } catch {
    const venv = path.join(process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'mwaa-toolkit', 'venvs', 'awscli');
    const bin = path.join(venv, 'bin', 'aws');
    if (!existsSync(bin)) {
      log(`installing awscli into ${venv}`);
      execFileSync('python3', ['-m', 'venv', venv], { stdio: 'inherit' });
      execFileSync(path.join(venv, 'bin', 'pip'), ['install', '--quiet', 'awscli'], { stdio: 'inherit' });
    }
    return bin;
  }
}

/** CPU seconds (user+sys) of the last CLI run, when /usr/bin/time is there to tell. */
let cliCpuMs: number | undefined;

function runCli(cli: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const timed = existsSync('/usr/bin/time');
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = timed
      ? benchProcesses.spawn('/usr/bin/time', ['-f', 'cpu %U %S', cli, ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] })
      : benchProcesses.spawn(cli, args, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      const ms = performance.now() - t0;
      const cpu = /^cpu ([\d.]+) ([\d.]+)$/m.exec(err);
      cliCpuMs = cpu ? (Number(cpu[1]) + Number(cpu[2])) * 1000 : undefined;
      if (code === 0) resolve(ms);
      else reject(new Error(`aws ${args.join(' ')} exited ${code}: ${err.slice(0, 500)}`));
    });
  });
}

/** ~5 KB Python files in 20 folders, deterministic content. */
interface RunningSandbox {
  readonly exports: Record<string, string>;
  readonly child: ChildProcess;
}

/**
 * The sandbox in its own process, as in real use: the S3 front must not share this process's
 * event loop with the client under test (nor with the CLI's requests it proxies).
 */
function startSandboxProcess(runDir: string): Promise<RunningSandbox> {
  const main = path.resolve(__dirname, '..', '..', 'sandbox', 'src', 'main.js');
  // Its own process group; moto, which it starts in yet another, is found through /proc (benchProcesses).
  const child = benchProcesses.spawn(process.execPath, [main, '--envs=', `--run-dir=${runDir}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exports: Record<string, string> = {};
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      for (const m of out.matchAll(/^export (\w+)=('(?:[^']|'\\'')*'|\S*)$/gm)) exports[m[1]!] = m[2]!.startsWith("'") ? m[2]!.slice(1, -1).replace(/'\\''/g, "'") : m[2]!;
      if (/^sandbox ready/m.test(out)) {
        benchProcesses.snapshot(); // moto is running now: remembered even if the sandbox dies first
        resolve({ exports, child });
      }
    });
    child.on('exit', (code) => reject(new Error(`sandbox exited ${code}: ${err.slice(-800)}`)));
    // A sandbox that never says ready (a hung install) fails the bench instead of hanging it.
    setTimeout(() => reject(new Error(`sandbox not ready after ${SANDBOX_START_MS / 1000} s: ${err.slice(-800)}`)), SANDBOX_START_MS).unref();
  });
}

/** SIGTERM (the sandbox stops moto itself), then whatever is left of both after 10 s is killed. */
async function stopSandboxProcess(s: RunningSandbox | undefined): Promise<void> {
  if (s) await benchProcesses.stop(s.child, 10_000);
}

async function generate(dir: string): Promise<void> {
  for (let i = 0; i < FILES; i++) {
    const rel = path.join(`team_${i % 20}`, `dag_${i}.py`);
    const body = [`from airflow import DAG`, `from airflow.operators.bash import BashOperator`, `# dag ${i}`]
      .concat(Array.from({ length: 110 }, (_, j) => `task_${j} = BashOperator(task_id="t${j}", bash_command="echo ${i}-${j}")`))
      .join('\n');
    await fs.mkdir(path.join(dir, path.dirname(rel)), { recursive: true });
    await fs.writeFile(path.join(dir, rel), body.slice(0, 5000));
  }
}

async function oursSync(store: S3DagStore, dir: string, stateFile: string): Promise<{ ms: number; applied: number; cpuMs: number; localMs: number; remoteMs: number }> {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const state = await SyncState.load(stateFile);
  const filter = new SyncFilter();
  const binding = { folder: dir, bucket: BUCKET, prefix: store.prefix };
  const timed = async <T>(p: Promise<T>): Promise<[T, number]> => [await p, performance.now() - t0];
  const [[local, localMs], [remote, remoteMs]] = await Promise.all([timed(listLocalFiles(dir, filter)), timed(listRemote(store))]);
  const plan = computePlan(local, remote, state, binding, filter, { remoteOnly: 'keep' });
  const result = await applyPlan(plan, { store, state, concurrency: Number(process.env.BENCH_CONCURRENCY ?? 16) });
  if (result.failed.length) throw new Error(`ours: ${result.failed.length} failed, e.g. ${result.failed[0]!.message}`);
  const cpu = process.cpuUsage(cpu0);
  return { ms: performance.now() - t0, applied: plan.items.length - plan.counts.unchanged, cpuMs: (cpu.user + cpu.system) / 1000, localMs, remoteMs };
}

/** Median, p95 and max of a sorted list. */
function spread(sorted: readonly number[]): { median: number; p95: number; max: number } {
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
  return { median: at(0.5), p95: at(0.95), max: sorted[sorted.length - 1]! };
}

async function saveLatency(store: S3DagStore, dir: string): Promise<{ median: number; p95: number; max: number }> {
  const file = path.join(dir, 'latency_dag.py');
  const queue = new UploadQueue({ store, state: await SyncState.load(undefined), pendingFile: path.join(dir, '..', 'pending.json') });
  const samples: number[] = [];
  for (let i = 0; i < 50; i++) {
    await fs.writeFile(file, `# save ${i}\n` + 'x = "' + 'a'.repeat(20_000 - 30) + '"\n');
    const done = new Promise<number>((resolve) => {
      const sub = queue.onEvent((e) => {
        if (e.type === 'uploaded') {
          sub.dispose();
          resolve(performance.now());
        }
      });
    });
    const t0 = performance.now();
    queue.enqueue({ file, key: `${store.prefix}/latency_dag.py` });
    samples.push((await done) - t0);
  }
  await queue.dispose();
  samples.sort((a, b) => a - b);
  return spread(samples);
}

interface SaveProbe {
  error?: string;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
  queuedMedianMs: number;
  queuedP95Ms: number;
  putMedianMs: number;
  putP95Ms: number;
  slowest: SaveBreakdown[];
}

/** The save benchmark inside code-server's extension host, against the same sandbox process. */
async function inEditorSaveLatency(exports: Record<string, string>, workspace: string): Promise<SaveProbe> {
  await fs.mkdir(path.join(workspace, 'dags'), { recursive: true });
  const { NODE_OPTIONS: _preload, ...env } = exports;
  void _preload;
  return runProbe<SaveProbe>('syncProbe', { workspace, scratch: 'bench-sync', env, timeoutMs: 300_000 });
}

async function main(): Promise<void> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-sync-'));
  let sandbox: RunningSandbox | undefined;
  let client: S3Client | undefined;
  try {
    const cli = awsCli();
    log(`aws cli: ${execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim()}`);
    sandbox = await startSandboxProcess(path.join(work, 'sandbox'));
    const dir = path.join(work, 'dags');
    await generate(dir);
    const env = { ...process.env, ...sandbox.exports };
    delete env.NODE_OPTIONS;
    client = new S3Client({
      region: sandbox.exports.AWS_REGION ?? 'us-east-1', endpoint: sandbox.exports.AWS_ENDPOINT_URL_S3, forcePathStyle: true, maxAttempts: 3,
      credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    });
    // Warm both paths (moto, connections, Python imports) on a throwaway prefix.
    const warm = path.join(work, 'warm');
    await fs.mkdir(warm);
    await fs.writeFile(path.join(warm, 'w.py'), 'w');
    await runCli(cli, ['s3', 'sync', warm, `s3://${BUCKET}/dags/bench-warm-cli`], env);
    await oursSync(new S3DagStore(client, BUCKET, 'dags/bench-warm-ours'), warm, path.join(work, 'warm.json'));

    // Alternating rounds on fresh prefixes, medians: a shared 2-core machine is noisy.
    const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
    const oursMs: number[] = [], awsMs: number[] = [], oursRe: number[] = [], awsRe: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const ours = new S3DagStore(client, BUCKET, `dags/bench-ours-${round}`);
      const stateFile = path.join(work, `state-${round}.json`);
      const first = await oursSync(ours, dir, stateFile);
      if (first.applied !== FILES) throw new Error(`ours uploaded ${first.applied} of ${FILES}`);
      oursMs.push(first.ms);
      awsMs.push(await runCli(cli, ['s3', 'sync', '--only-show-errors', dir, `s3://${BUCKET}/dags/bench-cli-${round}`], env));
      log(`  client CPU for the bulk sync: ours ${first.cpuMs.toFixed(0)} ms, aws ${cliCpuMs?.toFixed(0) ?? '?'} ms`);
      const re = await oursSync(ours, dir, stateFile);
      if (re.applied !== 0) throw new Error(`re-sync should upload nothing, planned ${re.applied}`);
      log(`  re-sync: local list+hash done at ${re.localMs.toFixed(0)} ms, ListObjectsV2 done at ${re.remoteMs.toFixed(0)} ms, total ${re.ms.toFixed(0)} ms`);
      oursRe.push(re.ms);
      awsRe.push(await runCli(cli, ['s3', 'sync', '--only-show-errors', dir, `s3://${BUCKET}/dags/bench-cli-${round}`], env));
      log(`round ${round + 1}: ours ${oursMs[round]!.toFixed(0)} ms, aws ${awsMs[round]!.toFixed(0)} ms; re-sync ours ${oursRe[round]!.toFixed(0)} ms, aws ${awsRe[round]!.toFixed(0)} ms`);
    }
    const first = { ms: median(oursMs) };
    const re = { ms: median(oursRe) };
    const awsMsMedian = median(awsMs);
    const awsReMedian = median(awsRe);

    await fs.mkdir(path.join(work, 'latency'), { recursive: true });
    const core = await saveLatency(new S3DagStore(client, BUCKET, 'dags/bench-latency'), path.join(work, 'latency'));
    log(`save -> object (20 KB), 50 saves, core level (queue -> PutObject): median ${core.median.toFixed(1)} ms, p95 ${core.p95.toFixed(1)} ms, max ${core.max.toFixed(1)} ms`);
    const host = await inEditorSaveLatency(sandbox.exports, path.join(work, 'workspace'));
    log(`save -> object (20 KB), 50 saves, in the extension host (editor save -> upload-on-save -> PutObject): median ${host.medianMs.toFixed(1)} ms, p95 ${host.p95Ms.toFixed(1)} ms, min ${host.minMs.toFixed(1)} ms, max ${host.maxMs.toFixed(1)} ms (save -> queued: median ${host.queuedMedianMs.toFixed(1)} ms, p95 ${host.queuedP95Ms.toFixed(1)} ms; last PutObject start -> uploaded: median ${host.putMedianMs.toFixed(1)} ms, p95 ${host.putP95Ms.toFixed(1)} ms)`);
    // The tail, save by save: which step took the time (ms after the editor's save() call).
    for (const b of host.slowest) {
      log(`  slow save #${b.i}: ${b.totalMs.toFixed(0)} ms = save->queued ${b.toQueuedMs.toFixed(0)} + queued->PutObject ${b.queuedToPutMs.toFixed(0)} + ... + last PutObject ${b.putMs.toFixed(0)} ms, ${b.attempts} attempt(s); events ${b.events}`);
    }
    const saveMs = host.medianMs;

    const r = (x: number) => Math.round(x);
    const [awsMs1, awsRe1] = [awsMsMedian, awsReMedian];
    process.stdout.write(
      `sync: files=${FILES} ours_ms=${r(first.ms)} awscli_ms=${r(awsMs1)} ratio=${(awsMs1 / first.ms).toFixed(2)} resync_ms=${r(re.ms)} resync_ratio=${(awsRe1 / re.ms).toFixed(2)} save_median_ms=${saveMs.toFixed(1)} save_p95_ms=${host.p95Ms.toFixed(1)} save_max_ms=${host.maxMs.toFixed(1)}\n`,
    );
  } finally {
    client?.destroy();
    await stopSandboxProcess(sandbox);
    await fs.rm(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`bench:sync failed: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
