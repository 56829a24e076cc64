/**
 * The last check before the sync touches a local file, made on the real paths at the moment of
 * the read or write (a save's or a listing's checks can be minutes old):
 * - reading for upload: the file still lies inside the bound folder's real path, is a regular
 *   file, and neither its path nor its real path is on the never-upload list (a file replaced by
 *   a link to ~/.aws/credentials after the save is not read);
 * - writing a pull: every folder on the way is entered by its real path and must stay inside the
 *   bound folder, and no name on the way is on the never-touch list, compared as case-insensitive
 *   file systems compare names (an S3 key under `.GIT/` or through a link out of the folder is
 *   refused). The file it replaces keeps its permissions.
 */
import { constants as fsConstants } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { dagKeyFor, relativeDagPath, SyncPathError, type DagBinding } from './dagKeys';
import { writeFileAtomic } from './fileHash';
import { neverTouched } from './syncFilter';

/** Whether the real path `inner` is `root` itself or lies below it. */
export function isWithin(root: string, inner: string): boolean {
  const r = path.relative(root, inner);
  return r === '' || (!path.isAbsolute(r) && r !== '..' && !r.startsWith(`..${path.sep}`));
}

const posixRel = (root: string, real: string) => path.relative(root, real).split(path.sep).join('/');

/**
 * The bytes to upload from `file`, read only if it may be uploaded now. Throws SyncPathError with
 * the reason when not (and ENOENT when the file is gone).
 * @param key when given, the key the file must still map to (a restored upload).
 */
export async function readForUpload(file: string, binding: DagBinding, key?: string): Promise<Uint8Array> {
  const rel = relativeDagPath(file, binding.folder);
  if (key !== undefined && dagKeyFor(file, binding) !== key) {
    throw new SyncPathError(`'${file}' maps to ${dagKeyFor(file, binding)}, not ${key}: not uploaded there. Save the file again to upload it.`);
  }
  const never = neverTouched(rel);
  if (never) throw new SyncPathError(`'${rel}' is never uploaded: ${never.why} (${never.where}).`);
  const [root, real] = await Promise.all([fs.realpath(binding.folder), fs.realpath(file)]);
  if (real === root || !isWithin(root, real)) {
    throw new SyncPathError(`'${rel}' is now a link to '${real}', outside the bound DAG folder: not uploaded. Copy the file into the folder instead of linking it.`);
  }
  const realNever = neverTouched(posixRel(root, real));
  if (realNever) throw new SyncPathError(`'${rel}' leads to '${posixRel(root, real)}', which is never uploaded: ${realNever.why} (${realNever.where}).`);
  return readRegularFile(real, rel);
}

/** Reads `real` only if it is a regular file, from the very file checked (no link is followed on open). */
async function readRegularFile(real: string, rel: string): Promise<Uint8Array> {
  const notRegular = () => new SyncPathError(`'${rel}' is not a regular file (a folder, device, pipe or socket): only regular files are uploaded.`);
  const before = await fs.lstat(real);
  if (!before.isFile()) throw notRegular();
  // O_NONBLOCK: a pipe swapped in meanwhile does not hang the open; O_NOFOLLOW: nor does a link.
  const handle = await fs.open(real, fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0) | (fsConstants.O_NONBLOCK ?? 0));
  try {
    const st = await handle.stat();
    if (!st.isFile() || st.ino !== before.ino || st.dev !== before.dev) throw notRegular();
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

export interface LocalWriteOptions {
  /** Refuse when anything exists at the target already (a folder pull never clobbers local work). */
  readonly mustNotExist?: boolean;
}

/**
 * Writes `body` to the folder-relative POSIX path `rel` of `folder` (atomically, keeping the mode
 * of the file it replaces), creating folders only inside the folder. Returns the path written.
 */
export async function writeInsideFolder(folder: string, rel: string, body: Uint8Array, options: LocalWriteOptions = {}): Promise<string> {
  const segs = rel.split('/');
  if (segs.some((s) => s === '' || s === '.' || s === '..' || s.includes('\\')) || /^[A-Za-z]:/.test(rel)) {
    throw new SyncPathError(`'${rel}' is not a plain path inside the folder (empty, '.', '..', backslash or drive letter): not written.`);
  }
  const never = neverTouched(rel);
  if (never) throw new SyncPathError(`'${rel}' is not written from S3: ${never.why} (${never.where}) is never touched by the sync.`);
  const root = await fs.realpath(folder);
  let parent = root;
  for (let i = 0; i < segs.length - 1; i++) parent = await enterFolder(root, parent, segs[i]!, segs.slice(0, i + 1).join('/'), rel);
  // Checked again after creating folders: nothing may have been swapped in on the way.
  const realParent = await fs.realpath(parent);
  if (!isWithin(root, realParent)) throw outside(rel, path.posix.dirname(rel), realParent);
  const target = path.join(realParent, segs[segs.length - 1]!);
  const existing = await fs.lstat(target).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(err)));
  if (existing && options.mustNotExist) throw new SyncPathError(`${rel} now exists locally; not pulled over it. Re-run the sync to compare.`);
  if (existing?.isDirectory()) throw new SyncPathError(`'${rel}' is a folder locally: the S3 object is not written over it.`);
  await writeFileAtomic(target, body, existing?.isFile() ? existing.mode & 0o7777 : undefined);
  return target;
}

/** The real path of `parent/seg`, created when missing, refused when it leads out of `root` or to a never-touch place. */
async function enterFolder(root: string, parent: string, seg: string, relDir: string, rel: string): Promise<string> {
  const next = path.join(parent, seg);
  let st = await fs.lstat(next).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? undefined : Promise.reject(err)));
  if (!st) {
    await fs.mkdir(next).catch((err: NodeJS.ErrnoException) => (err.code === 'EEXIST' ? undefined : Promise.reject(err)));
    st = await fs.lstat(next);
  }
  const real = st.isSymbolicLink() ? await fs.realpath(next) : next;
  if (!isWithin(root, real)) throw outside(rel, relDir, real);
  const realNever = neverTouched(`${posixRel(root, real)}/`);
  if (realNever) throw new SyncPathError(`'${rel}' is not written from S3: '${relDir}' leads to ${realNever.where}, which the sync never touches (${realNever.why}).`);
  if (!(await fs.stat(real)).isDirectory()) throw new SyncPathError(`'${rel}' is not written: '${relDir}' is a file locally, not a folder.`);
  return real;
}

function outside(rel: string, relDir: string, real: string): SyncPathError {
  return new SyncPathError(`'${rel}' is not written from S3: the folder '${relDir}' leads outside the bound DAG folder (to '${real}'). Pull it by hand, or replace the link with a real folder.`);
}
