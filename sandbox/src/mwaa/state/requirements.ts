/**
 * The emulated UpdateEnvironment's requirements installer: MWAA's installer as the local runtime
 * models it (src/core/runtime: essential constraints always, Airflow's unless the file has its own
 * constraint line, Airflow's constraints URLs read from the bundled copies), run as
 * `uv pip install --dry-run` against the environment's runtime, so the log reads like an install.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { redact } from '../../../../src/core/redact';
import { localizeRequirements, requirementsInstallArgs } from '../../../../src/core/runtime/installerModel';
import { ProcessStartError, runProcess, type RunResult } from '../../../../src/core/runtime/processRun';
import { uvEnv } from '../../../../src/core/runtime/provision';
import { runtimeInputs } from '../../../../src/core/runtime/runtimeInputs';
import { AIRFLOW_RELEASES, sandboxUvEnv } from '../../airflow/install';
import { DATA_DIR, ensureUv } from '../../airflow/venv';

export interface Resolution {
  ok: boolean;
  /** The installer's output (uv's lines in the order written), as MWAA would log it. */
  output: string;
  command: string;
}

/** The installer's run, minus the interpreter: what it is given and how it is called. */
export interface InstallPlan {
  /** `uv` arguments (after the executable): MWAA's installer, as a dry run. */
  args: string[];
  /** True when the file has a constraint line of its own (then Airflow's constraints are not added). */
  ownConstraints: boolean;
  /** The requirements file uv reads (the text as written, or its localized copy). */
  requirementsFile: string;
}

/** An install log holds at most this many lines (uv's output of a big file stays far below). */
const MAX_LOG_LINES = 5000;

interface Interpreter {
  /** `Python 3.12.1 (/path/bin/python)`, the log's first line. */
  line: string;
  /** The Airflow version installed in it, when it has one. */
  airflow: string | undefined;
}

/** The interpreter as it reports itself: its Python version and the Airflow it has installed. */
async function probeInterpreter(python: string): Promise<Interpreter> {
  const code = 'import platform, importlib.metadata as m\nprint(platform.python_version())\n'
    + 'try:\n    print(m.version("apache-airflow"))\nexcept Exception:\n    print("")';
  let r: RunResult | undefined;
  try {
    r = await runProcess(python, ['-c', code], { env: process.env, timeoutMs: 30_000, maxCaptureBytes: 4096 });
  } catch { /* not startable: said in the line below */ }
  const [version, airflow] = (r?.code === 0 ? r.stdout : '').split(/\r?\n/).map((s) => s.trim());
  return {
    line: version && /^\d+\.\d+\.\d+/.test(version) ? `Python ${version} (${python})` : `Python of ${python} (version unknown)`,
    airflow: airflow && /^\d+\.\d+\.\d+$/.test(airflow) ? airflow : undefined,
  };
}

/**
 * Writes the requirements text and MWAA's constraint files into `dir` and returns the installer's
 * arguments: the core's model (runtimeInputs applies MWAA's constraint-line rule,
 * localizeRequirements reads Airflow's constraints URLs from the bundled copies).
 */
export function installPlan(python: string, requirements: string, dir: string, airflowVersion: string): InstallPlan {
  const file = path.join(dir, 'requirements.txt');
  fs.writeFileSync(file, requirements);
  const inputs = runtimeInputs({ airflowVersion, dataDir: DATA_DIR, requirementsFile: file });
  const local = localizeRequirements(requirements, dir, undefined, inputs.bundledConstraints);
  const requirementsFile = local.changed ? path.join(dir, 'requirements.local.txt') : file;
  if (local.changed) fs.writeFileSync(requirementsFile, local.text);
  const essential = path.join(dir, 'essential-constraints.txt');
  fs.writeFileSync(essential, inputs.essentialConstraints);
  let airflow: string | undefined;
  if (inputs.airflowConstraints !== undefined) {
    airflow = path.join(dir, 'airflow-constraints.txt');
    fs.writeFileSync(airflow, inputs.airflowConstraints);
  }
  const [pip, install, ...rest] = requirementsInstallArgs(python, requirementsFile, { essential, airflow }, undefined);
  return { args: [pip!, install!, '--dry-run', ...rest], ownConstraints: airflow === undefined, requirementsFile };
}

/** The Airflow version of MWAA's model: the one installed in the interpreter, else the major's release. */
function airflowVersionOf(interpreter: Interpreter, major: number | undefined): string | undefined {
  if (interpreter.airflow) return interpreter.airflow;
  return major === 2 || major === 3 ? AIRFLOW_RELEASES[major].version : undefined;
}

/** Runs the installer; its lines in the order uv wrote them, bounded. */
async function runInstaller(uv: string, args: string[], cwd: string, timeoutMs: number): Promise<{ ok: boolean; lines: string[] }> {
  const lines: string[] = [];
  const r = await runProcess(uv, args, {
    cwd, env: { ...uvEnv(sandboxUvEnv()), NO_COLOR: '1' }, timeoutMs, maxCaptureBytes: 64 * 1024,
    onLine: (line) => { if (lines.length < MAX_LOG_LINES) lines.push(redact(line)); },
  });
  if (r.stopped === 'timeout') lines.push(`requirements install timed out after ${timeoutMs} ms`);
  return { ok: r.code === 0 && r.stopped === undefined, lines };
}

/**
 * Installs requirements.txt as MWAA's installer would, as a dry run against the environment's
 * runtime (`python`): fails, with uv's explanation naming the requirement, when it cannot install.
 */
export async function resolveRequirements(python: string, requirements: string, workDir: string, timeoutMs: number, major?: number): Promise<Resolution> {
  const interpreter = await probeInterpreter(python);
  const version = airflowVersionOf(interpreter, major);
  const failed = (command: string, why: string): Resolution => ({ ok: false, output: `${interpreter.line}\n${redact(why)}`, command });
  if (!version) return failed('uv pip install', `${python} has no Airflow installed: the sandbox cannot tell which MWAA version's installer to run.`);
  fs.mkdirSync(workDir, { recursive: true });
  const dir = fs.mkdtempSync(path.join(workDir, 'install-'));
  try {
    let plan: InstallPlan;
    try {
      plan = installPlan(python, requirements, dir, version);
    } catch (err) {
      return failed('uv pip install', (err as Error).message);
    }
    const command = `uv ${plan.args.join(' ')}`;
    try {
      const run = await runInstaller(await ensureUv(), plan.args, dir, timeoutMs);
      return { ok: run.ok, output: [interpreter.line, ...run.lines].join('\n'), command };
    } catch (err) {
      return failed(command, err instanceof ProcessStartError ? err.message : `uv could not be run: ${(err as Error).message}`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
