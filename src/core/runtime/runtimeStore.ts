/**
 * The runtimes on disk: listing (what each was built from, when it was last used) and pruning
 * (runtimes unused for long, builds that died half-way). Every removal takes the runtime's lock,
 * so a build in progress is never removed from under its builder.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readMarker, RUNTIME_INFO, RUNTIME_MARKER } from './provision';
import { LOCAL_RUNTIME_EXTRAS } from './runtimeInputs';
import { withRuntimeLock } from './runtimeLock';

export interface StoredRuntime {
  readonly dir: string;
  readonly airflowVersion: string;
  readonly pythonVersion: string;
  /** False: a build that did not finish (no marker). */
  readonly complete: boolean;
  /** Built with a requirements file or extra packages (not MWAA's image alone). */
  readonly customised: boolean;
  /** Last use (the marker's time), or the folder's time for an unfinished build; ms since the epoch. */
  readonly lastUsedMs: number;
}

const NAME = /^airflow-(\d+\.\d+(?:\.\d+)?)-py(\d+\.\d+)-[0-9a-f]{16}$/;
const MAX_LISTED = 500;

function customised(dir: string): boolean {
  try {
    const info = JSON.parse(fs.readFileSync(path.join(dir, RUNTIME_INFO), 'utf8')) as { requirements?: unknown; extraPackages?: unknown };
    return info.requirements !== false || JSON.stringify(info.extraPackages) !== JSON.stringify(LOCAL_RUNTIME_EXTRAS);
  } catch {
    return true;
  }
}

/** What is known of the runtime folder `dir`, or undefined when it is not one (or is gone). */
function describe(dir: string): StoredRuntime | undefined {
  const m = NAME.exec(path.basename(dir));
  if (!m) return undefined;
  const complete = readMarker(dir) !== undefined;
  try {
    const lastUsedMs = fs.statSync(complete ? path.join(dir, RUNTIME_MARKER) : dir).mtimeMs;
    return { dir, airflowVersion: m[1]!, pythonVersion: m[2]!, complete, customised: complete && customised(dir), lastUsedMs };
  } catch {
    return undefined;
  }
}

/** The runtimes under `root` (folders named as runtimeDir names them), newest use first. */
export function listRuntimes(root: string): StoredRuntime[] {
  let names: string[];
  try {
    names = fs.readdirSync(root).filter((n) => NAME.test(n)).slice(0, MAX_LISTED);
  } catch {
    return [];
  }
  return names.map((n) => describe(path.join(root, n))).filter((r): r is StoredRuntime => r !== undefined)
    .sort((a, b) => b.lastUsedMs - a.lastUsedMs);
}

/**
 * Removes one runtime under its lock (waits for a build of it to end first). `still` is asked again
 * once the lock is held: a build that finished meanwhile is not removed by a prune.
 */
export async function removeRuntime(dir: string, signal?: AbortSignal, still: () => boolean = () => true): Promise<boolean> {
  return withRuntimeLock(`${dir}.lock`, async () => {
    if (!still()) return false;
    fs.rmSync(dir, { recursive: true, force: true });
    return true;
  }, signal ? { signal } : {});
}

export interface PruneOptions {
  /** Runtimes in use (their folders): never removed. */
  readonly keep?: ReadonlySet<string>;
  /** Complete runtimes unused for longer than this are removed (default: 30 days). */
  readonly unusedForMs?: number;
  readonly now?: number;
  readonly signal?: AbortSignal;
}

/**
 * Removes runtimes unused for long, and unfinished builds nobody is building (a build in progress
 * holds the lock: it is skipped, not waited for). Returns the folders removed.
 */
export async function pruneRuntimes(root: string, opts: PruneOptions = {}): Promise<string[]> {
  const now = opts.now ?? Date.now();
  const limit = opts.unusedForMs ?? 30 * 24 * 3600_000;
  const stale = (dir: string): boolean => {
    const r = describe(dir);
    return r !== undefined && (!r.complete || now - r.lastUsedMs >= limit);
  };
  const removed: string[] = [];
  for (const r of listRuntimes(root)) {
    if (opts.keep?.has(r.dir) || !stale(r.dir)) continue;
    if (!r.complete && fs.existsSync(`${r.dir}.lock`)) continue;
    if (await removeRuntime(r.dir, opts.signal, () => stale(r.dir))) removed.push(r.dir);
  }
  return removed;
}
