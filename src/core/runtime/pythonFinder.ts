/**
 * Finds a Python interpreter of an exact major.minor (the one MWAA runs for the Airflow version)
 * where people usually have one: a setting, PATH, pyenv, uv's managed Pythons, the system folders,
 * Windows' `py` launcher. Every candidate is run and must say its own version: a name proves
 * nothing (a pyenv shim for a version that is not selected fails when run).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runProcess } from './processRun';

export interface FoundPython {
  /** The interpreter to run (for `py -3.12`, the executable it starts). */
  readonly path: string;
  /** Its full version, e.g. `3.12.1`. */
  readonly version: string;
}

export interface FindPythonOptions {
  readonly env?: NodeJS.ProcessEnv;
  readonly homeDir?: string;
  /** A path the user set (`mwaa.localRuntime.pythonPath`): tried first. */
  readonly configured?: string;
}

export class MissingPythonError extends Error {
  override readonly name = 'MissingPythonError';
  constructor(message: string, readonly wanted: string | undefined, readonly tried: readonly string[]) {
    super(message);
  }
}

const PROBE = 'import sys;print("%d.%d.%d" % sys.version_info[:3]);print(sys.executable)';
const MAX_CANDIDATES = 60;
const WIN = process.platform === 'win32';

interface Candidate {
  readonly command: string;
  readonly args: readonly string[];
  /** How it is named in "tried": the path, or `py -3.12`. */
  readonly label: string;
}

const file = (p: string): Candidate => ({ command: p, args: [], label: p });

/** Runs a candidate; its version and executable, or why it is not usable. */
async function probe(c: Candidate, env: NodeJS.ProcessEnv): Promise<FoundPython | string> {
  if (c.args.length === 0 && !isExecutable(c.command)) return 'not found';
  // PYTHONHOME/PYTHONPATH of the caller would make any interpreter look broken or different.
  const clean: NodeJS.ProcessEnv = { ...env, PYTHONHOME: undefined, PYTHONPATH: undefined, PYTHONSTARTUP: undefined };
  try {
    const r = await runProcess(c.command, [...c.args, '-c', PROBE], { env: clean, timeoutMs: 15_000, maxCaptureBytes: 4096 });
    const [version, exe] = r.stdout.trim().split(/\r?\n/);
    if (r.code !== 0 || !version || !/^\d+\.\d+\.\d+$/.test(version)) {
      const why = r.stopped === 'timeout' ? 'timed out' : (r.stderr.trim().split(/\r?\n/)[0] ?? '').slice(0, 120);
      return `did not run${why ? ` (${why})` : ''}`;
    }
    return { path: c.args.length ? (exe ?? c.command).trim() : c.command, version };
  } catch (err) {
    return `did not start (${(err as Error).message.slice(0, 120)})`;
  }
}

function isExecutable(p: string): boolean {
  try {
    const s = fs.statSync(p);
    if (!s.isFile()) return false;
    if (WIN) return true;
    fs.accessSync(p, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function listDir(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

/** Patch numbers, newest first, of entries `<prefix><minor-version>.<patch><suffix>`. */
function newestFirst(names: string[], pattern: RegExp): string[] {
  return names
    .map((n) => ({ n, m: pattern.exec(n) }))
    .filter((x): x is { n: string; m: RegExpExecArray } => x.m !== null)
    .sort((a, b) => Number(b.m[1]) - Number(a.m[1]))
    .map((x) => x.n);
}

function escape(v: string): string {
  return v.replace(/\./g, '\\.');
}

function onPath(names: readonly string[], env: NodeJS.ProcessEnv): Candidate[] {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean).slice(0, 100);
  const exts = WIN ? ['.exe'] : [''];
  const out: Candidate[] = [];
  for (const dir of dirs) for (const n of names) for (const e of exts) out.push(file(path.join(dir, n + e)));
  return out;
}

function pyenvCandidates(version: string, env: NodeJS.ProcessEnv, home: string): Candidate[] {
  const root = env.PYENV_ROOT || path.join(home, '.pyenv');
  const versions = path.join(root, 'versions');
  const names = newestFirst(listDir(versions), new RegExp(`^${escape(version)}\\.(\\d+)$`));
  return names.map((n) => file(WIN ? path.join(versions, n, 'python.exe') : path.join(versions, n, 'bin', `python${version}`)));
}

function uvCandidates(version: string, env: NodeJS.ProcessEnv, home: string): Candidate[] {
  const dataHome = env.XDG_DATA_HOME || (WIN ? env.APPDATA ?? path.join(home, 'AppData', 'Roaming') : path.join(home, '.local', 'share'));
  const root = env.UV_PYTHON_INSTALL_DIR || path.join(dataHome, 'uv', 'python');
  const names = newestFirst(listDir(root), new RegExp(`^cpython-${escape(version)}\\.(\\d+)-`));
  return names.map((n) => file(WIN ? path.join(root, n, 'python.exe') : path.join(root, n, 'bin', `python${version}`)));
}

function systemCandidates(version: string): Candidate[] {
  if (WIN) return [{ command: 'py', args: [`-${version}`], label: `py -${version}` }];
  return ['/usr/bin', '/usr/local/bin', '/opt/homebrew/bin', `/Library/Frameworks/Python.framework/Versions/${version}/bin`]
    .map((d) => file(path.join(d, `python${version}`)));
}

async function firstMatching(cands: Candidate[], env: NodeJS.ProcessEnv, accept: (v: string) => boolean): Promise<{ found?: FoundPython; tried: string[] }> {
  const seen = new Set<string>();
  const tried: string[] = [];
  for (const c of cands) {
    if (seen.has(c.label) || seen.size >= MAX_CANDIDATES) continue;
    seen.add(c.label);
    const r = await probe(c, env);
    if (typeof r === 'string') {
      if (r !== 'not found') tried.push(`${c.label} ${r}`);
      continue;
    }
    if (accept(r.version)) return { found: r, tried };
    tried.push(`${c.label} is Python ${r.version}`);
  }
  return { tried };
}

function minorOf(v: string): string {
  return v.split('.').slice(0, 2).join('.');
}

/** A Python whose major.minor is `version` (e.g. `3.12`), or MissingPythonError saying how to get one. */
export async function findPython(version: string, opts: FindPythonOptions = {}): Promise<FoundPython> {
  if (!/^\d+\.\d+$/.test(version)) throw new MissingPythonError(`${JSON.stringify(version.slice(0, 20))} is not a Python version (major.minor).`, undefined, []);
  const env = opts.env ?? process.env;
  const home = opts.homeDir ?? os.homedir();
  const cands: Candidate[] = [
    ...(opts.configured ? [file(opts.configured)] : []),
    ...onPath([`python${version}`], env),
    ...pyenvCandidates(version, env, home),
    ...uvCandidates(version, env, home),
    ...systemCandidates(version),
  ];
  const { found, tried } = await firstMatching(cands, env, (v) => minorOf(v) === version);
  if (found) return found;
  const configured = opts.configured && !tried.some((t) => t.startsWith(opts.configured!)) ? [`${opts.configured} not found`] : [];
  const all = [...configured, ...tried];
  throw new MissingPythonError(
    `MWAA runs this Airflow version on Python ${version}, and no Python ${version} was found`
    + `${all.length ? ` (tried: ${all.join('; ')})` : ` (no python${version} on PATH, in pyenv, in uv's Pythons or in the system folders)`}. `
    + `Install it with \`pyenv install ${version}\`, \`uv python install ${version}\` or your system's python${version} package, `
    + `or set \`mwaa.localRuntime.pythonPath\` to a Python ${version} interpreter.`,
    version, all);
}

function atLeast38(v: string): boolean {
  const [maj, min] = v.split('.').map(Number);
  return maj === 3 && (min ?? 0) >= 8;
}

/** Any Python 3.8 or newer (to install uv with pip), or MissingPythonError saying there is none. */
export async function findAnyPython(opts: FindPythonOptions = {}): Promise<FoundPython> {
  const env = opts.env ?? process.env;
  const home = opts.homeDir ?? os.homedir();
  const known = ['3.13', '3.12', '3.11', '3.10', '3.9'];
  const cands: Candidate[] = [
    ...(opts.configured ? [file(opts.configured)] : []),
    ...onPath(['python3', 'python'], env),
    ...(WIN ? [{ command: 'py', args: ['-3'], label: 'py -3' }] : []),
    ...known.flatMap((v) => [...onPath([`python${v}`], env), ...pyenvCandidates(v, env, home), ...uvCandidates(v, env, home), ...systemCandidates(v)]),
  ];
  const { found, tried } = await firstMatching(cands, env, atLeast38);
  if (found) return found;
  throw new MissingPythonError(
    `No Python 3.8 or newer was found on this machine${tried.length ? ` (tried: ${tried.join('; ')})` : ''}. `
    + 'The local MWAA runtime needs Python: install it (python.org, your system\'s package manager, or `pyenv`), '
    + 'or install uv yourself and put it on PATH.',
    undefined, tried);
}
