import * as fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import * as path from 'node:path';
import { readBounded } from '../core/lint/requirements/boundedRead';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
const SKIP_DIRS = new Set(['.git', 'node_modules', '__pycache__', '.venv', 'venv', '.tox', '.mypy_cache', '.ruff_cache']);

export type FileKind = 'python' | 'requirements';

/** Python files and requirements files; the name decides (requirements*.txt, constraints*.txt). */
export function kindOf(file: string): FileKind | undefined {
  const base = path.basename(file).toLowerCase();
  if (base.endsWith('.py')) return 'python';
  if (base.endsWith('.txt') && /requirements|constraints|reqs/.test(base)) return 'requirements';
  return undefined;
}

/** A file to lint and the folder it was found in (the linted folder: where its -r/-c may point). */
export interface LintedFile {
  readonly file: string;
  readonly kind: FileKind;
  /** The folder given on the command line, or the folder of a file given on it (absolute). */
  readonly root: string;
}

/** Files under the given paths, folders walked recursively (explicit .txt files count as requirements). */
export function expandPaths(paths: readonly string[]): { files: LintedFile[]; missing: string[] } {
  const files: LintedFile[] = [];
  const missing: string[] = [];
  const walk = (dir: string, root: string) => {
    const entries = fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(full, root);
      } else if (e.isFile()) {
        const kind = kindOf(full);
        if (kind) files.push({ file: full, kind, root });
      }
    }
  };
  for (const p of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(p);
    } catch {
      missing.push(p);
      continue;
    }
    if (stat.isDirectory()) walk(p, path.resolve(p));
    else files.push({ file: p, kind: kindOf(p) ?? (p.toLowerCase().endsWith('.txt') ? 'requirements' : 'python'), root: path.dirname(path.resolve(p)) });
  }
  return { files, missing };
}

export interface DecodedFile {
  readonly text: string;
  /** False when the bytes were not UTF-8 and were read as Latin-1. */
  readonly utf8: boolean;
}

/** UTF-8 when valid (BOM dropped), else Latin-1 so every byte still maps to one character. */
export function decodeFile(bytes: Uint8Array): DecodedFile {
  // What TextDecoder('utf-8', { fatal: true }) gives, without a decoder per file: checked, then decoded.
  if (isUtf8(bytes)) {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, utf8: true };
  }
  return { text: new TextDecoder('latin1').decode(bytes), utf8: false };
}

/**
 * Reads a regular file of at most 5 MB (read with a cap: a stat size of 0 can hide more); else
 * `skipped` says why (a device or pipe given on the command line would never end or block).
 */
export function readSourceFile(file: string): { decoded?: DecodedFile; skipped?: string } {
  const r = readBounded(file, MAX_FILE_BYTES);
  if (r.kind === 'notRegular') return { skipped: 'skipped: not a regular file (a device, pipe or socket)' };
  if (r.kind === 'tooLarge') return { skipped: `skipped: ${(r.size / 1024 / 1024).toFixed(1)} MB is over the 5 MB limit` };
  return { decoded: decodeFile(r.bytes) };
}
