/**
 * Resolver verdicts cached by content: in memory for this process and as one small JSON file per
 * key on disk, so CI runs and editor sessions share them. Only decided verdicts (ok, conflict) are
 * kept, for 24 hours (an index gains releases; a day-old answer is still the one MWAA would give
 * within the hour of an upload). "unknown" is never cached: the next run should try again.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readBounded } from '../lint/requirements/boundedRead';
import type { RequirementProblem, ResolveVerdict } from './runtimeTypes';

export const RESOLVE_TTL_MS = 24 * 60 * 60 * 1000;
const MAX_MEMORY = 200;
const MAX_FILE_BYTES = 2 * 1024 * 1024;
const KEY = /^[0-9a-f]{64}$/;

type Decided = Extract<ResolveVerdict, { status: 'ok' | 'conflict' }>;

interface Stored {
  readonly savedAt: number;
  readonly status: 'ok' | 'conflict';
  readonly packages?: Array<[string, string]>;
  readonly problems?: RequirementProblem[];
}

const memory = new Map<string, Stored>();

/** Forgets the in-memory verdicts (tests; a user's "check again"). */
export function clearMemoryCache(): void {
  memory.clear();
}

function fileOf(dir: string, key: string): string {
  return path.join(dir, `${key}.json`);
}

function isProblem(p: unknown): p is RequirementProblem {
  if (typeof p !== 'object' || p === null) return false;
  const o = p as Record<string, unknown>;
  return typeof o.file === 'string' && typeof o.message === 'string'
    && (o.line === undefined || (Number.isInteger(o.line) && (o.line as number) > 0))
    && (o.project === undefined || typeof o.project === 'string');
}

/** A stored verdict read from disk, or undefined when it is not one (a cache file is not trusted). */
function parseStored(text: string): Stored | undefined {
  let o: unknown;
  try {
    o = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof o !== 'object' || o === null) return undefined;
  const s = o as Record<string, unknown>;
  if (typeof s.savedAt !== 'number') return undefined;
  if (s.status === 'ok' && Array.isArray(s.packages)
    && s.packages.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string' && typeof e[1] === 'string')) {
    return { savedAt: s.savedAt, status: 'ok', packages: s.packages as Array<[string, string]> };
  }
  if (s.status === 'conflict' && Array.isArray(s.problems) && s.problems.every(isProblem)) {
    return { savedAt: s.savedAt, status: 'conflict', problems: s.problems };
  }
  return undefined;
}

function toVerdict(s: Stored, ms: number): Decided {
  return s.status === 'ok'
    ? { status: 'ok', packages: new Map(s.packages ?? []), ms }
    : { status: 'conflict', problems: s.problems ?? [], ms };
}

function fresh(s: Stored, now: number): boolean {
  return s.savedAt <= now && now - s.savedAt < RESOLVE_TTL_MS;
}

/** The cached verdict for `key` (memory first, then `dir`), with `ms` the lookup's time. */
export function cachedVerdict(key: string, dir: string | undefined, now = Date.now()): Decided | undefined {
  if (!KEY.test(key)) return undefined;
  const t0 = Date.now();
  const inMemory = memory.get(key);
  if (inMemory && fresh(inMemory, now)) return toVerdict(inMemory, Date.now() - t0);
  memory.delete(key);
  if (!dir) return undefined;
  let stored: Stored | undefined;
  try {
    const r = readBounded(fileOf(dir, key), MAX_FILE_BYTES);
    stored = r.kind === 'read' ? parseStored(r.bytes.toString('utf8')) : undefined;
  } catch {
    return undefined;
  }
  if (!stored || !fresh(stored, now)) return undefined;
  remember(key, stored);
  return toVerdict(stored, Date.now() - t0);
}

function remember(key: string, s: Stored): void {
  memory.delete(key);
  memory.set(key, s);
  // Oldest first out: a Map iterates in insertion order.
  while (memory.size > MAX_MEMORY) memory.delete(memory.keys().next().value!);
}

/** Keeps a decided verdict; an unknown one is ignored. Disk errors are ignored (a cache is optional). */
export function storeVerdict(key: string, dir: string | undefined, verdict: ResolveVerdict, now = Date.now()): void {
  if (!KEY.test(key) || verdict.status === 'unknown') return;
  const s: Stored = verdict.status === 'ok'
    ? { savedAt: now, status: 'ok', packages: [...verdict.packages] }
    : { savedAt: now, status: 'conflict', problems: [...verdict.problems] };
  remember(key, s);
  if (!dir) return;
  const file = fileOf(dir, key);
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(tmp, JSON.stringify(s));
    // Written aside and renamed: a reader never sees half a file.
    fs.renameSync(tmp, file);
  } catch {
    fs.rmSync(tmp, { force: true });
  }
}
