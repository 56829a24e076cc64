/**
 * `.airflowignore` as Airflow reads it (airflow/utils/file.py `_find_path_from_directory`):
 * what Airflow will PARSE, not what we upload. Helper modules listed in `.airflowignore` (the MWAA
 * docs recommend exactly that) must still reach S3 so DAGs can import them; the upload decision
 * is syncFilter.ts's. This module answers "will Airflow look at this file as a possible DAG?",
 * which drives the uploaded -> visible-to-Airflow tracking.
 *
 * Semantics reproduced from Airflow:
 * - Files apply to their folder and everything below it; a sub-folder's file appends its patterns
 *   to the inherited ones. Lines lose everything from the first `#` (with the spaces before it).
 * - A directory that matches is pruned: nothing below it is scanned, a later `!` cannot revive it.
 * - `regexp` (default on Airflow 2): each line is a Python regex `search`ed in the path relative
 *   to the DAGs folder root (not to the ignore file's folder); a directory is tested without a
 *   trailing slash. Any match ignores; invalid regexes are skipped (Airflow logs a warning).
 * - `glob` (default on Airflow 3): gitignore lines. A pattern with a `/` at the start or in the
 *   middle is matched against the path relative to the ignore file's folder, any other against the
 *   entry's name alone; directories get a trailing `/`. The last matching line wins (`!` negates).
 * The files come from the workspace: globs match in linear time, regexes are used only within
 * the bounds of pythonRegex.ts, and each file is read up to MAX_IGNORE_FILE_BYTES. What is left
 * out is said in `warnings` (and to `onWarning`, the log).
 */
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { compileWildPattern, type WildPattern } from './gitWildMatch';
import { MAX_TESTED_PATH, pythonRegex } from './pythonRegex';

export const AIRFLOW_IGNORE_FILE = '.airflowignore';
export const MAX_IGNORE_FILE_BYTES = 256 * 1024;

export type IgnoreSyntax = 'regexp' | 'glob';

/** `core.dag_ignore_file_syntax` when set, else Airflow's default for the major version. */
export function ignoreSyntaxFor(airflowMajor: number | undefined, configured?: string): IgnoreSyntax {
  const v = configured?.trim().toLowerCase();
  if (v === 'regexp' || v === 'glob') return v;
  return (airflowMajor ?? 2) >= 3 ? 'glob' : 'regexp';
}

interface Rules {
  readonly regexps: readonly RegExp[];
  /** Glob patterns with the folder (relative, '' = root) anchored ones are relative to. */
  readonly globs: ReadonlyArray<{ readonly pattern: WildPattern; readonly dir: string }>;
}

const NO_RULES: Rules = { regexps: [], globs: [] };

export class AirflowIgnore {
  private readonly rulesByDir = new Map<string, Rules>();
  /** Invalid or unused lines and untested paths, for a diagnostic (Airflow logs invalid lines). */
  readonly warnings: string[] = [];
  private longPathWarned = false;

  /**
   * @param files `.airflowignore` contents keyed by their folder relative to the DAGs root ('' = root, POSIX).
   * @param onWarning told each warning as it is found (the log).
   */
  constructor(
    private readonly files: ReadonlyMap<string, string>,
    readonly syntax: IgnoreSyntax,
    private readonly onWarning?: (message: string) => void,
  ) {}

  static empty(syntax: IgnoreSyntax): AirflowIgnore {
    return new AirflowIgnore(new Map(), syntax);
  }

  /** Whether Airflow's DAG-folder scan skips this path (a file, or a directory when `isDir`). */
  isIgnored(relPath: string, isDir = false): boolean {
    const segs = relPath.split('/').filter((s) => s !== '');
    for (let d = 0; d < segs.length; d++) {
      const parent = segs.slice(0, d).join('/');
      const entryIsDir = d < segs.length - 1 || isDir;
      if (this.matches(this.rulesFor(parent), segs.slice(0, d + 1).join('/'), entryIsDir)) return true;
    }
    return false;
  }

  /** A file Airflow will read when looking for DAGs (the ignore file itself never is). */
  isScanned(relPath: string): boolean {
    return path.posix.basename(relPath) !== AIRFLOW_IGNORE_FILE && !this.isIgnored(relPath);
  }

  /** Reads every file's rules now, so `warnings` is complete (rules are otherwise read on first use). */
  compileAll(): this {
    for (const dir of this.files.keys()) this.rulesFor(dir);
    return this;
  }

  private matches(rules: Rules, rel: string, isDir: boolean): boolean {
    if (this.syntax === 'regexp') return rules.regexps.length > 0 && this.searchRegexps(rules.regexps, rel);
    let matched = false;
    for (const { pattern, dir } of rules.globs) {
      const base = pattern.anchored ? (dir ? rel.slice(dir.length + 1) : rel) : path.posix.basename(rel);
      if (pattern.test(isDir ? `${base}/` : base)) matched = pattern.include;
    }
    return matched;
  }

  /** Regexes are tried on short paths only: their cost grows with the path's length. */
  private searchRegexps(regexps: readonly RegExp[], rel: string): boolean {
    if (rel.length <= MAX_TESTED_PATH) return regexps.some((r) => r.test(rel));
    if (!this.longPathWarned) {
      this.longPathWarned = true;
      this.warn(`${AIRFLOW_IGNORE_FILE}: paths longer than ${MAX_TESTED_PATH} characters (such as '${rel.slice(0, 60)}…') are not tested against its regular expressions; the MWAA Toolkit treats them as parsed by Airflow`);
    }
    return false;
  }

  /** Records a warning and tells `onWarning`. */
  warn(message: string): void {
    this.warnings.push(message);
    this.onWarning?.(message);
  }

  /** The rules in force for entries of `dir`: inherited ones plus `dir`'s own file, in order. */
  private rulesFor(dir: string): Rules {
    const cached = this.rulesByDir.get(dir);
    if (cached) return cached;
    const inherited = dir === '' ? NO_RULES : this.rulesFor(dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/')) : '');
    const text = this.files.get(dir);
    const rules = text === undefined ? inherited : this.extend(inherited, dir, text);
    this.rulesByDir.set(dir, rules);
    return rules;
  }

  private extend(inherited: Rules, dir: string, text: string): Rules {
    const regexps = [...inherited.regexps];
    const globs = [...inherited.globs];
    const where = dir ? `${dir}/${AIRFLOW_IGNORE_FILE}` : AIRFLOW_IGNORE_FILE;
    for (const raw of text.split('\n')) {
      const line = raw.replace(/\r$/, '').replace(/\s*#.*/, '');
      if (!line) continue;
      if (this.syntax === 'regexp') {
        const re = pythonRegex(line);
        if (re.ok) regexps.push(re.regex);
        else if (re.invalid) this.warn(`${where}: invalid regular expression '${line}' is ignored by Airflow`);
        else this.warn(`${where}: the MWAA Toolkit does not use the pattern '${line.slice(0, 80)}${line.length > 80 ? '…' : ''}' (${re.reason}; Airflow still applies it)`);
      } else {
        const pattern = compileWildPattern(line);
        if (pattern) globs.push({ pattern, dir });
      }
    }
    return { regexps, globs };
  }
}

/**
 * Reads every `.airflowignore` under `folder` (skipping folders `skipDir` says are never
 * uploaded, such as `.git` or `node_modules`, and folders Airflow itself prunes).
 */
export async function loadAirflowIgnore(
  folder: string,
  syntax: IgnoreSyntax,
  skipDir: (relDir: string) => boolean = () => false,
  onWarning?: (message: string) => void,
): Promise<AirflowIgnore> {
  const files = new Map<string, string>();
  const tooLarge: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const abs = rel ? path.join(folder, ...rel.split('/')) : folder;
    const entries = await fs.readdir(abs, { withFileTypes: true }).catch(() => []);
    const ignoreFile = entries.find((e) => e.name === AIRFLOW_IGNORE_FILE && e.isFile());
    if (ignoreFile) {
      const text = await readBounded(path.join(abs, AIRFLOW_IGNORE_FILE));
      if (text === undefined) tooLarge.push(rel ? `${rel}/${AIRFLOW_IGNORE_FILE}` : AIRFLOW_IGNORE_FILE);
      else files.set(rel, text);
    }
    const partial = new AirflowIgnore(files, syntax);
    for (const e of entries) {
      if (!e.isDirectory()) continue;
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (skipDir(child) || partial.isIgnored(child, true)) continue;
      await walk(child);
    }
  };
  await walk('');
  const ignore = new AirflowIgnore(files, syntax, onWarning);
  for (const f of tooLarge) ignore.warn(`${f}: larger than ${MAX_IGNORE_FILE_BYTES / 1024} KB, not read (Airflow still applies it)`);
  return ignore.compileAll();
}

/** The file's text, or undefined when it is larger than MAX_IGNORE_FILE_BYTES. */
async function readBounded(file: string): Promise<string | undefined> {
  const handle = await fs.open(file, 'r');
  try {
    const buf = Buffer.alloc(MAX_IGNORE_FILE_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buf, length, buf.length - length, length);
      length += bytesRead;
      if (bytesRead === 0 || length === buf.length) break;
    }
    return length > MAX_IGNORE_FILE_BYTES ? undefined : buf.subarray(0, length).toString('utf8');
  } finally {
    await handle.close();
  }
}
