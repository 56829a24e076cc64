/**
 * `npm run bench:adversarial` (issue #13): the inputs the issue names (2,000- and 10,000-link
 * `DAG.a.a…` chains, 2,000 `DAG('dup')` copies, 10,000 nested `lambda:`, a requirements file
 * including /dev/zero, /proc/self/environ and a 3-symlink loop, the slow glob on a 31-character
 * name, 1 MB single-line files) through the entry points the extension host uses, each case in a
 * process of its own (adversarialCase.ts) with a time limit. Per case: the time the host's thread
 * was blocked (for the Python linter, which runs in a worker thread, only the main-thread part),
 * peak RSS, and whatever it left behind (threads, handles, processes). Peer: native ruff on the
 * same Python files in the same run. Target: every case under 1 s of host time.
 * Last line: `adversarial: cases=<n> max_host_ms=<n> max_rss_mb=<n> leaks=<n> lint_max_ms=<n>
 * ruff_max_ms=<n> ratio=<lint/ruff> over_1s=<n>`.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureVenv } from '../../sandbox/src/airflow/venv';
import type { CaseResult } from './adversarialCase';
import { writeAdversarialInputs, type AdversarialCase } from './adversarialInputs';
import { benchProcesses } from './benchProcesses';
import { groupTree } from '../../sandbox/src/procTable';
import { runBench } from './probeRunner';

/** A case still running after this is killed and counted at this time. */
const CASE_LIMIT_MS = 60_000;
const TARGET_MS = 1000;
const log = (line: string) => process.stderr.write(`${line}\n`);

function rssMbOf(pid: number): number {
  try {
    const kb = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : 0;
  } catch {
    return 0;
  }
}

interface Ran {
  readonly result: CaseResult;
  /** Processes of the case's group still alive after it exited (killed here). */
  readonly leftover: number;
}

/** Runs one case in its own process group; a case over the limit is killed and reported as such. */
function runCase(c: AdversarialCase, dir: string, canary: string): Promise<Ran> {
  const script = path.join(__dirname, 'adversarialCase.js');
  const child = benchProcesses.spawn(process.execPath, [script, JSON.stringify(c), dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, MWAA_ADVERSARIAL_CANARY: canary },
  });
  const pid = child.pid!;
  let out = '';
  let err = '';
  let peakRss = 0;
  const t0 = performance.now();
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssMbOf(pid))), 100);
  let timedOut = false;
  const limit = setTimeout(() => {
    timedOut = true;
    void benchProcesses.stop(child, 0);
  }, CASE_LIMIT_MS);
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      clearInterval(sampler);
      clearTimeout(limit);
      const wall = performance.now() - t0;
      // Anything of the case's group still alive is a leak: count it, then end it.
      const survivors = groupTree([pid]).filter((p) => p.pid !== pid);
      for (const p of survivors) process.kill(p.pid, 'SIGKILL');
      const line = out.trim().split('\n').pop() ?? '';
      let result: CaseResult;
      try {
        result = JSON.parse(line) as CaseResult;
      } catch {
        const why = timedOut ? `killed after ${CASE_LIMIT_MS / 1000} s` : `exited ${code}: ${err.trim().split('\n').slice(-3).join(' / ')}`;
        result = { name: c.name, hostMs: wall, longestBlockMs: wall, wallMs: wall, rssMb: peakRss, detail: why, leaks: { threads: 0, handles: [], processes: 0 } };
      }
      resolve({ result, leftover: survivors.length });
    });
  });
}

/** Native ruff (bench:lint's venv) on each Python file: the slowest whole command, in ms. */
async function ruffMaxMs(dir: string, files: readonly string[]): Promise<{ maxMs: number; version: string; each: string[] }> {
  const venv = await ensureVenv({ name: 'ruff', requirements: ['../probe/ruff-requirements.txt'] });
  const ruff = venv.bin('ruff');
  const run = (args: string[]) => new Promise<{ ms: number; out: string; code: number | null; signal: string | null }>((resolve, reject) => {
    const t0 = performance.now();
    const child = benchProcesses.spawn(ruff, args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ ms: performance.now() - t0, out, code, signal }));
  });
  const version = (await run(['--version'])).out.trim();
  let maxMs = 0;
  const each: string[] = [];
  for (const file of files) {
    const r = await run(['check', '--isolated', '--select', 'AIR3', '--output-format', 'json', '--no-cache', '--exit-zero', file]);
    const outcome = r.code === 0 ? `${(JSON.parse(r.out) as unknown[]).length} findings` : `crashed: ${r.signal ?? `exit ${r.code}`}`;
    each.push(`${path.basename(file)} ${r.ms.toFixed(0)} ms (${outcome})`);
    maxMs = Math.max(maxMs, r.ms);
  }
  return { maxMs, version, each };
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-adversarial-'));
  const canary = randomBytes(12).toString('hex');
  try {
    const cases = writeAdversarialInputs(dir);
    const ran: Ran[] = [];
    for (const c of cases) {
      const r = await runCase(c, dir, canary);
      ran.push(r);
      const { result: x } = r;
      const leaks = x.leaks.threads + x.leaks.handles.length + x.leaks.processes + r.leftover;
      log(`${x.hostMs > TARGET_MS ? 'OVER ' : ''}${x.name}: host ${x.hostMs.toFixed(1)} ms (longest block ${x.longestBlockMs.toFixed(1)} ms), wall ${x.wallMs.toFixed(0)} ms${x.lintMs !== undefined ? `, worker ${x.lintMs.toFixed(0)} ms` : ''}, peak RSS ${x.rssMb.toFixed(0)} MB, leaks ${leaks}${leaks ? ` (${JSON.stringify(x.leaks)}, ${r.leftover} processes left)` : ''}\n    ${x.detail}`);
    }
    const python = cases.filter((c) => c.kind === 'python').map((c) => path.join(dir, c.file!));
    const ruff = await ruffMaxMs(dir, python);
    log(`${ruff.version}: ${ruff.each.join(', ')}`);
    const results = ran.map((r) => r.result);
    const leaks = ran.reduce((n, r) => n + r.result.leaks.threads + r.result.leaks.handles.length + r.result.leaks.processes + r.leftover, 0);
    const lintMax = Math.max(0, ...results.map((x) => (x.lintMs !== undefined && Number.isFinite(x.lintMs) ? x.lintMs : 0)));
    const maxHost = Math.max(...results.map((x) => x.hostMs));
    const over = results.filter((x) => x.hostMs > TARGET_MS).length;
    process.stdout.write(
      `adversarial: cases=${results.length} max_host_ms=${maxHost.toFixed(1)} max_rss_mb=${Math.round(Math.max(...results.map((x) => x.rssMb)))} leaks=${leaks} ` +
      `lint_max_ms=${Math.round(lintMax)} ruff_max_ms=${Math.round(ruff.maxMs)} ratio=${(lintMax / ruff.maxMs).toFixed(2)} over_1s=${over}\n`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

runBench('adversarial', main);
