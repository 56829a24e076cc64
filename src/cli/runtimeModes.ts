/**
 * mwaa-lint's runtime modes: `--parse` (DAG files parsed by Airflow's own DagBag in the local MWAA
 * runtime of the version) and `--resolve` (requirements files resolved with uv under MWAA's
 * installer model). Both run what the files name (DAG top-level code, indexes a requirements file
 * lists), so they run only when asked for on the command line.
 */
import * as path from 'node:path';
import { MissingPythonError } from '../core/runtime/pythonFinder';
import { RuntimeBuildError } from '../core/runtime/provision';
import { RuntimeInputError } from '../core/runtime/runtimeInputs';
import { UvInstallError } from '../core/runtime/uvLocator';
import type { CliIo } from './cliIo';
import { cliInputs, cliRuntime, cliUv, toolkitCacheDir } from './cliRuntime';
import { runParse } from './parseCommand';
import { runResolve } from './resolveCommand';

export interface RuntimeModeArgs {
  readonly mode: 'parse' | 'resolve';
  readonly airflowVersion: string;
  readonly format: 'text' | 'json';
  readonly paths: readonly string[];
  /** `--requirements FILE`: installed into the runtime `--parse` uses. */
  readonly requirements?: string;
  /** `--plugins DIR`: on sys.path and `--find-links` for the installer. */
  readonly plugins?: string;
}

/** Errors the user can act on are one line on stderr and exit code 2; anything else is thrown. */
function knownFailure(err: unknown): string | undefined {
  if (err instanceof MissingPythonError || err instanceof RuntimeInputError || err instanceof UvInstallError) return err.message;
  if (err instanceof RuntimeBuildError) return `the local Airflow runtime could not be built: ${err.message}`;
  return undefined;
}

async function parseMode(args: RuntimeModeArgs, dataDir: string, io: CliIo): Promise<number> {
  const runtime = await cliRuntime({
    airflowVersion: args.airflowVersion,
    dataDir,
    ...(args.requirements ? { requirementsFile: path.resolve(args.requirements) } : {}),
    ...(args.plugins ? { pluginsFolder: path.resolve(args.plugins) } : {}),
  }, io);
  return runParse({
    paths: args.paths,
    format: args.format,
    python: runtime.python,
    airflowHome: toolkitCacheDir('airflow-home', runtime.key.slice(0, 16)),
    ...(args.plugins ? { pluginsFolder: path.resolve(args.plugins) } : {}),
  }, io);
}

async function resolveMode(args: RuntimeModeArgs, dataDir: string, io: CliIo): Promise<number> {
  const uv = await cliUv(io);
  let code = 0;
  for (const file of args.paths) {
    const inputs = cliInputs({
      airflowVersion: args.airflowVersion,
      dataDir,
      requirementsFile: path.resolve(file),
      ...(args.plugins ? { pluginsFolder: path.resolve(args.plugins) } : {}),
    });
    code = Math.max(code, await runResolve({ file, airflowVersion: args.airflowVersion, format: args.format, uv, inputs }, io));
  }
  return code;
}

export async function runRuntimeMode(args: RuntimeModeArgs, dataDir: string, io: CliIo): Promise<number> {
  try {
    return await (args.mode === 'parse' ? parseMode(args, dataDir, io) : resolveMode(args, dataDir, io));
  } catch (err) {
    const message = knownFailure(err);
    if (message === undefined) throw err;
    io.stderr(`mwaa-lint: ${message}\n`);
    return 2;
  }
}
