/**
 * Every process a benchmark starts itself, stopped whatever way the benchmark ends. Each child
 * runs in its own process group (spawned detached), so its own children stop with it; a child
 * that moves its children to other groups (the sandbox starts moto detached) is followed through
 * /proc. On exit (normal, process.exit, an uncaught throw), on SIGINT/SIGTERM/SIGHUP, and when
 * the parent that started the bench dies (scripts/bench.mjs killed), every group and every
 * process seen below it is killed. Importing this module installs the hooks; the sandbox's
 * spawnLogged() children have their own (sandbox/src/processes.ts).
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { groupTree, readProcs, type ProcInfo } from '../../sandbox/src/procTable';

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false; // gone already
  }
}

export class BenchProcesses {
  private readonly leaders = new Set<number>();
  /** Every process seen below a leader (pid -> start), so orphans are still found at the end. */
  private readonly seen = new Map<number, string>();

  /** `spawn` in a process group of its own, registered for cleanup. */
  spawn(command: string, args: readonly string[], options: SpawnOptions = {}): ChildProcess {
    const child = spawn(command, args, { ...options, detached: true });
    if (child.pid !== undefined) this.leaders.add(child.pid);
    return child;
  }

  /** Remembers the processes now below the leaders (call while a child is known to have started its own). */
  snapshot(): void {
    for (const p of groupTree([...this.leaders])) this.seen.set(p.pid, p.start);
  }

  /**
   * Stops one child: SIGTERM to its group, SIGKILL to the group and everything below it after
   * `graceMs` or once the child has exited (its detached descendants included).
   */
  async stop(child: ChildProcess, graceMs = 5000): Promise<void> {
    const pid = child.pid;
    if (pid === undefined) return;
    this.snapshot();
    const tree = groupTree([pid]);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      signal(-pid, 'SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
      clearTimeout(timer);
    }
    this.killTree(pid, tree);
    this.leaders.delete(pid);
  }

  /** Kills every group and every process seen below one, now; returns how many were still alive. */
  killAll(): number {
    this.snapshot();
    let killed = 0;
    const alive = new Map(readProcs().map((p) => [p.pid, p.start]));
    for (const pid of this.leaders) signal(-pid, 'SIGKILL');
    for (const [pid, start] of this.seen) {
      if (alive.get(pid) === start && signal(pid, 'SIGKILL')) killed++;
    }
    this.leaders.clear();
    this.seen.clear();
    return killed;
  }

  private killTree(pid: number, tree: readonly ProcInfo[]): void {
    signal(-pid, 'SIGKILL');
    const alive = new Map(readProcs().map((p) => [p.pid, p.start]));
    for (const p of tree) if (alive.get(p.pid) === p.start) signal(p.pid, 'SIGKILL');
    for (const p of tree) this.seen.delete(p.pid);
  }
}

/** The one registry of this process (the hooks below end what it holds). */
export const benchProcesses = new BenchProcesses();

process.once('exit', () => benchProcesses.killAll());
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(sig, () => {
    benchProcesses.killAll();
    process.stderr.write(`bench: stopped by ${sig}\n`);
    // exit() also runs the sandbox's own exit hook for the servers it started (processes.ts).
    process.exit(128 + ({ SIGHUP: 1, SIGINT: 2, SIGTERM: 15 } as const)[sig]);
  });
}

// The parent that started the bench died (scripts/bench.mjs was killed): nobody is waiting for
// the results and nobody would stop the servers, so stop everything and end.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) {
    process.stderr.write('bench: the process that started this bench is gone; stopping\n');
    process.exit(1);
  }
}, 1000).unref();
