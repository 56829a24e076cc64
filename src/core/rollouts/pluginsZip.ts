/**
 * plugins.zip from a plugins folder: the folder's CONTENTS at the archive root (MWAA unpacks it
 * into /usr/local/airflow/plugins, so `plugins/my_plugin.py` in the zip would land one level too
 * deep). The same never-upload rules as DAG sync apply (secrets, caches, VCS folders), and links
 * leaving the folder are left out.
 */
import * as fs from 'node:fs/promises';
import { UserFacingError } from '../errors';
import { listLocalFiles } from '../sync/localFiles';
import { SyncFilter } from '../sync/syncFilter';
import { buildZip, type ZipInput } from './zipArchive';

export interface PluginsZip {
  readonly zip: Buffer;
  /** Archive paths, sorted. */
  readonly files: readonly string[];
  readonly skipped: ReadonlyArray<{ readonly rel: string; readonly reason: string }>;
}

export async function buildPluginsZip(folder: string, options: { signal?: AbortSignal } = {}): Promise<PluginsZip> {
  const listing = await listLocalFiles(folder, new SyncFilter(), options.signal ? { signal: options.signal } : {});
  if (listing.files.length === 0) {
    const why = listing.skipped.length ? ` (left out: ${listing.skipped.slice(0, 3).map((s) => s.rel).join(', ')})` : '';
    throw new UserFacingError(`${folder} has no files to put in plugins.zip${why}. Choose the folder that holds your plugin modules.`);
  }
  const inputs: ZipInput[] = [];
  for (const f of listing.files) {
    options.signal?.throwIfAborted();
    const [data, st] = await Promise.all([fs.readFile(f.file), fs.stat(f.file)]);
    inputs.push({ path: f.rel, data, executable: (st.mode & 0o111) !== 0 });
  }
  const zip = buildZip(inputs);
  return { zip, files: inputs.map((i) => i.path).sort(), skipped: listing.skipped };
}
