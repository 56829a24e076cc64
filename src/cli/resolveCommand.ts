/**
 * `mwaa-lint --resolve FILE`: the requirements file resolved with uv under MWAA's installer model.
 * Exit 0 when it resolves, 1 on a conflict, and 0 with a warning when the verdict is unknown (an
 * index out of reach must not fail a build that may well be fine, nor pass it silently).
 */
import type { CliIo } from './cliIo';
import { runtimeEnv, toolkitCacheDir } from './cliRuntime';
import { findPython } from '../core/runtime/pythonFinder';
import { MWAA_PLATFORM, resolveRequirements } from '../core/runtime/resolver';
import type { ResolveVerdict, RuntimeInputs } from '../core/runtime/runtimeTypes';

export interface ResolveArgs {
  readonly file: string;
  readonly airflowVersion: string;
  readonly format: 'text' | 'json';
  readonly uv: string;
  readonly inputs: RuntimeInputs;
  /** Defaults: the toolkit's uv cache in the environment, verdicts cached under the toolkit's cache. */
  readonly env?: NodeJS.ProcessEnv;
  readonly cacheDir?: string;
  /** A Python of MWAA's version to build source distributions with; looked up when absent. */
  readonly python?: string;
  readonly timeoutMs?: number;
}

/** A Python of MWAA's version when one is found; uv picks another for builds when not. */
async function buildPython(version: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  try {
    return (await findPython(version, { env, ...(env.MWAA_RUNTIME_PYTHON ? { configured: env.MWAA_RUNTIME_PYTHON } : {}) })).path;
  } catch {
    return undefined;
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function jsonOf(file: string, airflowVersion: string, v: ResolveVerdict): unknown {
  const base = { file, airflowVersion, status: v.status, ms: v.ms };
  if (v.status === 'ok') return { ...base, packages: Object.fromEntries([...v.packages].sort(([a], [b]) => a.localeCompare(b))) };
  if (v.status === 'conflict') return { ...base, problems: v.problems };
  return { ...base, reason: v.reason };
}

function printText(io: CliIo, args: ResolveArgs, v: ResolveVerdict): void {
  const where = `Airflow ${args.airflowVersion} on MWAA (Python ${args.inputs.pythonVersion}, ${MWAA_PLATFORM})`;
  if (v.status === 'ok') {
    io.stdout(`${args.file}: resolves for ${where}: ${v.packages.size} packages (${seconds(v.ms)})\n`);
    return;
  }
  if (v.status === 'unknown') {
    io.stderr(`${args.file}: warning: the resolver could not decide for ${where}: ${v.reason}\n`);
    return;
  }
  for (const p of v.problems) io.stdout(`${p.file}:${p.line ?? 1}:1: error RESOLVE ${p.message}\n`);
  io.stdout(`${args.file}: ${v.problems.length} requirements line(s) do not install for ${where} (${seconds(v.ms)})\n`);
}

/** Resolves and prints the verdict; resolves to the exit code. */
export async function runResolve(args: ResolveArgs, io: CliIo): Promise<number> {
  const env = args.env ?? runtimeEnv();
  const python = args.python ?? await buildPython(args.inputs.pythonVersion, env);
  const verdict = await resolveRequirements(args.inputs, {
    uv: args.uv,
    env,
    cacheDir: args.cacheDir ?? toolkitCacheDir('resolve'),
    ...(python ? { python } : {}),
    ...(args.timeoutMs ? { timeoutMs: args.timeoutMs } : {}),
  });
  if (args.format === 'json') io.stdout(`${JSON.stringify(jsonOf(args.file, args.airflowVersion, verdict), null, 2)}\n`);
  else printText(io, args, verdict);
  if (verdict.status === 'unknown' && args.format === 'json') io.stderr(`${args.file}: warning: the resolver could not decide: ${verdict.reason}\n`);
  return verdict.status === 'conflict' ? 1 : 0;
}
