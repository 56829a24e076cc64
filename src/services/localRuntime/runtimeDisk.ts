/**
 * A runtime on disk: its size, and the size a build is expected to take (for the question before
 * a first build).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuntimeInputs } from '../../core/runtime/runtimeTypes';

/** Files looked at at most when measuring a runtime (a venv holds tens of thousands). */
const MAX_FILES = 300_000;

/**
 * About how many MB a build takes: what measured builds took for the image's packages (Airflow
 * 2.11.2: 239 MB, 3.3.1: 299 MB),
 * plus a little per requirement line.
 */
export function estimatedSizeMb(inputs: RuntimeInputs): number {
  const base = inputs.airflowVersion.startsWith('2.') ? 250 : 300;
  const lines = inputs.requirements?.text.split(/\r?\n/).filter((l) => /^\s*[A-Za-z0-9]/.test(l)).length ?? 0;
  return Math.round((base + lines * 10) / 50) * 50;
}

/** The folder's size in MB (bounded walk; symbolic links not followed). */
export async function directorySizeMb(dir: string): Promise<number> {
  let bytes = 0;
  let files = 0;
  const stack = [dir];
  while (stack.length && files < MAX_FILES) {
    const current = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = await fs.promises.readdir(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const e of entries) {
      const p = path.join(current, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) {
        files++;
        bytes += await fs.promises.stat(p).then((s) => s.size, () => 0);
      }
    }
  }
  return Math.round(bytes / (1024 * 1024));
}
