/**
 * Builds the local MWAA runtime: a venv of the Python MWAA runs, MWAA's image (the bill of
 * materials under the essential pins and Airflow's constraints), then the requirements file the
 * way MWAA's installer runs it, then extra packages. A marker written last records the key of the
 * inputs: a runtime with its marker is complete, and is returned at once by the next call.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { redact } from '../redact';
import {
  baseInstallArgs, extrasInstallArgs, localizeRequirements, requirementsInstallArgs, type ConstraintFiles,
} from './installerModel';
import { runProcess } from './processRun';
import { runtimeKey } from './runtimeInputs';
import { abortError, withRuntimeLock } from './runtimeLock';
import type { BuildProgress, RequirementProblem, Runtime, RuntimeInputs } from './runtimeTypes';
import { explainUvFailure } from './uvOutput';

export interface EnsureRuntimeOptions {
  /** The folder runtimes live in (shared by every workspace). */
  readonly root: string;
  /** The uv executable. */
  readonly uv: string;
  /** A Python interpreter of the inputs' major.minor. */
  readonly python: string;
  /** The caller's environment (proxies, index settings, UV_CACHE_DIR); AWS_* never reach uv. */
  readonly env: NodeJS.ProcessEnv;
  readonly onProgress?: (p: BuildProgress) => void;
  readonly signal?: AbortSignal;
  /** Every line uv writes, redacted (for an output channel). */
  readonly log?: (line: string) => void;
}

type BuildStep = 'venv' | 'base' | 'requirements' | 'extras';

/** A step of the build failed. The message is one sentence: the line and why, when there is one. */
export class RuntimeBuildError extends Error {
  override readonly name = 'RuntimeBuildError';
  constructor(message: string, readonly step: BuildStep, readonly problems: RequirementProblem[], readonly log: string) {
    super(message);
  }
}

/** Holds the key of a complete runtime; written last. */
export const RUNTIME_MARKER = '.mwaa-runtime-key';
/** What a runtime was built from, for people and for listings (runtimeStore). */
export const RUNTIME_INFO = 'mwaa-runtime.json';
const LOG_TAIL = 40;
const WIN = process.platform === 'win32';

/** uv variables that would change what gets resolved (MWAA's installer does not see the user's). */
const UV_RESOLUTION_VARS = ['UV_CONSTRAINT', 'UV_OVERRIDE', 'UV_BUILD_CONSTRAINT', 'UV_PYTHON', 'UV_SYSTEM_PYTHON', 'UV_PRERELEASE',
  'UV_RESOLUTION', 'UV_EXCLUDE_NEWER', 'UV_NO_BUILD_ISOLATION', 'UV_TORCH_BACKEND'];

/**
 * uv's environment: the caller's (proxies, CA bundles, index settings must keep working) minus AWS
 * credentials and an active venv; never a downloaded Python (the runtime uses the one found); the
 * system's certificates (corporate proxies re-sign TLS).
 */
export function uvEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(env)) {
    if (!k.startsWith('AWS_') && !UV_RESOLUTION_VARS.includes(k) && k !== 'VIRTUAL_ENV') out[k] = v;
  }
  return { ...out, UV_PYTHON_DOWNLOADS: 'never', UV_SYSTEM_CERTS: '1' };
}

const STEP_LABEL: Record<BuildStep, string> = {
  venv: 'Python environment', base: "MWAA's image", requirements: 'requirements', extras: 'extra packages',
};

/** A progress message from one line of uv's output, or undefined for lines that say nothing new. */
export function progressMessage(step: BuildStep, line: string): string | undefined {
  const count = /^\s*(Resolved|Prepared|Installed|Uninstalled|Audited|Checked) (\d+) packages?\b/.exec(line);
  if (count) return `${STEP_LABEL[step]}: ${count[1]!.toLowerCase()} ${count[2]} package${count[2] === '1' ? '' : 's'}`;
  const dl = /^\s*Downloading (\S+)(?: \(([^)]+)\))?/.exec(line);
  if (dl) return `${STEP_LABEL[step]}: downloading ${dl[1]}${dl[2] ? ` (${dl[2]})` : ''}`;
  const bd = /^\s*Building (\S+)/.exec(line);
  if (bd) return `${STEP_LABEL[step]}: building ${bd[1]}`;
  return undefined;
}

/** uv's own reason: its `error:` line and the `cause:` text after it, in one line, bounded. */
export function uvReason(output: string): string {
  const lines = output.split(/\r?\n/);
  const at = lines.findIndex((l) => /^\s*error:/.test(l));
  if (at < 0) return (lines.filter((l) => l.trim()).pop() ?? 'uv failed').trim().slice(0, 400);
  const parts = [lines[at]!.replace(/^\s*error:\s*/, '')];
  for (const l of lines.slice(at + 1, at + 12)) {
    if (!/^\s+\S/.test(l)) break;
    parts.push(l.trim().replace(/^(cause|hint):\s*/, ''));
  }
  return parts.join(' ').replace(/\s+/g, ' ').slice(0, 600);
}

/** The first sentence of a problem's words (the rest, and uv's own text, stay in `problems`). */
function firstSentence(text: string): string {
  const first = text.trim().split(/(?<=[.!?])\s+(?=[A-Z])/)[0] ?? '';
  const bounded = first.length > 300 ? `${first.slice(0, 300)}…` : first;
  return /[.!?…]$/.test(bounded) ? bounded : `${bounded}.`;
}

/** One sentence: which line fails and why, or which step failed and uv's reason. */
export function buildFailureMessage(step: BuildStep, inputs: RuntimeInputs, problems: readonly RequirementProblem[], output: string): string {
  const named = problems.find((p) => p.line !== undefined);
  if (step === 'requirements' && named) {
    const what = named.project ? ` (${named.project})` : '';
    return `Line ${named.line} of ${path.basename(named.file)}${what} does not install on Airflow ${inputs.airflowVersion}: ${firstSentence(named.message)}`;
  }
  const reason = uvReason(output);
  switch (step) {
    case 'venv': return `The Python ${inputs.pythonVersion} environment could not be created: ${reason}`;
    case 'base': return `Airflow ${inputs.airflowVersion} as MWAA's image has it could not be installed: ${reason}`;
    case 'requirements': return `${path.basename(inputs.requirements?.path ?? 'requirements.txt')} does not install on Airflow ${inputs.airflowVersion}: ${reason}`;
    default: return `The extra packages (${inputs.extraPackages.join(', ')}) could not be installed: ${reason}`;
  }
}

export function runtimeDir(root: string, inputs: RuntimeInputs): string {
  return path.join(root, `airflow-${inputs.airflowVersion}-py${inputs.pythonVersion}-${runtimeKey(inputs).slice(0, 16)}`);
}

export function venvPython(dir: string): string {
  return WIN ? path.join(dir, 'Scripts', 'python.exe') : path.join(dir, 'bin', 'python');
}

function sitePackages(dir: string, pythonVersion: string): string {
  return WIN ? path.join(dir, 'Lib', 'site-packages') : path.join(dir, 'lib', `python${pythonVersion}`, 'site-packages');
}

/** The key of the complete runtime in `dir`, or undefined. */
export function readMarker(dir: string): string | undefined {
  try {
    return fs.readFileSync(path.join(dir, RUNTIME_MARKER), 'utf8').trim().slice(0, 200);
  } catch {
    return undefined;
  }
}

interface BuildContext {
  readonly inputs: RuntimeInputs;
  readonly dir: string;
  readonly opts: EnsureRuntimeOptions;
  readonly env: NodeJS.ProcessEnv;
  /** The last lines of uv's output (redacted), for the error. */
  readonly tail: string[];
  /** What `uv venv` said the interpreter is (e.g. `3.12.1`). */
  interpreter?: string;
}

function logLine(ctx: BuildContext, line: string): void {
  const safe = redact(line);
  ctx.opts.log?.(safe);
  // The error's tail is about what went wrong: not the list of packages a step before installed.
  if (/^ [+-] \S+==/.test(line)) return;
  ctx.tail.push(safe);
  if (ctx.tail.length > LOG_TAIL) ctx.tail.splice(0, ctx.tail.length - LOG_TAIL);
}

/** Runs one uv command of a step; its whole output, or a RuntimeBuildError / AbortError. */
async function uvStep(ctx: BuildContext, step: BuildStep, args: string[], cwd?: string): Promise<string> {
  logLine(ctx, `$ uv ${args.join(' ')}`);
  const r = await runProcess(ctx.opts.uv, args, {
    env: ctx.env,
    ...(cwd ? { cwd } : {}),
    ...(ctx.opts.signal ? { signal: ctx.opts.signal } : {}),
    onLine: (line) => {
      if (!line.trim()) return;
      logLine(ctx, line);
      const m = /^Using CPython (\d+\.\d+\.\d+)/.exec(line);
      if (m) ctx.interpreter = m[1];
      const message = progressMessage(step, line);
      if (message) ctx.opts.onProgress?.({ step, message });
    },
  });
  if (r.stopped === 'aborted' || ctx.opts.signal?.aborted) throw abortError();
  const output = `${r.stdout}\n${r.stderr}`;
  if (r.code === 0) return output;
  if (r.stopped === 'timeout') logLine(ctx, `uv was stopped after ${Math.round(r.ms / 60_000)} minutes`);
  throw stepError(ctx, step, output);
}

function stepError(ctx: BuildContext, step: BuildStep, output: string): RuntimeBuildError {
  const { inputs } = ctx;
  const req = inputs.requirements;
  // uv names the file it read; a copy in the runtime is the user's file, line for line.
  const problems = step === 'requirements' && req
    ? explainUvFailure(output, req, {
      airflowVersion: inputs.airflowVersion, pythonVersion: inputs.pythonVersion,
      essentialConstraints: inputs.essentialConstraints, airflowConstraints: inputs.airflowConstraints,
      aliases: new Map([[path.join(ctx.dir, 'mwaa', 'requirements.txt'), req.path]]), cwd: path.dirname(req.path),
    })
    : [];
  const message = buildFailureMessage(step, inputs, problems, redact(output));
  return new RuntimeBuildError(message, step, problems, ctx.tail.join('\n'));
}

function writeFile(ctx: BuildContext, name: string, text: string): string {
  const file = path.join(ctx.dir, 'mwaa', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return file;
}

/** The constraint files of MWAA's image and of its requirements installer, written in the runtime. */
function constraintFiles(ctx: BuildContext): { image: ConstraintFiles; requirements: ConstraintFiles } {
  const { inputs } = ctx;
  const essential = writeFile(ctx, 'essential-constraints.txt', inputs.essentialConstraints);
  const imageText = inputs.imageConstraints ?? inputs.airflowConstraints;
  const image = imageText === undefined ? undefined : writeFile(ctx, 'airflow-constraints.txt', imageText);
  let forRequirements: string | undefined;
  if (inputs.airflowConstraints !== undefined) {
    forRequirements = inputs.airflowConstraints === imageText ? image : writeFile(ctx, 'requirements-airflow-constraints.txt', inputs.airflowConstraints);
  }
  return { image: { essential, airflow: image }, requirements: { essential, airflow: forRequirements } };
}

/** The requirements file to give uv: the user's own, or a copy when MWAA paths had to be mapped. */
function requirementsFile(ctx: BuildContext, req: { path: string; text: string }): string {
  const local = localizeRequirements(req.text, path.dirname(req.path), ctx.inputs.pluginsFolder, ctx.inputs.bundledConstraints);
  return local.changed ? writeFile(ctx, 'requirements.txt', local.text) : req.path;
}

async function build(ctx: BuildContext): Promise<void> {
  const { inputs, dir, opts } = ctx;
  const python = venvPython(dir);
  opts.onProgress?.({ step: 'venv', message: `Creating a Python ${inputs.pythonVersion} environment` });
  await uvStep(ctx, 'venv', ['venv', '--python', opts.python, dir]);
  if (ctx.interpreter && !ctx.interpreter.startsWith(`${inputs.pythonVersion}.`)) {
    throw new RuntimeBuildError(`${opts.python} is Python ${ctx.interpreter}, and MWAA runs Airflow ${inputs.airflowVersion} on Python ${inputs.pythonVersion}.`,
      'venv', [], ctx.tail.join('\n'));
  }
  const files = constraintFiles(ctx);
  opts.onProgress?.({ step: 'base', message: `Installing Airflow ${inputs.airflowVersion} as MWAA's image has it` });
  await uvStep(ctx, 'base', baseInstallArgs(python, inputs.basePackages, files.image));
  if (inputs.requirements) {
    opts.onProgress?.({ step: 'requirements', message: `Installing ${path.basename(inputs.requirements.path)} as MWAA does` });
    const file = requirementsFile(ctx, inputs.requirements);
    await uvStep(ctx, 'requirements', requirementsInstallArgs(python, file, files.requirements, inputs.pluginsFolder),
      path.dirname(inputs.requirements.path));
  }
  if (inputs.extraPackages.length) {
    opts.onProgress?.({ step: 'extras', message: `Installing ${inputs.extraPackages.join(', ')}` });
    await uvStep(ctx, 'extras', extrasInstallArgs(python, inputs.extraPackages, files.requirements));
  }
  if (inputs.pluginsFolder) {
    // MWAA has the plugins folder on sys.path; a .pth file does that for every process of the venv.
    fs.writeFileSync(path.join(sitePackages(dir, inputs.pythonVersion), 'mwaa_plugins.pth'), `${inputs.pluginsFolder}\n`);
  }
}

function runtimeOf(inputs: RuntimeInputs, dir: string, key: string, built: boolean, buildMs: number): Runtime {
  return {
    key, dir, python: venvPython(dir), airflowVersion: inputs.airflowVersion, pythonVersion: inputs.pythonVersion,
    pluginsFolder: inputs.pluginsFolder, built, buildMs,
  };
}

function isCurrent(dir: string, key: string): boolean {
  // The python link must still lead somewhere: removing the base interpreter breaks a venv.
  if (readMarker(dir) !== key || !fs.existsSync(venvPython(dir))) return false;
  try {
    // The marker's time is the runtime's last use (runtimeStore prunes the ones unused for long).
    const now = new Date();
    fs.utimesSync(path.join(dir, RUNTIME_MARKER), now, now);
  } catch { /* read-only cache: still usable */ }
  return true;
}

function writeInfo(ctx: BuildContext, key: string, buildMs: number): void {
  const { inputs } = ctx;
  const info = {
    schema: 1, key, airflowVersion: inputs.airflowVersion, pythonVersion: inputs.pythonVersion, interpreter: ctx.interpreter,
    basePackages: inputs.basePackages, ownConstraints: inputs.requirements !== undefined && inputs.airflowConstraints === undefined,
    requirements: inputs.requirements !== undefined, pluginsFolder: inputs.pluginsFolder, extraPackages: inputs.extraPackages,
    builtAt: new Date().toISOString(), buildMs,
  };
  fs.writeFileSync(path.join(ctx.dir, RUNTIME_INFO), JSON.stringify(info, null, 2));
}

/** The complete runtime of `inputs` under `root`, without building anything (no uv, no Python needed). */
export function findRuntime(root: string, inputs: RuntimeInputs): Runtime | undefined {
  const key = runtimeKey(inputs);
  const dir = runtimeDir(root, inputs);
  return isCurrent(dir, key) ? runtimeOf(inputs, dir, key, false, 0) : undefined;
}

/**
 * The runtime of `inputs` under `opts.root`: at once when it is complete, else built now (under a
 * lock shared by every process). A failed or cancelled build leaves nothing behind.
 */
export async function ensureRuntime(inputs: RuntimeInputs, opts: EnsureRuntimeOptions): Promise<Runtime> {
  const key = runtimeKey(inputs);
  const dir = runtimeDir(opts.root, inputs);
  if (isCurrent(dir, key)) return runtimeOf(inputs, dir, key, false, 0);
  if (opts.signal?.aborted) throw abortError();
  return withRuntimeLock(`${dir}.lock`, async () => {
    if (isCurrent(dir, key)) return runtimeOf(inputs, dir, key, false, 0);
    const t0 = Date.now();
    const ctx: BuildContext = { inputs, dir, opts, env: uvEnv(opts.env), tail: [] };
    fs.rmSync(dir, { recursive: true, force: true });
    try {
      await build(ctx);
      const ms = Date.now() - t0;
      writeInfo(ctx, key, ms);
      fs.writeFileSync(path.join(dir, RUNTIME_MARKER), key);
      opts.onProgress?.({ step: 'done', message: `Airflow ${inputs.airflowVersion} on Python ${ctx.interpreter ?? inputs.pythonVersion} is ready` });
      return runtimeOf(inputs, dir, key, true, ms);
    } catch (err) {
      fs.rmSync(dir, { recursive: true, force: true });
      throw err;
    }
  }, {
    ...(opts.signal ? { signal: opts.signal } : {}),
    onWait: (pid) => opts.onProgress?.({ step: 'venv', message: `Waiting for another build of this runtime (process ${pid})` }),
  });
}
