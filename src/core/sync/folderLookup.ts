/** Which bound folder a file belongs to: a lexical check cheap enough to run on every save. */
import * as path from 'node:path';

/** The innermost of `folders` that contains `file` (a file in dags/team bound apart goes there). */
export function innermostFolder<T>(file: string, folders: Iterable<readonly [string, T]>): { folder: string; value: T } | undefined {
  let best: { folder: string; value: T } | undefined;
  const target = path.resolve(file);
  for (const [folder, value] of folders) {
    const rel = path.relative(path.resolve(folder), target);
    if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) continue;
    if (!best || folder.length > best.folder.length) best = { folder, value };
  }
  return best;
}

/**
 * The bound folders that sit beside `file`: those whose parent folder contains it, nearest parent
 * first. MWAA's bucket keeps requirements.txt, plugins and startup.sh next to dags/, so a project
 * laid out like the bucket binds dags/ and its requirements.txt belongs to the same environment.
 */
export function foldersBeside<T>(file: string, folders: Iterable<readonly [string, T]>): Array<{ folder: string; value: T }> {
  const byParent = new Map<string, Array<{ folder: string; value: T }>>();
  for (const [folder, value] of folders) {
    const parent = path.dirname(path.resolve(folder));
    if (parent === path.resolve(folder)) continue;
    const list = byParent.get(parent) ?? [];
    list.push({ folder, value });
    byParent.set(parent, list);
  }
  const containing = innermostFolder(file, [...byParent.keys()].map((p) => [p, p] as const));
  return containing ? byParent.get(containing.folder)! : [];
}
