/**
 * Python venvs of the sandbox's tools (moto, ruff) under the git-ignored cache, and the uv every
 * install uses (Airflow's venvs are local MWAA runtimes: install.ts). Installs go through
 * `uv pip install` (a bootstrap venv holds a pinned uv from PyPI); a marker file records a hash of
 * what was installed, so an up-to-date venv costs one small file read.
 */
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDir } from '../cacheDir';
import { runCommand, type RunResult } from '../processes';
import { withRuntimeLock } from '../../../src/core/runtime/runtimeLock';

/** `sandbox/python` in the source tree (this file compiles to out/sandbox/src/airflow/). */
export const PYTHON_DIR = (() => {
  for (const up of ['../../python', '../../../../sandbox/python']) {
    const dir = path.resolve(__dirname, up);
    if (fs.existsSync(path.join(dir, 'requirements'))) return dir;
  }
  throw new Error(`sandbox/python not found next to ${__dirname}`);
})();

/** The extension's bundled data (constraints index, constraint files, MWAA's bill of materials). */
export const DATA_DIR = path.resolve(PYTHON_DIR, '..', '..', 'src', 'data');

/** The official constraints files, shared with the extension's bundled data (one copy in the repo). */
export const CONSTRAINTS_DIR = path.join(DATA_DIR, 'constraints');

const MARKER = '.sandbox-installed';

export interface VenvSpec {
  /** Folder name under cacheDir('venvs'), e.g. `airflow-2.11.2`. */
  name: string;
  /** Requirement files under sandbox/python/requirements (pip syntax). */
  requirements: string[];
  /** Optional constraints file under src/data/constraints (the files the extension bundles). */
  constraints?: string;
}

export interface Venv {
  dir: string;
  python: string;
  bin(name: string): string;
  /** True when this call installed (cold), false when the marker said it was current. */
  installed: boolean;
  /** Wall time of the install (0 when it was already current). */
  installMs: number;
}

/** Interpreters tried in order for the tool venvs when MWAA_SANDBOX_PYTHON is not set. */
const PYTHON_CANDIDATES = ['python3.12', 'python3.11', 'python3.10', 'python3'];

let chosen: { exe: string; version: string } | undefined;

/**
 * The interpreter the tool venvs (uv, moto, ruff) are built from: MWAA_SANDBOX_PYTHON if set, else
 * the first of python3.12/3.11/3.10/python3 that runs and is 3.10-3.12. A broken pyenv shim simply
 * fails the probe. Airflow's venvs use the Python MWAA runs instead (install.ts).
 */
function pickPython(): { exe: string; version: string } {
  if (chosen) return chosen;
  const forced = process.env.MWAA_SANDBOX_PYTHON;
  const tried: string[] = [];
  for (const exe of forced ? [forced] : PYTHON_CANDIDATES) {
    try {
      const version = execFileSync(exe, ['-c', 'import sys; print(sys.version.split()[0])'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
      const [maj, min] = version.split('.').map(Number);
      if (forced || (maj === 3 && min! >= 10 && min! <= 12)) {
        chosen = { exe, version };
        return chosen;
      }
      tried.push(`${exe} is ${version}`);
    } catch {
      tried.push(`${exe} did not run`);
    }
  }
  throw new Error(`the sandbox needs Python 3.10-3.12 to build its tool venvs (${tried.join('; ')}); `
    + 'install one, or set MWAA_SANDBOX_PYTHON to an interpreter');
}

export function basePython(): string {
  return pickPython().exe;
}

function pythonVersion(): string {
  return pickPython().version;
}

/**
 * Environment for pip/uv: the user's own (proxies, CA bundles, index and pip config must keep
 * working), minus AWS variables, plus uv's download cache in our cache folder and the system
 * certificate store (uv's default bundled roots miss corporate/intercepting CAs).
 */
function installEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
  return { ...env, UV_CACHE_DIR: cacheDir('uv-cache'), UV_PYTHON_DOWNLOADS: 'never', UV_SYSTEM_CERTS: '1', VIRTUAL_ENV: undefined };
}

function lastLines(r: RunResult, n = 20): string {
  return `${r.stdout}\n${r.stderr}`.trim().split('\n').slice(-n).join('\n');
}

async function must(what: string, cmd: string, args: string[], timeoutMs = 30 * 60_000): Promise<void> {
  const r = await runCommand(cmd, args, { env: installEnv(), timeoutMs });
  if (r.code !== 0) throw new Error(`${what} failed (exit ${r.code}):\n${lastLines(r)}`);
}

function specHash(spec: VenvSpec): string {
  const h = createHash('sha256');
  h.update(`python ${pythonVersion()}\n`);
  for (const r of spec.requirements) h.update(fs.readFileSync(path.join(PYTHON_DIR, 'requirements', r)));
  if (spec.constraints) h.update(fs.readFileSync(path.join(CONSTRAINTS_DIR, spec.constraints)));
  return h.digest('hex');
}

function readMarker(dir: string): string | undefined {
  try {
    return fs.readFileSync(path.join(dir, MARKER), 'utf8').trim();
  } catch {
    return undefined;
  }
}

function venvOf(dir: string, installed: boolean, installMs: number): Venv {
  return { dir, python: path.join(dir, 'bin', 'python'), bin: (n) => path.join(dir, 'bin', n), installed, installMs };
}

/** The bootstrap venv with uv in it; returns the uv executable. */
export async function ensureUv(): Promise<string> {
  const spec: VenvSpec = { name: 'uv-bootstrap', requirements: ['uv.txt'] };
  const dir = cacheDir('venvs', spec.name);
  const hash = specHash(spec);
  const uv = path.join(dir, 'bin', 'uv');
  if (readMarker(dir) === hash && fs.existsSync(uv)) return uv;
  await withRuntimeLock(`${dir}.lock`, async () => {
    if (readMarker(dir) === hash && fs.existsSync(uv)) return;
    fs.rmSync(dir, { recursive: true, force: true });
    await must(`creating the uv bootstrap venv with ${basePython()}`, basePython(), ['-m', 'venv', dir]);
    await must('pip install of uv (bootstrap)', path.join(dir, 'bin', 'python'),
      ['-m', 'pip', 'install', '--quiet', '-r', path.join(PYTHON_DIR, 'requirements', 'uv.txt')]);
    fs.writeFileSync(path.join(dir, MARKER), hash);
  });
  return uv;
}

/**
 * Makes sure the venv `spec.name` holds exactly `spec.requirements` (with `spec.constraints`).
 * Idempotent: a current venv returns after reading its marker. A changed spec rebuilds from scratch
 * (venvs are not relocatable, so there is no build-aside-and-rename).
 */
export async function ensureVenv(spec: VenvSpec): Promise<Venv> {
  const dir = cacheDir('venvs', spec.name);
  const hash = specHash(spec);
  if (readMarker(dir) === hash) return venvOf(dir, false, 0);
  return withRuntimeLock(`${dir}.lock`, async () => {
    if (readMarker(dir) === hash) return venvOf(dir, false, 0);
    const t0 = Date.now();
    const uv = await ensureUv();
    fs.rmSync(dir, { recursive: true, force: true });
    await must(`uv venv ${dir} (Python ${pythonVersion()})`, uv, ['venv', '--quiet', '--python', basePython(), dir]);
    const args = ['pip', 'install', '--python', path.join(dir, 'bin', 'python')];
    for (const r of spec.requirements) args.push('-r', path.join(PYTHON_DIR, 'requirements', r));
    if (spec.constraints) args.push('-c', path.join(CONSTRAINTS_DIR, spec.constraints));
    const what = spec.requirements.map((r) => fs.readFileSync(path.join(PYTHON_DIR, 'requirements', r), 'utf8')
      .split('\n').filter((l) => l.trim() && !l.startsWith('#')).join(' ')).join(' ');
    await must(`uv install of ${what}${spec.constraints ? ` (constraints ${spec.constraints})` : ''} into ${dir}`, uv, args);
    const ms = Date.now() - t0;
    fs.writeFileSync(path.join(dir, MARKER), hash);
    fs.writeFileSync(path.join(dir, '.sandbox-install-ms'), String(ms));
    return venvOf(dir, true, ms);
  });
}
