/**
 * Reading the files a requirements file includes (-r, -c) from disk, under one rule: only regular
 * files inside the allowed folders (compared after resolving symbolic links), at most a byte cap.
 * A requirements file is workspace content: without the rule `-r /proc/self/environ` or
 * `-r ../../.aws/credentials` would read secrets, and `-r /dev/zero` would never end.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readBounded } from './boundedRead';

/** An included file's text and its real path (the key that stops symlink loops), or why it was not read. */
export type IncludedFile = { readonly text: string; readonly realPath: string } | { readonly refused: string };

/** What the checker tells the reader about an include: where the requirements file and the DAG folder are. */
export interface IncludeContext {
  /** The checked requirements file (the top one, not the including one). */
  readonly requirementsFile?: string;
  /** Local folder of /usr/local/airflow/dags (the bound DAG folder, `--dag-folder`). */
  readonly dagFolder?: string;
}

/** One folder whose files may be included, with how messages name it ("the linted folder"). */
export interface IncludeRoot {
  readonly path: string;
  readonly name: string;
}

export interface IncludeReadOptions {
  readonly roots: readonly IncludeRoot[];
  readonly maxBytes: number;
  /** Bytes to text; default UTF-8. */
  readonly decode?: (bytes: Buffer) => string;
}

/** `is outside the linted folder: only files inside the linted folder /p or the DAG folder /d are followed`. */
export function outsideMessage(roots: readonly IncludeRoot[]): string {
  if (roots.length === 0) return 'is not followed: the requirements file is in no folder whose files may be included';
  const list = roots.map((r) => `${r.name} ${r.path}`).join(' or ');
  return `is outside ${roots[0]!.name}: only files inside ${list} are followed`;
}

function isInside(file: string, folder: string): boolean {
  const rel = path.relative(folder, file);
  return rel === '' || (rel !== '..' && !rel.startsWith('..' + path.sep) && !path.isAbsolute(rel));
}

function realpathOrUndefined(p: string): string | undefined {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return undefined;
  }
}

/**
 * Where an include may be read from: its real path when it and the path as written both lie inside
 * an allowed folder, a refusal, or undefined when it does not exist. The path as written is checked
 * first, so nothing outside the folders is even looked at.
 */
export function resolveInclude(absolutePath: string, roots: readonly IncludeRoot[]): { readonly realPath: string } | { readonly refused: string } | undefined {
  const written = path.resolve(absolutePath);
  const folders = roots.map((r) => ({ written: path.resolve(r.path), real: realpathOrUndefined(r.path) }));
  if (!folders.some((f) => isInside(written, f.written) || (f.real !== undefined && isInside(written, f.real)))) return { refused: outsideMessage(roots) };
  let realPath: string;
  try {
    realPath = fs.realpathSync.native(written);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ELOOP' ? { refused: 'is not followed: its symbolic links form a loop' } : undefined;
  }
  if (!folders.some((f) => f.real !== undefined && isInside(realPath, f.real))) {
    return { refused: `${outsideMessage(roots)} (it is a symbolic link to a file elsewhere)` };
  }
  return { realPath };
}

/** Why a bounded read did not give text, as the rest of a sentence starting with the include. */
export function notReadMessage(kind: 'tooLarge' | 'notRegular', maxBytes: number): string {
  return kind === 'notRegular'
    ? 'is not a regular file (a device, pipe, socket or folder): only regular files are followed'
    : `is larger than ${formatBytes(maxBytes)}: not followed`;
}

function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${+(n / 1024 / 1024).toFixed(1)} MB` : `${n} bytes`;
}

/** Reads an included file from disk under the rule above; undefined when it does not exist or cannot be read. */
export function readIncludedFile(absolutePath: string, options: IncludeReadOptions): IncludedFile | undefined {
  const where = resolveInclude(absolutePath, options.roots);
  if (!where || 'refused' in where) return where;
  try {
    const r = readBounded(where.realPath, options.maxBytes);
    if (r.kind !== 'read') return { refused: notReadMessage(r.kind, options.maxBytes) };
    return { text: options.decode ? options.decode(r.bytes) : r.bytes.toString('utf8'), realPath: where.realPath };
  } catch {
    return undefined;
  }
}
