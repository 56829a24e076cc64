// The supervisor of `npm run bench:<name>` (scripts/bench.mjs): runs a bench in a process group of
// its own and remembers every process ever seen below it (polled from /proc: a server it started may
// sit in yet another group, as the sandbox's moto does). When the bench ends, however it ends, or
// the supervisor gets SIGINT/SIGTERM/SIGHUP, whatever is left of them is killed and named on stderr.
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';

const POLL_MS = 500;
const GRACE_MS = 10_000;

/**
 * @typedef {{ pid: number, ppid: number, pgid: number, start: string, comm: string }} Proc
 * @returns {Proc[]} a snapshot of /proc (Linux; empty elsewhere, where only the group is signalled)
 */
function readProcs() {
  /** @type {string[]} */
  let names;
  try {
    names = fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return [];
  }
  /** @type {Proc[]} */
  const out = [];
  for (const n of names) {
    try {
      const stat = fs.readFileSync(`/proc/${n}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (f[0] === 'Z') continue;
      out.push({ pid: Number(n), ppid: Number(f[1]), pgid: Number(f[2]), start: f[19] ?? '', comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** Every process seen below the bench, by pid: its start time (a reused pid is another process) and name. */
/** @type {Map<number, { start: string, comm: string }>} */
const seen = new Map();

/** @param {number} leader */
function track(leader) {
  const procs = readProcs();
  /** @type {Map<number, Proc[]>} */
  const byParent = new Map();
  for (const p of procs) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  // Start from the group and from everything already seen, so an orphan's children count too.
  const queue = procs.filter((p) => p.pgid === leader || p.pid === leader || seen.get(p.pid)?.start === p.start);
  /** @type {Set<number>} */
  const done = new Set();
  while (queue.length) {
    const p = /** @type {Proc} */ (queue.pop());
    if (done.has(p.pid)) continue;
    done.add(p.pid);
    seen.set(p.pid, { start: p.start, comm: p.comm });
    queue.push(...(byParent.get(p.pid) ?? []));
  }
}

/**
 * Kills the group and every remembered process still alive; names them (the bench itself excepted).
 * @param {number} leader
 */
function killLeftovers(leader) {
  track(leader);
  try {
    process.kill(-leader, 'SIGKILL');
  } catch {
    // the group is gone
  }
  const alive = new Map(readProcs().map((p) => [p.pid, p.start]));
  const left = [...seen].filter(([pid, p]) => pid !== leader && alive.get(pid) === p.start);
  for (const [pid] of left) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // exited meanwhile
    }
  }
  if (left.length) process.stderr.write(`bench: killed ${left.length} process(es) the bench left behind: ${left.map(([pid, p]) => `${p.comm} (${pid})`).join(', ')}\n`);
  return left.length;
}

/**
 * Runs the bench entry (a node script) in its own process group; resolves with its exit code once
 * it and everything it started are gone.
 * @param {string} entry
 * @param {string[]} [args]
 * @returns {Promise<number>}
 */
export function superviseBench(entry, args = []) {
  const child = spawn(process.execPath, [entry, ...args], { stdio: ['ignore', 'inherit', 'inherit'], detached: true });
  const leader = /** @type {number} */ (child.pid);
  const poll = setInterval(() => track(leader), POLL_MS);
  /** @param {NodeJS.Signals} sig */
  const onSignal = (sig) => {
    // The bench stops its own children on SIGTERM; whatever is left after the grace is killed.
    try {
      process.kill(-leader, 'SIGTERM');
    } catch {
      // already gone
    }
    setTimeout(() => {
      killLeftovers(leader);
      process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGHUP' ? 1 : 15));
    }, GRACE_MS).unref();
  };
  for (const sig of /** @type {const} */ (['SIGINT', 'SIGTERM', 'SIGHUP'])) process.on(sig, onSignal);
  return new Promise((resolve) => {
    child.on('exit', (code, sig) => {
      clearInterval(poll);
      killLeftovers(leader);
      resolve(code ?? (sig ? 128 : 1));
    });
  });
}
