/**
 * A lock between processes (two VS Code windows, mwaa-lint and a test run) on one runtime build:
 * a directory holding its owner's pid and host. The directory is made complete under a temporary
 * name and renamed into place, so a lock never exists without its owner. An owner that is gone
 * (same host, pid not running) is taken over; waiting can be cancelled.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface LockOptions {
  readonly signal?: AbortSignal;
  /** How often a waiter looks again (default 500 ms). */
  readonly pollMs?: number;
  /** Called once when the lock is held by another live process, with its pid. */
  readonly onWait?: (ownerPid: number) => void;
}

interface Owner {
  readonly pid: number;
  readonly host: string;
}

const OWNER_FILE = 'owner.json';

export function abortError(message = 'The runtime build was cancelled.'): Error {
  const e = new Error(message);
  e.name = 'AbortError';
  return e;
}

function readOwner(dir: string): Owner | undefined {
  try {
    const o = JSON.parse(fs.readFileSync(path.join(dir, OWNER_FILE), 'utf8')) as Partial<Owner>;
    return typeof o.pid === 'number' && typeof o.host === 'string' ? { pid: o.pid, host: o.host } : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(owner: Owner): boolean {
  // Another machine (a shared home folder): its processes cannot be checked, so it is alive.
  if (owner.host !== os.hostname()) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tempName(lockDir: string, what: string): string {
  return `${lockDir}.${what}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Tries once: true when this process now holds the lock. */
function tryAcquire(lockDir: string): boolean {
  const tmp = tempName(lockDir, 'new');
  fs.mkdirSync(tmp);
  fs.writeFileSync(path.join(tmp, OWNER_FILE), JSON.stringify({ pid: process.pid, host: os.hostname() }));
  try {
    fs.renameSync(tmp, lockDir);
    return true;
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'EPERM' || code === 'EACCES') return false;
    throw err;
  }
}

/**
 * Moves a dead owner's lock aside. Another waiter may have taken it over since the owner was read:
 * then the lock moved aside is a live one, and it is put back.
 */
function takeOver(lockDir: string, dead: Owner | undefined): void {
  const tomb = tempName(lockDir, 'stale');
  try {
    fs.renameSync(lockDir, tomb);
  } catch {
    return; // Gone already: someone else took it over.
  }
  const moved = readOwner(tomb);
  if (moved && (moved.pid !== dead?.pid || moved.host !== dead?.host)) {
    try {
      fs.renameSync(tomb, lockDir);
      return;
    } catch { /* a third process holds it now; the one moved aside lost it */ }
  }
  fs.rmSync(tomb, { recursive: true, force: true });
}

/**
 * A lock without a readable owner is not one this module made (locks are complete when they
 * appear): a leftover of an older format or a crash. Left alone for a moment in case it is new.
 */
function ownerless(lockDir: string): boolean {
  try {
    return Date.now() - fs.statSync(lockDir).mtimeMs > 5_000;
  } catch {
    return false; // Gone: the next try takes it.
  }
}

function release(lockDir: string): void {
  const owner = readOwner(lockDir);
  if (owner && owner.pid === process.pid && owner.host === os.hostname()) fs.rmSync(lockDir, { recursive: true, force: true });
}

function wait(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Runs `fn` holding the lock `lockDir` (waits for a live owner, takes over from a dead one). */
export async function withRuntimeLock<T>(lockDir: string, fn: () => Promise<T>, opts: LockOptions = {}): Promise<T> {
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  let told = false;
  // A process holding the lock itself (two calls in one process) waits like any other.
  while (!tryAcquire(lockDir)) {
    const owner = readOwner(lockDir);
    if (owner ? !isAlive(owner) : ownerless(lockDir)) {
      takeOver(lockDir, owner);
      continue;
    }
    if (owner && !told) {
      told = true;
      opts.onWait?.(owner.pid);
    }
    await wait(opts.pollMs ?? 500, opts.signal);
  }
  try {
    if (opts.signal?.aborted) throw abortError();
    return await fn();
  } finally {
    release(lockDir);
  }
}
