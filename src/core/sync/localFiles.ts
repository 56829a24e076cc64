/**
 * The uploadable files of a bound folder, with their MD5s: the local half of a folder sync.
 * Never-upload folders are not even entered; symlinks are followed only while they stay inside
 * the folder and do not lead to a never-upload place (and each real folder is visited once, so
 * link loops end). A folder is entered only if its real path is still inside the folder.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { md5Hex } from './fileHash';
import { isWithin } from './folderGuard';
import { neverTouched, type SyncFilter } from './syncFilter';

export interface LocalFile {
  /** Folder-relative POSIX path. */
  readonly rel: string;
  /** Absolute path. */
  readonly file: string;
  readonly size: number;
  readonly hash: string;
}

export interface LocalListing {
  readonly files: LocalFile[];
  /** What was left out and why, for the plan's "not uploaded" section. */
  readonly skipped: Array<{ readonly rel: string; readonly reason: string; readonly notFollowed?: boolean }>;
}

export async function listLocalFiles(folder: string, filter: SyncFilter, options: { signal?: AbortSignal; concurrency?: number } = {}): Promise<LocalListing> {
  const root = await fs.realpath(folder);
  const found: Array<{ rel: string; file: string }> = [];
  const skipped: LocalListing['skipped'] = [];
  const visited = new Set<string>([root]);
  const inside = (real: string) => real !== root && isWithin(root, real);

  const walk = async (abs: string, rel: string): Promise<void> => {
    options.signal?.throwIfAborted();
    // Entered only while its real path is inside: a folder swapped for a link since it was listed is not followed.
    if (rel && !inside(await fs.realpath(abs))) {
      skipped.push({ rel: `${rel}/`, reason: `'${rel}/' now leads outside the bound folder; it is not uploaded.`, notFollowed: true });
      return;
    }
    const entries = await fs.readdir(abs, { withFileTypes: true });
    for (const e of entries) {
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      const childAbs = path.join(abs, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        const real = await fs.realpath(childAbs).catch(() => undefined);
        if (!real || !inside(real)) {
          skipped.push({ rel: childRel, reason: `'${childRel}' is a link to outside the bound folder; it is not uploaded.`, notFollowed: true });
          continue;
        }
        const st = await fs.stat(real);
        isDir = st.isDirectory();
        isFile = st.isFile();
        const never = neverTouched(path.relative(root, real).split(path.sep).join('/') + (isDir ? '/' : ''));
        if (never) {
          skipped.push({ rel: childRel, reason: `'${childRel}' is a link to ${never.where}, which is never uploaded (${never.why}).`, notFollowed: true });
          continue;
        }
        if (isDir && visited.has(real)) continue;
        if (isDir) visited.add(real);
      }
      if (isDir) {
        const reason = filter.dirSkipReason(childRel);
        if (reason) skipped.push({ rel: `${childRel}/`, reason });
        else await walk(childAbs, childRel);
      } else if (isFile) {
        const v = filter.verdict(childRel);
        if (v.upload) found.push({ rel: childRel, file: childAbs });
        else skipped.push({ rel: childRel, reason: v.reason });
      }
    }
  };
  await walk(folder, '');

  const files: LocalFile[] = new Array(found.length);
  let next = 0;
  const worker = async () => {
    while (next < found.length) {
      const i = next++;
      options.signal?.throwIfAborted();
      const body = await fs.readFile(found[i]!.file);
      files[i] = { ...found[i]!, size: body.byteLength, hash: md5Hex(body) };
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 16, found.length) }, worker));
  return { files, skipped };
}
