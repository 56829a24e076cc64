/**
 * The files of a dags folder Airflow would parse (its `.airflowignore` and the safe-mode heuristic
 * applied, as the scheduler lists them), and their parse by one DagParseWorker, file by file.
 * Bounded: at most `maxFiles` files, a folder depth of 40, files read up to 2 MiB for the heuristic.
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { ignoreSyntaxFor, loadAirflowIgnore, type IgnoreSyntax } from '../sync/airflowIgnore';
import { mightContainDag } from '../sync/dagDetection';
import type { DagParseWorker } from './parseWorker';
import type { ParseResult } from './runtimeTypes';

export const MAX_FOLDER_FILES = 5000;
const MAX_DEPTH = 40;
const MAX_HEURISTIC_BYTES = 2 * 1024 * 1024;
/** Never DAG sources, and large: not walked. */
const SKIPPED_DIRS = new Set(['__pycache__', '.git', 'node_modules', '.venv', 'venv', '.mypy_cache', '.pytest_cache']);

export interface DagFileListing {
  /** Absolute paths, sorted. */
  readonly files: string[];
  /** More files than the bound: the rest were not listed. */
  readonly truncated: boolean;
  readonly warnings: string[];
}

export interface ListOptions {
  readonly airflowMajor?: number;
  /** `core.dag_ignore_file_syntax` when the environment sets it. */
  readonly ignoreSyntax?: string;
  /** `core.dag_discovery_safe_mode` (default true). */
  readonly safeMode?: boolean;
  readonly maxFiles?: number;
}

async function readHead(file: string): Promise<Buffer> {
  const handle = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(MAX_HEURISTIC_BYTES);
    const { bytesRead } = await handle.read(buf, 0, buf.length, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** The files Airflow's scan of `folder` would hand to DagBag. */
export async function listDagFiles(folder: string, options: ListOptions = {}): Promise<DagFileListing> {
  const root = path.resolve(folder);
  const syntax: IgnoreSyntax = ignoreSyntaxFor(options.airflowMajor, options.ignoreSyntax);
  const warnings: string[] = [];
  const skipDir = (rel: string) => SKIPPED_DIRS.has(path.posix.basename(rel));
  const ignore = await loadAirflowIgnore(root, syntax, skipDir, (w) => warnings.push(w));
  const max = options.maxFiles ?? MAX_FOLDER_FILES;
  const files: string[] = [];
  let truncated = false;
  const walk = async (rel: string, depth: number): Promise<void> => {
    if (truncated || depth > MAX_DEPTH) return;
    const abs = rel ? path.join(root, ...rel.split('/')) : root;
    const entries = (await fs.readdir(abs, { withFileTypes: true }).catch(() => [])).sort((a, b) => a.name.localeCompare(b.name));
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!skipDir(child) && !ignore.isIgnored(child, true)) await walk(child, depth + 1);
      } else if (e.isFile() && /\.(py|zip)$/i.test(e.name) && ignore.isScanned(child)) {
        const full = path.join(abs, e.name);
        const head = /\.py$/i.test(e.name) ? await readHead(full).catch(() => Buffer.alloc(0)) : '';
        if (!mightContainDag(child, head, ignore, options.safeMode ?? true)) continue;
        if (files.length >= max) {
          truncated = true;
          return;
        }
        files.push(full);
      }
      if (truncated) return;
    }
  };
  await walk('', 0);
  return { files: files.sort(), truncated, warnings };
}

/**
 * Whether Airflow's scan of `folder` would hand `file` to DagBag (its `.airflowignore` files and the
 * safe-mode heuristic), for one file: what the parse gate asks on save.
 */
export async function isDagFileCandidate(folder: string, file: string, options: Omit<ListOptions, 'maxFiles'> = {}): Promise<boolean> {
  const root = path.resolve(folder);
  const rel = path.relative(root, path.resolve(file)).split(path.sep).join('/');
  if (!rel || rel.startsWith('../') || path.isAbsolute(rel)) return false;
  if (rel.split('/').slice(0, -1).some((d) => SKIPPED_DIRS.has(d))) return false;
  const ignore = await loadAirflowIgnore(root, ignoreSyntaxFor(options.airflowMajor, options.ignoreSyntax), (d) => SKIPPED_DIRS.has(path.posix.basename(d)));
  if (rel.split('/').slice(0, -1).some((_, i, parts) => ignore.isIgnored(parts.slice(0, i + 1).join('/'), true))) return false;
  const head = /\.py$/i.test(rel) ? await readHead(path.join(root, ...rel.split('/'))).catch(() => Buffer.alloc(0)) : '';
  return mightContainDag(rel, head, ignore, options.safeMode ?? true);
}

/** Parses each listed file in turn; a cancelled signal stops before the next file. */
export async function parseFiles(worker: DagParseWorker, files: readonly string[], opts: { signal?: AbortSignal; onResult?: (r: ParseResult) => void } = {}): Promise<ParseResult[]> {
  const results: ParseResult[] = [];
  for (const f of files) {
    if (opts.signal?.aborted) break;
    const r = await worker.parseFile(f, opts.signal);
    results.push(r);
    opts.onResult?.(r);
  }
  return results;
}
