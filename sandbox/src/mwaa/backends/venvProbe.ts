import * as fs from 'node:fs';
import * as path from 'node:path';
import { RUNTIME_INFO, RUNTIME_MARKER } from '../../../../src/core/runtime/provision';
import { LOCAL_RUNTIME_EXTRAS } from '../../../../src/core/runtime/runtimeInputs';
import { cacheDir } from '../../cacheDir';

export interface AirflowVenv {
  python: string;
  version: string;
  major: number;
  /** The venv's Python, major.minor (from its `lib/pythonX.Y`), e.g. `3.12`. */
  pythonVersion: string;
}

/**
 * Finds the sandbox's Airflow runtimes (ensureAirflow: MWAA's image, no requirements) under the
 * cache by their `apache_airflow-X.dist-info`. This gives GetEnvironment the real installed
 * version, and the requirements resolver a python, without starting Airflow (only the
 * environments a test uses should run on 2 cores). Runtimes built with requirements or extra
 * packages (mwaa-lint, other tests share the folder) and unfinished builds are not MWAA's image.
 */
export function findAirflowVenvs(root = cacheDir('runtimes'), maxDepth = 2): AirflowVenv[] {
  const found: AirflowVenv[] = [];
  const walk = (dir: string, depth: number): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    if (entries.some((e) => e.name === 'pyvenv.cfg')) {
      const venv = isImageRuntime(dir) ? probeVenv(dir) : undefined;
      if (venv) found.push(venv);
      return;
    }
    if (depth >= maxDepth) return;
    for (const e of entries) {
      if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules' && e.name !== 'lib') walk(path.join(dir, e.name), depth + 1);
    }
  };
  walk(root, 0);
  return found.sort((a, b) => compareVersions(b.version, a.version));
}

/** A complete runtime (its marker) of MWAA's image alone (its info: no requirements, the default extras). */
function isImageRuntime(dir: string): boolean {
  if (!fs.existsSync(path.join(dir, RUNTIME_MARKER))) return false;
  try {
    const info = JSON.parse(fs.readFileSync(path.join(dir, RUNTIME_INFO), 'utf8')) as { requirements?: unknown; extraPackages?: unknown };
    return info.requirements === false && JSON.stringify(info.extraPackages) === JSON.stringify(LOCAL_RUNTIME_EXTRAS);
  } catch {
    return false;
  }
}

function probeVenv(dir: string): AirflowVenv | undefined {
  const lib = path.join(dir, 'lib');
  let pyDirs: string[];
  try {
    pyDirs = fs.readdirSync(lib).filter((d) => d.startsWith('python'));
  } catch {
    return undefined;
  }
  for (const py of pyDirs) {
    const site = path.join(lib, py, 'site-packages');
    let names: string[];
    try {
      names = fs.readdirSync(site);
    } catch {
      continue;
    }
    const dist = names.map((n) => /^apache_airflow-(\d+\.\d+\.\d+[^-]*)\.dist-info$/.exec(n)).find(Boolean);
    if (dist) {
      const version = dist[1]!;
      return { python: path.join(dir, 'bin', 'python'), version, major: Number(version.split('.')[0]), pythonVersion: py.slice('python'.length) };
    }
  }
  return undefined;
}

function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.+-]/).map((x) => Number.parseInt(x, 10) || 0);
  const pb = b.split(/[.+-]/).map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
