/**
 * Python traceback frames in task logs (`File "/usr/local/airflow/dags/x/y.py", line 12`) and
 * where they are on this machine. On MWAA the DAGs folder is /usr/local/airflow/dags; a bound
 * workspace folder stands for it. Pure: the editor checks which candidate exists.
 */

/** Where MWAA (and its local runner) mounts the DAGs folder. */
export const MWAA_DAGS_ROOT = '/usr/local/airflow/dags/';

export interface TracebackFrame {
  /** Offset of the quoted path's first character (inside the quotes) in the line. */
  readonly start: number;
  /** Length of `File "…", line N`: what a link covers. */
  readonly linkStart: number;
  readonly linkLength: number;
  readonly path: string;
  /** 1-based line number as Python prints it. */
  readonly line: number;
}

const FRAME = /File "([^"]+)", line (\d+)/g;

/** Every `File "…", line N` in one line of log text. */
export function findTracebackFrames(text: string): TracebackFrame[] {
  const out: TracebackFrame[] = [];
  for (const m of text.matchAll(FRAME)) {
    const line = Number(m[2]);
    if (!Number.isSafeInteger(line) || line < 1) continue;
    out.push({ start: m.index + 6, linkStart: m.index, linkLength: m[0].length, path: m[1]!, line });
  }
  return out;
}

// Library code is never the user's DAG, even when a folder on its path is called `dags`.
const LIBRARY = /\/(site-packages|dist-packages|lib\/python\d[\d.]*)\//;

/**
 * Paths relative to a DAGs folder that a remote file could be, most likely first: below
 * MWAA's /usr/local/airflow/dags, else below each `dags` folder on its path (a local stand-in or
 * another mount), outermost first. Empty for anything that is not DAG code.
 */
export function dagRelativeCandidates(remotePath: string): string[] {
  const p = remotePath.replaceAll('\\', '/');
  if (!p.startsWith('/') || LIBRARY.test(p) || !p.endsWith('.py')) return [];
  if (p.startsWith(MWAA_DAGS_ROOT)) return clean(p.slice(MWAA_DAGS_ROOT.length));
  const out: string[] = [];
  const parts = p.split('/');
  for (let i = 0; i < parts.length - 1; i++) {
    if (parts[i] === 'dags') out.push(...clean(parts.slice(i + 1).join('/')));
  }
  return out;
}

function clean(rel: string): string[] {
  const parts = rel.split('/').filter((s) => s !== '' && s !== '.');
  // A path that climbs out of the DAGs folder is not a DAG file we could map.
  if (parts.length === 0 || parts.includes('..')) return [];
  return [parts.join('/')];
}

/** `root` (a local folder path in its own platform's syntax) joined with a posix relative path. */
export function joinLocal(root: string, relative: string): string {
  const windows = /^[A-Za-z]:[\\/]/.test(root) || root.startsWith('\\\\');
  const sep = windows ? '\\' : '/';
  const base = root.replace(/[\\/]+$/, '');
  return `${base}${sep}${relative.split('/').join(sep)}`;
}

/**
 * Local files a traceback path may be, in order: each candidate relative path under each local
 * DAGs folder (the environment's bound folders first, as the caller orders them).
 */
export function localCandidates(remotePath: string, localDagFolders: readonly string[]): string[] {
  const rels = dagRelativeCandidates(remotePath);
  const out: string[] = [];
  for (const rel of rels) for (const root of localDagFolders) out.push(joinLocal(root, rel));
  return [...new Set(out)];
}
