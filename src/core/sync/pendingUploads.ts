/**
 * Where upload-on-save keeps each binding's pending uploads in the extension's storage, and the
 * cheap check activation runs: did a closed window leave uploads pending? (Only fs: no sync core.)
 *
 * One pending file per window and binding, `pending.<window>.json` (the window is its extension
 * host's pid). Two windows with the same folder open had shared one file, each writing its own
 * set over the other's, so a window closing lost the other's pending uploads. Now a window writes
 * only its own file, and adopts a file only once its window is gone: it renames the file to a
 * name of its own (`pending.<window>.<random>.json`; a rename succeeds for one window only), loads
 * it, writes its own file, and deletes the adopted one only after that write succeeded. An
 * upload is therefore always in some file until it is done; if a pid is reused, the file merely
 * waits until that process ends.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

/** Bounds on what is read from storage (the files are ours, but a bad disk or a hand edit must not hang activation). */
export const MAX_PENDING_BYTES = 16 * 1024 * 1024;
export const MAX_PENDING_ITEMS = 100_000;

const PENDING_NAME = /^pending(?:\.([A-Za-z0-9_-]+)(?:\.[A-Za-z0-9_-]+)?)?\.json$/;

export function sessionDir(storageDir: string, sessionId: string): string {
  return path.join(storageDir, 'sync', sessionId);
}

/** This window's own pending file of a session. */
export function pendingFileOf(storageDir: string, sessionId: string, windowId: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(windowId)) throw new Error(`invalid window id '${windowId}'`);
  return path.join(sessionDir(storageDir, sessionId), `pending.${windowId}.json`);
}

/** Whether the process (window) `id` is still running; an unknown id counts as gone. */
export function isProcessAlive(id: string): boolean {
  const pid = Number(id);
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // it exists, owned by someone else
  }
}

export interface WindowContext {
  /** This window (its own files are never adopted). */
  readonly windowId: string;
  readonly isAlive: (windowId: string) => boolean;
}

/** This process's window: the extension host's pid. */
export const THIS_WINDOW: WindowContext = { windowId: String(process.pid), isAlive: isProcessAlive };

/** Pending files in a session folder another window left: the legacy shared file, or files of windows that are gone. */
export async function orphanedPendingFiles(dir: string, ctx: WindowContext): Promise<string[]> {
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return names.flatMap((name) => {
    const m = PENDING_NAME.exec(name);
    if (!m) return [];
    const owner = m[1];
    // This window's own files (its pending file, files it is adopting) are never orphans.
    return owner === undefined || (owner !== ctx.windowId && !ctx.isAlive(owner)) ? [path.join(dir, name)] : [];
  });
}

/** Takes the orphaned files of a session for this window: each renamed to a name of its own (one window wins each). */
export async function claimOrphans(dir: string, ctx: WindowContext): Promise<string[]> {
  const claimed: string[] = [];
  for (const file of await orphanedPendingFiles(dir, ctx)) {
    const mine = path.join(dir, `pending.${ctx.windowId}.${Math.random().toString(36).slice(2, 10)}.json`);
    try {
      await fs.rename(file, mine);
      claimed.push(mine);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err; // ENOENT: another window took it
    }
  }
  return claimed;
}

/** Whether a pending file holds uploads to resume (or cannot be read: restoring it reports that). */
export async function hasUploadsIn(file: string): Promise<boolean> {
  try {
    if ((await fs.stat(file)).size > MAX_PENDING_BYTES) return true;
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as { items?: unknown } | null;
    return !Array.isArray(parsed?.items) || parsed.items.length > 0;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

/** Whether any orphaned pending file of the session folder `dir` holds uploads. */
export async function hasOrphanedUploads(dir: string, ctx: WindowContext): Promise<boolean> {
  for (const file of await orphanedPendingFiles(dir, ctx)) if (await hasUploadsIn(file)) return true;
  return false;
}

/**
 * Activation's check: whether a closed window left uploads pending for a folder open here
 * (`isOpen`, given the session's folder from its meta.json).
 */
export async function hasPendingUploads(storageDir: string, ctx: WindowContext = THIS_WINDOW, isOpen: (folder: string) => boolean = () => true): Promise<boolean> {
  const ids = await fs.readdir(path.join(storageDir, 'sync')).catch(() => [] as string[]);
  for (const id of ids) {
    const dir = sessionDir(storageDir, id);
    if (!(await hasOrphanedUploads(dir, ctx))) continue;
    const meta = await fs.readFile(path.join(dir, 'meta.json'), 'utf8').then((t) => JSON.parse(t) as { folder?: unknown }, () => undefined);
    if (typeof meta?.folder !== 'string' || isOpen(meta.folder)) return true;
  }
  return false;
}

/** The pending file's format (version 1): what a window reload needs to resume each upload. */
interface PendingFile {
  version: number;
  items: PendingEntry[];
}

export interface PendingEntry {
  readonly file: string;
  readonly key: string;
  readonly status: 'waiting' | 'uploading' | 'failed' | 'conflict';
  readonly attempts: number;
  readonly lastError?: string;
}

/** An upload to resume: conflicts stay conflicts, the rest wait again. */
export interface RestoredEntry {
  readonly file: string;
  readonly key: string;
  readonly status: 'waiting' | 'conflict';
  readonly lastError?: string;
}

const PENDING_VERSION = 1;

/**
 * The pending file's text; an upload cut off mid-flight is saved as waiting. An Overwrite the
 * user chose is not saved: it was for the object in S3 at that moment, and is asked again after
 * a reload rather than applied to whatever S3 holds by then.
 */
export function encodePending(entries: Iterable<PendingEntry>): string {
  const out: PendingFile = {
    version: PENDING_VERSION,
    items: [...entries].map((i) => ({
      file: i.file, key: i.key, status: i.status === 'uploading' ? 'waiting' : i.status, attempts: i.attempts,
      ...(i.lastError ? { lastError: i.lastError } : {}),
    })),
  };
  return JSON.stringify(out);
}

/** What a pending file held, and what was wrong with it (the file is then kept aside as `keptAs`). */
export interface PendingRead {
  readonly entries: RestoredEntry[];
  readonly problem?: string;
  readonly keptAs?: string;
}

/** Reads a pending file; one that cannot be used whole is renamed aside (`.corrupt`), never emptied. */
export async function readPending(file: string): Promise<PendingRead> {
  let text: string;
  try {
    if ((await fs.stat(file)).size > MAX_PENDING_BYTES) return keepAside(file, [], `it is larger than ${MAX_PENDING_BYTES / 1024 / 1024} MB`);
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { entries: [] };
    return { entries: [], problem: `it could not be read (${(err as Error).message})` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    return keepAside(file, [], `it is not valid JSON (${(err as Error).message})`);
  }
  const { entries, problem } = decodePending(parsed);
  return problem ? keepAside(file, entries, problem) : { entries };
}

async function keepAside(file: string, entries: RestoredEntry[], problem: string): Promise<PendingRead> {
  let keptAs = `${file}.corrupt`;
  if (await fs.stat(keptAs).then(() => true, () => false)) keptAs = `${file}.${Date.now()}.corrupt`;
  try {
    await fs.rename(file, keptAs);
    return { entries, problem, keptAs };
  } catch (err) {
    return { entries, problem: `${problem}; it could not be moved aside either (${(err as Error).message})` };
  }
}

/** The uploads of a parsed pending file, and what is wrong with it if it cannot be used whole. */
export function decodePending(saved: unknown): { entries: RestoredEntry[]; problem?: string } {
  const file = saved as Partial<PendingFile> | null | undefined;
  if (file?.version !== PENDING_VERSION || !Array.isArray(file.items)) return { entries: [], problem: `it is not a version ${PENDING_VERSION} pending-uploads file` };
  if (file.items.length > MAX_PENDING_ITEMS) return { entries: [], problem: `it lists more than ${MAX_PENDING_ITEMS} uploads` };
  const entries = file.items.flatMap((s): RestoredEntry[] => (validEntry(s)
    ? [{ file: s.file, key: s.key, status: s.status === 'conflict' ? 'conflict' : 'waiting', ...(typeof s.lastError === 'string' ? { lastError: s.lastError.slice(0, 2000) } : {}) }]
    : []));
  const bad = file.items.length - entries.length;
  return bad ? { entries, problem: `${bad} of its ${file.items.length} entries are malformed` } : { entries };
}

function validEntry(s: unknown): s is PendingEntry {
  const e = s as Partial<PendingEntry> | null;
  return typeof e?.key === 'string' && e.key.length > 0 && e.key.length <= 1024
    && typeof e.file === 'string' && e.file.length <= 4096 && path.isAbsolute(e.file);
}
