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
