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
