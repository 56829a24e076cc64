import { execFile } from 'node:child_process';
import * as fsSync from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import { cacheDir } from '../../cacheDir';
import { AIRFLOW_RELEASES } from '../../airflow/install';
import { CONSTRAINTS_DIR } from '../../airflow/venv';

export interface Resolution {
  ok: boolean;
  /** pip's combined output, as MWAA would log it. */
  output: string;
  command: string;
}

interface RunResult { code: number; stdout: string; stderr: string }

function run(cmd: string, args: string[], timeoutMs: number, env?: NodeJS.ProcessEnv): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 32 * 1024 * 1024, env: env ?? process.env }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as NodeJS.ErrnoException).code === 'number' ? (err as unknown as { code: number }).code : 1) : 0;
      const killed = err && (err as { killed?: boolean }).killed;
      resolve({ code, stdout, stderr: killed ? `${stderr}\nrequirements install timed out after ${timeoutMs} ms` : stderr });
    });
  });
}

/**
 * How to run pip for a venv: its own pip when it has one, else `uv pip` (uv-made venvs have no pip).
 */
async function pipCommand(python: string): Promise<{ cmd: string; prefix: string[] }> {
  const probe = await run(python, ['-m', 'pip', '--version'], 30_000);
  if (probe.code === 0) return { cmd: python, prefix: ['-m', 'pip'] };
  // The sandbox builds venvs with uv from its bootstrap venv; those venvs have no pip.
  for (const uv of [path.join(path.dirname(python), 'uv'), cacheDir('venvs', 'uv-bootstrap', 'bin', 'uv'), 'uv']) {
    const r = await run(uv, ['--version'], 10_000);
    if (r.code === 0) return { cmd: uv, prefix: ['pip'] };
  }
  throw new Error(`cannot resolve requirements: ${python} has no pip module and no uv binary was found on PATH`);
}

const constraintsCache = new Map<string, Promise<string>>();

/**
 * The official Airflow constraints file the sandbox installed this major with
 * (src/data/constraints, shared with the extension), when it can be found.
 */
function officialConstraints(major: number | undefined): string | undefined {
  if (major !== 2 && major !== 3) return undefined;
  const constraints = AIRFLOW_RELEASES[major].constraints;
  const file = constraints ? path.join(CONSTRAINTS_DIR, constraints) : undefined;
  return file && fsSync.existsSync(file) ? file : undefined;
}

/**
 * Fallback constraints: what the venv has installed, pinned. MWAA uses the Airflow
 * constraints file of its version; the installed set of an Airflow installed with those
 * constraints is the same pins, and needs no network access to raw.githubusercontent.com.
 */
function constraintsFor(python: string, workDir: string): Promise<string> {
  let p = constraintsCache.get(python);
  if (!p) {
    p = (async () => {
      const pip = await pipCommand(python);
      const args = pip.cmd === python ? [...pip.prefix, 'freeze', '--all'] : [...pip.prefix, 'freeze', '--python', python];
      const r = await run(pip.cmd, args, 120_000);
      if (r.code !== 0) throw new Error(`pip freeze failed for ${python}: ${r.stderr}`);
      const pins = r.stdout.split('\n').filter((l) => /^[A-Za-z0-9][A-Za-z0-9._-]*==\S+$/.test(l.trim()));
      await fs.mkdir(workDir, { recursive: true });
      const file = path.join(workDir, `constraints-${path.basename(path.dirname(path.dirname(python)))}.txt`);
      await fs.writeFile(file, pins.join('\n') + '\n');
      return file;
    })();
    p.catch(() => constraintsCache.delete(python));
    constraintsCache.set(python, p);
  }
  return p;
}

/**
 * Replaces remote `--constraint`/`-c` lines with the environment's local constraints (the
 * sandbox cannot reach GitHub), and adds one when missing, as MWAA does from Airflow 2.7.2.
 */
export function withLocalConstraints(requirements: string, constraintsFile: string): string {
  let found = false;
  const lines = requirements.split(/\r?\n/).map((line) => {
    const m = /^\s*(?:-c|--constraint)(?:\s+|=)\s*["']?([^"'\s]+)["']?/.exec(line);
    if (!m) return line;
    found = true;
    return /^https?:\/\//.test(m[1]!) ? `--constraint ${constraintsFile}  # sandbox: was ${m[1]}` : line;
  });
  if (!found) lines.unshift(`--constraint ${constraintsFile}  # sandbox: added, as MWAA does`);
  return lines.join('\n');
}

/** Resolves requirements.txt for real against the venv (`pip install --dry-run`); fails on a conflicting pin. */
export async function resolveRequirements(python: string, requirements: string, workDir: string, timeoutMs: number, major?: number): Promise<Resolution> {
  await fs.mkdir(workDir, { recursive: true });
  const constraints = officialConstraints(major) ?? await constraintsFor(python, workDir);
  const reqFile = path.join(workDir, `requirements-${Date.now()}.txt`);
  await fs.writeFile(reqFile, withLocalConstraints(requirements, constraints));
  const pip = await pipCommand(python);
  const args = pip.cmd === python
    ? [...pip.prefix, 'install', '--dry-run', '--disable-pip-version-check', '--no-input', '-r', reqFile]
    : [...pip.prefix, 'install', '--dry-run', '--python', python, '-r', reqFile];
  const r = await run(pip.cmd, args, timeoutMs, { ...process.env, PIP_NO_INPUT: '1' });
  const command = `${path.basename(pip.cmd)} ${args.join(' ')}`;
  return { ok: r.code === 0, output: `${r.stdout}${r.stderr}`, command };
}
