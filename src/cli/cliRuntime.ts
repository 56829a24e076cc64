/**
 * The local MWAA runtime as mwaa-lint uses it (`--parse`, `--resolve`): runtimes and uv live in
 * the same cache as the sandbox's (`$XDG_CACHE_HOME/mwaa-toolkit`, or MWAA_TOOLKIT_CACHE), so a CI
 * machine builds each runtime once. Progress goes to stderr, never stdout (JSON output stays clean).
 */
import * as os from 'node:os';
import * as path from 'node:path';
import type { CliIo } from './cliIo';
import { ensureRuntime } from '../core/runtime/provision';
import { findPython } from '../core/runtime/pythonFinder';
import { runtimeInputs } from '../core/runtime/runtimeInputs';
import type { Runtime, RuntimeInputs } from '../core/runtime/runtimeTypes';
import { findUv } from '../core/runtime/uvLocator';

export function toolkitCacheDir(...parts: string[]): string {
  const root = process.env.MWAA_TOOLKIT_CACHE
    || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'mwaa-toolkit');
  return path.join(root, ...parts);
}

/** uv's cache: the user's own (UV_CACHE_DIR) else ours, shared with the sandbox. */
export function runtimeEnv(): NodeJS.ProcessEnv {
  return { ...process.env, UV_CACHE_DIR: process.env.UV_CACHE_DIR || toolkitCacheDir('uv-cache') };
}

export interface CliRuntimeRequest {
  readonly airflowVersion: string;
  readonly dataDir: string;
  readonly requirementsFile?: string;
  readonly pluginsFolder?: string;
}

export async function cliUv(io: CliIo): Promise<string> {
  const uv = await findUv({ storageDir: toolkitCacheDir(), env: runtimeEnv(), onProgress: (m) => io.stderr(`mwaa-lint: ${m}\n`) });
  return uv.path;
}

export function cliInputs(req: CliRuntimeRequest): RuntimeInputs {
  return runtimeInputs({
    airflowVersion: req.airflowVersion,
    dataDir: req.dataDir,
    ...(req.requirementsFile ? { requirementsFile: req.requirementsFile } : {}),
    ...(req.pluginsFolder ? { pluginsFolder: req.pluginsFolder } : {}),
  });
}

/** Builds (or finds) the runtime for the request; progress lines on stderr. */
export async function cliRuntime(req: CliRuntimeRequest, io: CliIo): Promise<Runtime> {
  const inputs = cliInputs(req);
  const env = runtimeEnv();
  const uv = await cliUv(io);
  const python = await findPython(inputs.pythonVersion, { env, ...(process.env.MWAA_RUNTIME_PYTHON ? { configured: process.env.MWAA_RUNTIME_PYTHON } : {}) });
  let last = '';
  return ensureRuntime(inputs, {
    root: toolkitCacheDir('runtimes'),
    uv,
    python: python.path,
    env,
    onProgress: (p) => {
      if (p.message !== last) io.stderr(`mwaa-lint: ${p.message}\n`);
      last = p.message;
    },
  });
}
