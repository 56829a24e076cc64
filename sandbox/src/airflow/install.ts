/**
 * Which Airflow each sandbox major runs, and its venv: a local MWAA runtime (src/core/runtime),
 * the same one the extension and mwaa-lint build. MWAA's image for the version (its bill of
 * materials under MWAA's essential pins and Airflow's constraints) on the Python MWAA runs for it
 * (3.12 for both), so the sandbox's Airflow is the environment's, package for package.
 */
import * as path from 'node:path';
import { ensureRuntime, findRuntime } from '../../../src/core/runtime/provision';
import { findPython, type FoundPython } from '../../../src/core/runtime/pythonFinder';
import { runtimeInputs } from '../../../src/core/runtime/runtimeInputs';
import type { BuildProgress } from '../../../src/core/runtime/runtimeTypes';
import { cacheDir } from '../cacheDir';
import { DATA_DIR, ensureUv, type Venv } from './venv';

export interface AirflowRelease {
  major: 2 | 3;
  version: string;
  /** Airflow's official constraints file for the version, under src/data/constraints. */
  constraints: string;
}

/**
 * 2.x: newest 2.11.x (2.11.2), MWAA's newest 2; constraints-2.11.2-py3.12.
 * 3.x: PyPI's newest is 3.3.2, but constraints are available only up to 3.3.1 (also MWAA's newest),
 * so 3.3.1 with constraints-3.3.1-py3.12. MWAA runs both on Python 3.12, and so does the sandbox.
 */
export const AIRFLOW_RELEASES: Record<2 | 3, AirflowRelease> = {
  2: { major: 2, version: '2.11.2', constraints: 'constraints-2.11.2-py3.12.txt' },
  3: { major: 3, version: '3.3.1', constraints: 'constraints-3.3.1-py3.12.txt' },
};

export interface EnsureAirflowOptions {
  signal?: AbortSignal;
  onProgress?: (p: BuildProgress) => void;
  /** Every line uv writes (redacted). */
  log?: (line: string) => void;
}

const pythons = new Map<string, Promise<FoundPython>>();

/** The interpreter of a Python version (MWAA_SANDBOX_PYTHON first when set), found once per process. */
function pythonFor(version: string): Promise<FoundPython> {
  let p = pythons.get(version);
  if (!p) {
    const configured = process.env.MWAA_SANDBOX_PYTHON;
    p = findPython(version, { env: process.env, ...(configured ? { configured } : {}) });
    p.catch(() => pythons.delete(version));
    pythons.set(version, p);
  }
  return p;
}

/** The environment uv builds with: the user's, with uv's download cache in the sandbox's cache. */
export function sandboxUvEnv(): NodeJS.ProcessEnv {
  return { ...process.env, UV_CACHE_DIR: cacheDir('uv-cache') };
}

/** Installs (cold: about a minute with uv's cache warm) or confirms (one marker read) the runtime of a major. */
export async function ensureAirflow(major: 2 | 3, opts: EnsureAirflowOptions = {}): Promise<Venv> {
  const release = AIRFLOW_RELEASES[major];
  if (!release) throw new Error(`ensureAirflow: major must be 2 or 3, got ${String(major)}`);
  const inputs = runtimeInputs({ airflowVersion: release.version, dataDir: DATA_DIR });
  const root = cacheDir('runtimes');
  // Built already: no interpreter search, no uv (a marker read).
  const runtime = findRuntime(root, inputs) ?? await ensureRuntime(inputs, {
    root,
    uv: await ensureUv(),
    python: (await pythonFor(inputs.pythonVersion)).path,
    env: sandboxUvEnv(),
    ...opts,
  });
  const bin = path.dirname(runtime.python);
  return {
    dir: runtime.dir,
    python: runtime.python,
    bin: (name) => path.join(bin, name),
    installed: runtime.built,
    installMs: runtime.buildMs,
  };
}
