/**
 * Child processes of the sandbox (moto, Airflow's webserver/scheduler/...): each runs in its own
 * process group so that its own children (gunicorn workers, task supervisors) stop with it, and
 * each writes to a log file under the run folder. Groups are registered so that a parent that
 * exits, or gets SIGINT/SIGTERM, never leaves servers behind.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { groupTree, readProcs } from './procTable';

export interface SpawnedProcess {
  /** A short label for messages, e.g. `sandbox-af2 scheduler`. */
  name: string;
  child: ChildProcess;
  /** Where stdout and stderr go (appended). */
  logFile: string;
  /** True once the process has exited. */
  exited(): boolean;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves when the leader has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnLoggedOptions {
  cwd?: string;
  /** The complete environment (not merged with process.env: callers decide what a child sees). */
  env: NodeJS.ProcessEnv;
  /** Grace period between SIGTERM and SIGKILL in stop(); default 5000 ms. */
  graceMs?: number;
}

const live = new Set<SpawnedProcess>();

/**
 * Live processes that belong to the given leaders: their process groups plus every descendant
 * (Airflow 2's DagFileProcessorManager and task runners move to their own process groups, so
 * the group alone misses them).
 */
export function processTree(leaders: number[]): { pid: number; start: string; rssKb: number }[] {
  return groupTree(leaders).map(({ pid, start, rssKb }) => ({ pid, start, rssKb }));
}

/** Kills processes from an earlier snapshot that are still the same processes (same start time). */
function killLeftovers(snapshot: { pid: number; start: string }[]): void {
  if (snapshot.length === 0) return;
  const now = new Map(readProcs().map((p) => [p.pid, p.start]));
  for (const p of snapshot) {
    if (now.get(p.pid) === p.start) {
      try { process.kill(p.pid, 'SIGKILL'); } catch { /* gone */ }
    }
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}

/**
 * Spawns `command args` detached (own process group), stdout+stderr appended to `logFile`
 * (its folder is created), registered for stopAll() and for cleanup on parent exit.
 */
export function spawnLogged(name: string, command: string, args: string[], logFile: string, opts: SpawnLoggedOptions): SpawnedProcess {
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const fd = fs.openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn(command, args, { cwd: opts.cwd, env: opts.env, detached: true, stdio: ['ignore', fd, fd] });
  } finally {
    fs.closeSync(fd);
  }
  let done = child.exitCode !== null;
  const exitedP = new Promise<void>((resolve) => {
    child.once('exit', () => { done = true; resolve(); });
    child.once('error', () => { done = true; resolve(); });
  });
  const proc: SpawnedProcess = {
    name,
    child,
    logFile,
    exited: () => done,
    async stop(graceMs = opts.graceMs ?? 5000) {
      const pid = child.pid;
      if (pid === undefined) return;
      // Descendants in other groups are remembered now: once the leader is gone they are orphans.
      const tree = processTree([pid]);
      if (!done) {
        signalGroup(pid, 'SIGTERM');
        const timer = setTimeout(() => {
          signalGroup(pid, 'SIGKILL');
          killLeftovers(tree);
        }, graceMs);
        await exitedP;
        clearTimeout(timer);
      }
      signalGroup(pid, 'SIGKILL'); // group members that outlived their leader
      // Give well-behaved descendants a moment to finish their own SIGTERM handling, then kill the rest.
      const deadline = Date.now() + Math.min(graceMs, 3000);
      const alive = (): boolean => {
        const now = new Map(readProcs().map((p) => [p.pid, p.start]));
        return tree.some((p) => now.get(p.pid) === p.start);
      };
      while (alive() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      killLeftovers(tree);
      live.delete(proc);
    },
  };
  // Stays registered after the leader exits on its own: its group may still hold members.
  live.add(proc);
  return proc;
}

/**
 * A set of processes that stop together (e.g. one Airflow environment). stopAll() signals every
 * group at once, so the grace periods overlap instead of adding up.
 */
export class ProcessGroup {
  private readonly procs: SpawnedProcess[] = [];

  add(p: SpawnedProcess): SpawnedProcess {
    this.procs.push(p);
    return p;
  }

  list(): readonly SpawnedProcess[] {
    return this.procs;
  }

  /** Pids of the members and all their live descendants (Linux; leaders only elsewhere). */
  pids(): number[] {
    const leaders = this.procs.map((p) => p.child.pid).filter((p): p is number => p !== undefined);
    const tree = processTree(leaders).map((p) => p.pid);
    return tree.length ? tree : leaders.filter((_, i) => !this.procs[i]!.exited());
  }

  /** Resident memory of the members and their descendants, in MiB (Linux; 0 elsewhere). */
  rssMiB(): number {
    const leaders = this.procs.map((p) => p.child.pid).filter((p): p is number => p !== undefined);
    return Math.round(processTree(leaders).reduce((s, p) => s + p.rssKb, 0) / 1024);
  }

  /** The first member that exited, if any (a crashed server). */
  firstExited(): SpawnedProcess | undefined {
    return this.procs.find((p) => p.exited());
  }

  async stopAll(graceMs?: number): Promise<void> {
    const all = this.procs.splice(0).reverse();
    await Promise.all(all.map((p) => p.stop(graceMs)));
  }
}

/** Stops every process spawned through spawnLogged() in this Node process. */
export async function stopAllProcesses(graceMs?: number): Promise<void> {
  await Promise.all([...live].map((p) => p.stop(graceMs)));
}

function killAllNow(): void {
  const leaders = [...live].map((p) => p.child.pid).filter((p): p is number => p !== undefined);
  const tree = processTree(leaders);
  for (const pid of leaders) signalGroup(pid, 'SIGKILL');
  killLeftovers(tree);
}

// A parent that dies (Ctrl-C, failed test, crash) must not leave servers behind.
process.once('exit', killAllNow);

const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let shutdownHandler: ((signal: NodeJS.Signals) => Promise<void>) | undefined;
let shuttingDown = false;

/**
 * Ctrl-C in a terminal reaches every process of the foreground group, and a wrapper (npm, start.mjs)
 * forwards it again: a process gets the signal twice. So the handlers stay installed for good (a
 * second signal must never fall to the default action, which exits without the 'exit' event and
 * orphans the servers); the first signal runs the shutdown, a repeat while it runs is ignored, and
 * a shutdown past `hardMs` kills everything at once.
 */
function onShutdownSignal(signal: NodeJS.Signals): void {
  if (shuttingDown) return;
  shuttingDown = true;
  const code = 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGHUP' ? 1 : 15);
  const hard = setTimeout(() => { killAllNow(); process.exit(code); }, 15_000);
  hard.unref();
  const work = shutdownHandler ? shutdownHandler(signal) : stopAllProcesses(3000);
  work.catch(() => undefined).finally(() => process.exit(shutdownHandler ? 0 : code));
}
for (const signal of SHUTDOWN_SIGNALS) process.on(signal, onShutdownSignal);

/**
 * What a long-running parent (the sandbox CLI, `npm start`) does on SIGINT/SIGTERM/SIGHUP instead of
 * stopping the spawned processes alone: its own orderly stop; everything still spawned is killed
 * when the process exits.
 */
export function onShutdown(handler: (signal: NodeJS.Signals) => Promise<void>): void {
  shutdownHandler = handler;
}

/** Last `n` lines of a log file, for error messages ("… failed: <last lines>"). */
export function tailFile(file: string, n = 20): string {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.split('\n').slice(-n - 1).join('\n').trimEnd();
  } catch {
    return '(no log output)';
  }
}

/**
 * Polls `url` until it answers with a status below 500 that `ok` accepts (default: 2xx).
 * Fails after timeoutMs with the last status/error; fails fast if `alive()` turns false
 * (the server process died), quoting `diagnostics()` when given.
 */
export async function waitForHttp(url: string, timeoutMs: number, opts: {
  ok?: (status: number) => boolean;
  alive?: () => boolean;
  diagnostics?: () => string;
} = {}): Promise<void> {
  const ok = opts.ok ?? ((s: number) => s >= 200 && s < 300);
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (opts.alive && !opts.alive()) {
      throw new Error(`server behind ${url} exited before it was ready${opts.diagnostics ? `:\n${opts.diagnostics()}` : ''}`);
    }
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      await res.arrayBuffer().catch(() => undefined);
      if (ok(res.status)) return;
      last = `HTTP ${res.status}`;
    } catch (err) {
      last = (err as Error).message;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} not ready after ${timeoutMs} ms (last: ${last})${opts.diagnostics ? `:\n${opts.diagnostics()}` : ''}`);
}

export interface RunResult { stdout: string; stderr: string; code: number }

/** Short-lived commands (installs, CLI calls) in flight, killed if this process exits. */
const running = new Set<number>();
process.once('exit', () => {
  for (const pid of running) signalGroup(pid, 'SIGKILL');
});

/**
 * Runs a command to completion (own process group, killed on timeout), collecting its output.
 * Used for installs and the `airflow` CLI.
 */
export function runCommand(command: string, args: string[], opts: { env: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number; input?: string }): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.stdin!.end(opts.input ?? '');
    const cleanup = (): void => { if (child.pid) signalGroup(child.pid, 'SIGKILL'); };
    if (child.pid) running.add(child.pid);
    const forget = (): void => { if (child.pid) running.delete(child.pid); };
    let timedOut = false;
    const timer = opts.timeoutMs ? setTimeout(() => { timedOut = true; cleanup(); }, opts.timeoutMs) : undefined;
    child.once('error', (e) => {
      if (timer) clearTimeout(timer);
      forget();
      reject(new Error(`could not run ${command}: ${e.message}`));
    });
    child.once('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      forget();
      const stderr = Buffer.concat(err).toString('utf8') + (timedOut ? `\n(killed after ${opts.timeoutMs} ms timeout)` : '');
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr, code: code ?? (signal ? 128 : 1) });
    });
  });
}
