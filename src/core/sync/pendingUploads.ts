/**
 * Where upload-on-save keeps each binding's files in the extension's storage, and the cheap
 * check activation runs: did a previous window leave uploads pending? (Only fs: no sync core.)
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

export function sessionDir(storageDir: string, sessionId: string): string {
  return path.join(storageDir, 'sync', sessionId);
}

export function pendingFileOf(storageDir: string, sessionId: string): string {
  return path.join(sessionDir(storageDir, sessionId), 'pending.json');
}

/** Number of uploads left in a pending file (0 when absent or unreadable). */
export async function pendingCount(file: string): Promise<number> {
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as { items?: unknown };
    return Array.isArray(parsed.items) ? parsed.items.length : 0;
  } catch {
    return 0;
  }
}

export async function hasPendingUploads(storageDir: string): Promise<boolean> {
  const ids = await fs.readdir(path.join(storageDir, 'sync')).catch(() => [] as string[]);
  for (const id of ids) if ((await pendingCount(pendingFileOf(storageDir, id))) > 0) return true;
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
  readonly force?: boolean;
  readonly lastError?: string;
}

const PENDING_VERSION = 1;

/** The pending file's text; an upload cut off mid-flight is saved as waiting. */
export function encodePending(entries: Iterable<PendingEntry>): string {
  const out: PendingFile = {
    version: PENDING_VERSION,
    items: [...entries].map((i) => ({
      file: i.file, key: i.key, status: i.status === 'uploading' ? 'waiting' : i.status, attempts: i.attempts,
      ...(i.force ? { force: true } : {}), ...(i.lastError ? { lastError: i.lastError } : {}),
    })),
  };
  return JSON.stringify(out);
}

/** The uploads to resume from a parsed pending file: conflicts stay conflicts, the rest wait again. */
export function decodePending(saved: unknown): { file: string; key: string; status: 'waiting' | 'conflict'; force: boolean; lastError?: string }[] {
  const file = saved as Partial<PendingFile> | undefined;
  if (file?.version !== PENDING_VERSION || !Array.isArray(file.items)) return [];
  return file.items.flatMap((s) => (typeof s?.key === 'string' && typeof s.file === 'string'
    ? [{ file: s.file, key: s.key, status: s.status === 'conflict' ? 'conflict' as const : 'waiting' as const, force: s.force === true, ...(s.lastError ? { lastError: s.lastError } : {}) }]
    : []));
}
