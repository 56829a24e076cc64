/**
 * Local file <-> S3 key of a bound DAG folder. Every key this module returns lies strictly under
 * `<dagS3Path>/`; anything that could step outside (`..`, absolute paths, symlinks leaving the
 * folder, empty names) is refused with a message saying what to do.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { UserFacingError } from '../errors';

/** A workspace folder bound to an environment's DAGs folder. */
export interface DagBinding {
  /** Absolute local path of the bound folder. */
  readonly folder: string;
  readonly bucket: string;
  /** The environment's DagS3Path, normalised by dagPrefix(): `dags`, never empty. */
  readonly prefix: string;
}

export class SyncPathError extends UserFacingError {
  constructor(message: string) {
    super(message);
    this.name = 'SyncPathError';
  }
}

/** `dags`, `/dags/`, `dags//sub` -> `dags`, `dags/sub`. Refuses the bucket root and `..`. */
export function dagPrefix(dagS3Path: string | undefined): string {
  const segs = (dagS3Path ?? '').replace(/\\/g, '/').split('/').filter((s) => s !== '' && s !== '.');
  if (segs.length === 0) {
    throw new SyncPathError('The environment has no DAGs folder (DagS3Path is empty): set one in the MWAA console before syncing, so files cannot land at the bucket root.');
  }
  if (segs.includes('..')) throw new SyncPathError(`The environment's DagS3Path '${dagS3Path}' contains '..': fix it in the MWAA console.`);
  return segs.join('/');
}

/** The folder-relative POSIX path of a local file, refusing anything outside `folder`. */
export function relativeDagPath(file: string, folder: string): string {
  if (!path.isAbsolute(file)) throw new SyncPathError(`'${file}' is not an absolute path; pass the file's full path.`);
  const rel = path.relative(path.resolve(folder), path.resolve(file));
  if (rel === '') throw new SyncPathError(`'${file}' is the bound folder itself, not a file in it.`);
  if (path.isAbsolute(rel) || rel.split(path.sep).includes('..')) {
    throw new SyncPathError(`'${file}' is outside the bound DAG folder '${folder}': move it into that folder, or bind its own folder.`);
  }
  return checkRelative(rel.split(path.sep).join('/'), file);
}

/** S3 key of a local file: `<prefix>/<relative/path>`. Lexical check only; see resolveDagKey. */
export function dagKeyFor(file: string, binding: DagBinding): string {
  return `${dagPrefix(binding.prefix)}/${relativeDagPath(file, binding.folder)}`;
}

/**
 * dagKeyFor plus the symlink check: the file's real path must lie inside the folder's real path,
 * so a link to ~/.aws/credentials inside the DAGs folder is never uploaded.
 */
export async function resolveDagKey(file: string, binding: DagBinding): Promise<string> {
  const key = dagKeyFor(file, binding);
  const [realFolder, realFile] = await Promise.all([fs.realpath(binding.folder), fs.realpath(file)]);
  const rel = path.relative(realFolder, realFile);
  if (rel === '' || path.isAbsolute(rel) || rel.split(path.sep).includes('..')) {
    throw new SyncPathError(`'${file}' is a link to '${realFile}', outside the bound DAG folder: copy the file into the folder instead of linking it.`);
  }
  return key;
}

/** The folder-relative path of a key under `prefix`, or a refusal (for pulls and listings). */
export function relativePathOfKey(key: string, prefix: string): string {
  const p = `${dagPrefix(prefix)}/`;
  if (!key.startsWith(p)) throw new SyncPathError(`S3 key '${key}' is not under the DAGs folder '${p}'.`);
  return checkRelative(key.slice(p.length), key);
}

/** Whether a key lies strictly under the prefix (the guard every write goes through). */
export function isUnderPrefix(key: string, prefix: string): boolean {
  try {
    relativePathOfKey(key, prefix);
    return true;
  } catch {
    return false;
  }
}

/** Local absolute path for a key (pull), refusing keys that would land outside the folder. */
export function localPathOfKey(key: string, binding: DagBinding): string {
  const rel = relativePathOfKey(key, binding.prefix);
  if (/\\|^[A-Za-z]:/.test(rel)) throw new SyncPathError(`S3 key '${key}' has a backslash or drive letter; pull it by hand.`);
  return path.join(binding.folder, ...rel.split('/'));
}

function checkRelative(rel: string, what: string): string {
  if (rel.startsWith('/')) throw new SyncPathError(`'${what}' maps to an absolute key; only paths inside the DAG folder can be uploaded.`);
  const segs = rel.split('/');
  if (segs.some((s) => s === '')) throw new SyncPathError(`'${what}' has an empty path segment (a trailing or doubled '/'); rename it.`);
  if (segs.some((s) => s === '..' || s === '.')) throw new SyncPathError(`'${what}' contains a '.' or '..' segment; use a plain path inside the DAG folder.`);
  if (segs.some((s) => s.trim() === '')) throw new SyncPathError(`'${what}' has an empty name; rename it.`);
  return rel;
}
