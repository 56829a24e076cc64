/**
 * The files of an MWAA project around a DAGs folder, as MWAA's S3 layout puts them side by side
 * (`dags/`, `plugins/`, `requirements.txt`): looked for beside the DAGs folder and in the folders
 * above it, never above the workspace folder (nothing outside it is the project's).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Folders looked at above the DAGs folder at most (a deep DAGs folder still finds its project). */
const MAX_LEVELS = 8;

export interface ProjectFiles {
  readonly requirementsFile?: string;
  readonly pluginsFolder?: string;
}

/** requirements.txt and plugins/ nearest to `dagsFolder`, inside `workspaceFolder` (when given). */
export function projectFilesOf(dagsFolder: string, workspaceFolder: string | undefined): ProjectFiles {
  let requirementsFile: string | undefined;
  let pluginsFolder: string | undefined;
  for (const dir of foldersUp(dagsFolder, workspaceFolder)) {
    requirementsFile ??= isKind(path.join(dir, 'requirements.txt'), 'file');
    // The DAGs folder's own plugins/ would be parsed as DAGs by MWAA too; only a sibling counts.
    if (dir !== path.resolve(dagsFolder)) pluginsFolder ??= isKind(path.join(dir, 'plugins'), 'dir');
    if (requirementsFile && pluginsFolder) break;
  }
  return { ...(requirementsFile ? { requirementsFile } : {}), ...(pluginsFolder ? { pluginsFolder } : {}) };
}

/** The DAGs folder and the folders above it up to the workspace folder (or MAX_LEVELS without one). */
export function foldersUp(dagsFolder: string, workspaceFolder: string | undefined): string[] {
  const stop = workspaceFolder === undefined ? undefined : path.resolve(workspaceFolder);
  const out: string[] = [];
  let dir = path.resolve(dagsFolder);
  if (stop !== undefined && !isInside(dir, stop)) return [dir];
  for (let i = 0; i <= MAX_LEVELS; i++) {
    out.push(dir);
    const parent = path.dirname(dir);
    if (dir === stop || parent === dir) break;
    dir = parent;
  }
  return out;
}

export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

function isKind(p: string, kind: 'file' | 'dir'): string | undefined {
  try {
    const st = fs.statSync(p);
    return (kind === 'file' ? st.isFile() : st.isDirectory()) ? p : undefined;
  } catch {
    return undefined;
  }
}
