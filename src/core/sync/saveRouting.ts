/**
 * Where a saved file goes, decided before anything is queued: the innermost bound folder that
 * holds it, its key under that folder's DAGs prefix, or the reason it is not uploaded (outside
 * every bound folder, a link leaving the folder, a never-upload name, `mwaa.sync.exclude`, or a
 * dependency file that is rolled out by command, never on save).
 */
import { isUserFacingError } from '../errors';
import { relativeDagPath, resolveDagKey, type DagBinding } from './dagKeys';
import type { SyncFilter } from './syncFilter';

export type SaveRoute =
  | { readonly upload: true; readonly key: string; readonly rel: string }
  | { readonly upload: false; readonly reason: string };

/**
 * Files MWAA takes from outside the DAGs folder and installs with an environment update
 * (requirements, plugins, startup script): uploading them on save would put them where MWAA
 * never reads them, and rolling them out restarts the environment, so a command does it.
 */
export function rolloutReason(rel: string): string | undefined {
  const segs = rel.split('/');
  const name = segs[segs.length - 1]!;
  const what =
    /^requirements.*\.txt$/i.test(name) ? 'requirements file' :
    /^plugins\.zip$/i.test(name) || (segs.length > 1 && segs[0] === 'plugins') ? 'plugins' :
    /^startup.*\.sh$/i.test(name) ? 'startup script' : undefined;
  return what && `'${rel}' is not uploaded on save: the ${what} is installed by an environment update (the MWAA rollout commands), not read from the DAGs folder.`;
}

/** Key and relative path of a saved file, or why it stays local (never throws for bad paths). */
export async function routeSavedFile(file: string, binding: DagBinding, filter: SyncFilter): Promise<SaveRoute> {
  try {
    const rel = relativeDagPath(file, binding.folder);
    const verdict = filter.verdict(rel);
    if (!verdict.upload) return verdict;
    const rollout = rolloutReason(rel);
    if (rollout) return { upload: false, reason: rollout };
    return { upload: true, key: await resolveDagKey(file, binding), rel };
  } catch (err) {
    if (isUserFacingError(err)) return { upload: false, reason: err.message };
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { upload: false, reason: `'${file}' no longer exists.` };
    throw err;
  }
}
