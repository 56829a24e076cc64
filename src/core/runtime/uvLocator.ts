/**
 * Finds uv, the installer the local runtime is built with: the user's own on PATH, else ours in
 * the extension's storage, else installs ours there (a small venv from any Python 3.8+, then
 * `pip install uv==<pinned>` from the package index), once, under a lock.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { redact } from '../redact';
import { runProcess, type RunResult } from './processRun';
import { findAnyPython } from './pythonFinder';
import { abortError, withRuntimeLock } from './runtimeLock';

/** The uv the extension installs when there is none (the version the runtime is tested with). */
export const PINNED_UV = '0.13.9';
/** Older uv lacks options the runtime uses (`--index-strategy`, system certificates). */
const MIN_UV = [0, 5, 0];

export interface FindUvOptions {
  /** The extension's global storage folder; ours lives in `<storageDir>/uv`. */
  readonly storageDir: string;
  readonly env: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
  readonly onProgress?: (message: string) => void;
}

export interface FoundUv {
  readonly path: string;
  readonly version: string;
}

export class UvInstallError extends Error {
  override readonly name = 'UvInstallError';
  constructor(message: string, readonly log: string) {
    super(message);
  }
}

const WIN = process.platform === 'win32';

function venvBin(dir: string, name: string): string {
  return WIN ? path.join(dir, 'Scripts', `${name}.exe`) : path.join(dir, 'bin', name);
}

function recentEnough(version: string): boolean {
  const v = version.split('.').map((x) => Number.parseInt(x, 10) || 0);
  for (let i = 0; i < MIN_UV.length; i++) {
    if ((v[i] ?? 0) !== MIN_UV[i]) return (v[i] ?? 0) > MIN_UV[i]!;
  }
  return true;
}

/** `uv --version` of a file: its version when it runs and is recent enough. */
async function uvVersion(exe: string, env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<string | undefined> {
  try {
    if (!fs.statSync(exe).isFile()) return undefined;
    const r = await runProcess(exe, ['--version'], { env, timeoutMs: 15_000, maxCaptureBytes: 4096, ...(signal ? { signal } : {}) });
    const m = /^uv (\d+\.\d+\.\d+)/m.exec(r.stdout);
    return r.code === 0 && m && recentEnough(m[1]!) ? m[1] : undefined;
  } catch {
    return undefined;
  }
}

async function onPath(env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<FoundUv | undefined> {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean).slice(0, 100);
  for (const dir of dirs) {
    const exe = path.join(dir, WIN ? 'uv.exe' : 'uv');
    const version = await uvVersion(exe, env, signal);
    if (version) return { path: exe, version };
  }
  return undefined;
}

/** The caller's environment for pip: its proxies and index settings, no AWS credentials. */
function pipEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) if (!k.startsWith('AWS_')) out[k] = v;
  return { ...out, PIP_NO_INPUT: '1', PIP_DISABLE_PIP_VERSION_CHECK: '1', VIRTUAL_ENV: undefined, PYTHONPATH: undefined, PYTHONHOME: undefined };
}

function tail(r: RunResult, n = 20): string {
  return redact(`${r.stdout}\n${r.stderr}`.trim().split(/\r?\n/).slice(-n).join('\n'));
}

async function must(what: string, cmd: string, args: string[], env: NodeJS.ProcessEnv, signal?: AbortSignal): Promise<void> {
  const r = await runProcess(cmd, args, { env, timeoutMs: 10 * 60_000, ...(signal ? { signal } : {}) });
  if (r.stopped === 'aborted') throw abortError('Installing uv was cancelled.');
  if (r.code !== 0) {
    const log = tail(r);
    const last = log.split('\n').filter((l) => /error|could not|no matching/i.test(l)).pop() ?? log.split('\n').pop() ?? '';
    throw new UvInstallError(`${what} failed${r.stopped === 'timeout' ? ' (timed out)' : ''}: ${last.trim().slice(0, 300)}`, log);
  }
}

async function install(dir: string, opts: FindUvOptions): Promise<FoundUv> {
  const env = pipEnv(opts.env);
  opts.onProgress?.('Looking for a Python to install uv with');
  const python = await findAnyPython({ env });
  fs.rmSync(dir, { recursive: true, force: true });
  try {
    opts.onProgress?.(`Creating a venv for uv with Python ${python.version}`);
    await must(`Creating a venv with ${python.path}`, python.path, ['-m', 'venv', dir], env, opts.signal);
    opts.onProgress?.(`Installing uv ${PINNED_UV} from the package index`);
    await must(`pip install uv==${PINNED_UV}`, venvBin(dir, 'python'), ['-m', 'pip', 'install', '--quiet', `uv==${PINNED_UV}`], env, opts.signal);
    const version = await uvVersion(venvBin(dir, 'uv'), env, opts.signal);
    if (!version) throw new UvInstallError(`uv was installed into ${dir} but does not run.`, '');
    return { path: venvBin(dir, 'uv'), version };
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** uv on PATH, else ours in `<storageDir>/uv`, else ours installed now. */
export async function findUv(opts: FindUvOptions): Promise<FoundUv> {
  const found = await onPath(opts.env, opts.signal);
  if (found) return found;
  const dir = path.join(opts.storageDir, 'uv');
  const ours = async () => {
    const version = await uvVersion(venvBin(dir, 'uv'), opts.env, opts.signal);
    return version ? { path: venvBin(dir, 'uv'), version } : undefined;
  };
  const have = await ours();
  if (have) return have;
  return withRuntimeLock(`${dir}.lock`, async () => (await ours()) ?? install(dir, opts), {
    ...(opts.signal ? { signal: opts.signal } : {}),
    onWait: (pid) => opts.onProgress?.(`Waiting for another install of uv (process ${pid})`),
  });
}
