/**
 * Processes from /proc (Linux), for finding what the sandbox or a bench started wherever it moved.
 * No side effects (unlike processes.ts, which installs exit handlers): benches import it too.
 */
import * as fs from 'node:fs';

export interface ProcInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly pgid: number;
  /** Start time in clock ticks since boot: a pid reused later is another process. */
  readonly start: string;
  /** Resident memory in KiB. */
  readonly rssKb: number;
}

/** A snapshot of /proc (Linux); empty elsewhere, where only the groups are signalled. */
export function readProcs(): ProcInfo[] {
  let names: string[];
  try {
    names = fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  } catch {
    return [];
  }
  const out: ProcInfo[] = [];
  for (const n of names) {
    try {
      const stat = fs.readFileSync(`/proc/${n}/stat`, 'utf8');
      // Fields after "(comm)": state ppid pgrp session ... starttime is field 22 overall.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (f[0] === 'Z') continue; // a zombie is gone, only not yet reaped
      // rss in 4 KiB pages (x86-64/arm64 Linux)
      out.push({ pid: Number(n), ppid: Number(f[1]), pgid: Number(f[2]), start: f[19] ?? '', rssKb: Number(f[21] ?? 0) * 4 });
    } catch {
      // exited meanwhile
    }
  }
  return out;
}

/** The processes of the given groups and all their descendants, wherever those moved. */
export function groupTree(leaders: readonly number[], procs: readonly ProcInfo[] = readProcs()): ProcInfo[] {
  const byParent = new Map<number, ProcInfo[]>();
  for (const p of procs) byParent.set(p.ppid, [...(byParent.get(p.ppid) ?? []), p]);
  const seen = new Map<number, ProcInfo>();
  const queue = procs.filter((p) => leaders.includes(p.pid) || leaders.includes(p.pgid));
  while (queue.length) {
    const p = queue.pop()!;
    if (seen.has(p.pid)) continue;
    seen.set(p.pid, p);
    queue.push(...(byParent.get(p.pid) ?? []));
  }
  return [...seen.values()];
}
