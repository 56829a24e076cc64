/**
 * Resolves a requirements file the way MWAA's installer would install it, without installing:
 * `uv pip compile` for MWAA's platform (Linux x86_64, Amazon Linux 2023's glibc 2.34, the Python
 * MWAA runs for the Airflow version), with `apache-airflow==<version>` added, MWAA's essential
 * constraints always, Airflow's constraints unless the file has its own constraint line, and the
 * plugins folder as `--find-links`. uv evaluates environment markers for that platform, so a line
 * that is false on MWAA is skipped as pip there would skip it.
 *
 * uv stops at the first conflict: the lines it names are blanked in a temporary copy and the file
 * is resolved again (at most MAX_ROUNDS times), so one check reports every conflicting line.
 *
 * Source distributions: uv needs the metadata of a project that has no wheel, and may build it,
 * which runs that project's setup.py on this machine. `--no-build` would make such files
 * unresolvable although MWAA installs them, so builds stay on. That is acceptable only because the
 * resolver runs for a trusted workspace (the extension and mwaa-lint gate it), like an install.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { localizeRequirements } from './installerModel';
import { runProcess, type RunResult } from './processRun';
import { redact } from '../redact';
import { cachedVerdict, storeVerdict } from './resolveCache';
import { requirementSet, type RequirementSet } from './requirementLines';
import type { RequirementProblem, ResolveVerdict, RuntimeInputs } from './runtimeTypes';
import { classifyUvFailure, explainUvFailure, networkReason, uvExplanation } from './uvOutput';

export interface ResolveOptions {
  readonly uv: string;
  /** The environment uv runs with (its cache, proxies, index credentials the user set). */
  readonly env: NodeJS.ProcessEnv;
  /** Folder of the on-disk verdict cache; without it, verdicts are cached in memory only. */
  readonly cacheDir?: string;
  readonly signal?: AbortSignal;
  /** Where the temporary copies go (default: the system's temporary folder). */
  readonly workDir?: string;
  /** A Python of MWAA's version for builds of source distributions; uv picks one when absent. */
  readonly python?: string;
  /** The whole resolution's time limit (default 5 minutes). */
  readonly timeoutMs?: number;
  /** Called before each run of uv (progress; tests count runs). */
  readonly onUvRun?: (round: number) => void;
}

/** Amazon Linux 2023 (MWAA's image): x86_64, glibc 2.34. */
export const MWAA_PLATFORM = 'x86_64-manylinux_2_34';
export const MAX_ROUNDS = 5;
const DEFAULT_TIMEOUT_MS = 5 * 60_000;
const KEY_SCHEMA = 'mwaa-resolve/1';
const MAX_PLUGIN_FILES = 500;

const uvVersions = new Map<string, string>();

async function uvVersion(uv: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const known = uvVersions.get(uv);
  if (known) return known;
  try {
    const r = await runProcess(uv, ['--version'], { env, timeoutMs: 30_000, maxCaptureBytes: 4096 });
    const v = r.code === 0 ? r.stdout.trim().slice(0, 100) : undefined;
    if (v) uvVersions.set(uv, v);
    return v;
  } catch {
    return undefined;
  }
}

/** Names, sizes and times of the plugins folder's wheels and archives (what --find-links sees). */
function folderListing(folder: string | undefined): string {
  if (!folder) return '';
  try {
    return fs.readdirSync(folder).filter((n) => /\.(whl|tar\.gz|zip)$/i.test(n)).sort().slice(0, MAX_PLUGIN_FILES).map((n) => {
      const s = fs.statSync(path.join(folder, n), { throwIfNoEntry: false });
      return `${n} ${s?.size ?? '-'} ${s?.mtimeMs ?? '-'}`;
    }).join('\n');
  } catch {
    return 'unreadable';
  }
}

/** Size and time of the local files the lines name by `file:` URL (a rebuilt wheel is new content). */
function localUrlStats(set: RequirementSet): string {
  return set.lines.filter((l) => l.url && /^file:/i.test(l.url)).slice(0, MAX_PLUGIN_FILES).map((l) => {
    try {
      const s = fs.statSync(decodeURIComponent(new URL(l.url!).pathname), { throwIfNoEntry: false });
      return `${l.url} ${s?.size ?? '-'} ${s?.mtimeMs ?? '-'}`;
    } catch {
      return `${l.url} -`;
    }
  }).join('\n');
}

/** sha256 of everything that can change the verdict, including where its problems point. */
export function resolveKey(inputs: RuntimeInputs, set: RequirementSet, uv: string, python: string | undefined): string {
  const h = createHash('sha256');
  const part = (name: string, value: string | undefined) => h.update(`${name}\0${value ?? '\u0001'}\0`);
  part('schema', KEY_SCHEMA);
  part('platform', MWAA_PLATFORM);
  part('uv', uv);
  part('build-python', python);
  part('airflow', inputs.airflowVersion);
  part('python', inputs.pythonVersion);
  part('essential', inputs.essentialConstraints);
  part('airflow-constraints', inputs.airflowConstraints);
  part('plugins', inputs.pluginsFolder);
  part('plugins-listing', folderListing(inputs.pluginsFolder));
  for (const f of set.files) {
    part('file', f.path);
    part('text', f.text);
  }
  part('urls', localUrlStats(set));
  return h.digest('hex');
}

/** The text with the given 1-based lines' logical lines blanked (line numbers stay the same). */
function blankLines(text: string, file: string, set: RequirementSet, dropped: ReadonlySet<string>): string {
  let out = text;
  for (const l of set.lines) {
    if (l.file !== file || !dropped.has(`${l.file}\0${l.line}`)) continue;
    const span = out.slice(l.span.start, l.span.end).replace(/[^\r\n]/g, ' ');
    out = out.slice(0, l.span.start) + span + out.slice(l.span.end);
  }
  return out;
}

const INCLUDE_LINE = /^(\s*)(--requirement|--constraint|-r|-c)(\s*=\s*|\s*)(["']?)([^"'\s]+)\4(.*)$/;

interface WorkFiles {
  readonly top: string;
  readonly aliases: Map<string, string>;
}

/** Writes the set's files into `dir` as this machine reads them, includes pointing at the copies. */
function writeCopies(dir: string, set: RequirementSet, inputs: Pick<RuntimeInputs, 'pluginsFolder' | 'bundledConstraints'>, dropped: ReadonlySet<string>, round: number): WorkFiles {
  const copyOf = (i: number) => path.join(dir, `r${round}-${i}-${path.basename(set.files[i]!.path).replace(/[^\w.-]/g, '_')}`);
  const aliases = new Map<string, string>();
  set.files.forEach((f, i) => {
    const local = localizeRequirements(blankLines(f.text, f.path, set, dropped), path.dirname(f.path), inputs.pluginsFolder, inputs.bundledConstraints).text;
    const lines = local.split('\n');
    for (const [lineNo, target] of f.includes) {
      const m = INCLUDE_LINE.exec(lines[lineNo - 1] ?? '');
      if (m) lines[lineNo - 1] = `${m[1]}${m[2]} ${JSON.stringify(copyOf(target))}${m[6]}`;
    }
    fs.writeFileSync(copyOf(i), lines.join('\n'));
    aliases.set(copyOf(i), f.path);
  });
  return { top: copyOf(0), aliases };
}

function uvArgs(inputs: RuntimeInputs, opts: ResolveOptions, dir: string, top: string): string[] {
  const args = ['pip', 'compile', '--no-config', '--no-header', '--no-annotate', '--python-version', inputs.pythonVersion,
    '--python-platform', MWAA_PLATFORM,
    // pip's way of choosing between indexes (the best version across all): MWAA's installer is pip.
    '--index-strategy', 'unsafe-best-match'];
  if (opts.python) args.push('--python', opts.python);
  args.push(top, path.join(dir, 'airflow.in'), '-c', path.join(dir, 'essential.txt'));
  if (inputs.airflowConstraints !== undefined) args.push('-c', path.join(dir, 'airflow-constraints.txt'));
  if (inputs.pluginsFolder) args.push('--find-links', inputs.pluginsFolder);
  return args;
}

/** `name==version` (or `name @ url`) lines of uv's output, by PEP 503 name. */
export function parseCompiled(stdout: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of stdout.split(/\r?\n/)) {
    const line = raw.trim();
    const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*(?:==\s*([^\s;\\]+)|@\s*(\S+))/.exec(line);
    if (m) out.set(m[1]!.toLowerCase().replace(/[-_.]+/g, '-'), m[2] ?? redact(m[3]!));
  }
  return out;
}

function emptySet(): RequirementSet {
  return requirementSet({ path: path.join(os.tmpdir(), 'requirements.txt'), text: '' });
}

/** `partial`: stopped before uv had its say on every line (not cached: the next run may learn more). */
type Outcome = { readonly done: ResolveVerdict | undefined; readonly partial?: boolean; readonly found: readonly RequirementProblem[] };

/** Reads one uv run: a verdict to stop with, or the problems it named (their lines are dropped next). */
function readRun(r: RunResult, ctx: { inputs: RuntimeInputs; set: RequirementSet; aliases: Map<string, string>; cwd: string }, t0: number, problems: readonly RequirementProblem[]): Outcome {
  const ms = () => Date.now() - t0;
  const output = `${r.stderr}\n${r.stdout}`;
  const stopWith = (reason: string): Outcome => ({
    done: problems.length ? { status: 'conflict', problems, ms: ms() } : { status: 'unknown', reason, ms: ms() },
    partial: true,
    found: [],
  });
  if (r.stopped === 'aborted') return stopWith('The check was cancelled.');
  if (r.stopped === 'timeout') return stopWith('uv took longer than the time limit to resolve the file.');
  if (r.code === 0) {
    return { done: problems.length ? { status: 'conflict', problems, ms: ms() } : { status: 'ok', packages: parseCompiled(r.stdout), ms: ms() }, found: [] };
  }
  const kind = classifyUvFailure(output);
  if (kind === 'network') return stopWith(`${networkReason(output)}: the requirements were not checked.`);
  if (kind === 'other') return stopWith(`uv could not resolve the file for reasons of its own, not a conflict: ${uvExplanation(output)}`);
  const found = explainUvFailure(output, undefined, { ...ctx.inputs, set: ctx.set, aliases: ctx.aliases, cwd: ctx.cwd });
  return { done: undefined, found };
}

/** Runs uv until it succeeds, fails for a reason not tied to a line, or MAX_ROUNDS are spent. */
async function resolveRounds(inputs: RuntimeInputs, set: RequirementSet, opts: ResolveOptions, dir: string, t0: number): Promise<{ verdict: ResolveVerdict; partial: boolean }> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const cwd = inputs.requirements ? path.dirname(path.resolve(inputs.requirements.path)) : dir;
  const problems: RequirementProblem[] = [];
  const dropped = new Set<string>();
  for (let round = 1; round <= MAX_ROUNDS; round++) {
    const { top, aliases } = writeCopies(dir, set, inputs, dropped, round);
    opts.onUvRun?.(round);
    const r = await runProcess(opts.uv, uvArgs(inputs, opts, dir, top), {
      cwd, env: { ...opts.env, NO_COLOR: '1' }, signal: opts.signal, maxCaptureBytes: 1024 * 1024,
      timeoutMs: Math.max(1000, timeoutMs - (Date.now() - t0)),
    });
    const outcome = readRun(r, { inputs, set, aliases, cwd }, t0, problems);
    if (outcome.done) return { verdict: outcome.done, partial: outcome.partial === true };
    const fresh = outcome.found.filter((p) => p.line === undefined || !dropped.has(`${p.file}\0${p.line}`));
    for (const p of fresh) if (p.line !== undefined || problems.length === 0) problems.push(p);
    const droppable = fresh.filter((p) => p.line !== undefined);
    // Nothing new to drop: another round would report the same thing.
    if (droppable.length === 0) break;
    for (const p of droppable) dropped.add(`${p.file}\0${p.line}`);
  }
  return { verdict: { status: 'conflict', problems, ms: Date.now() - t0 }, partial: false };
}

/**
 * The verdict of MWAA's installer on the inputs' requirements file: ok (with the resolved
 * packages), conflict (a problem on each line to change), or unknown when uv could not decide (an
 * index unreachable, uv missing, a time-out): never an exception, never a guess.
 */
export async function resolveRequirements(inputs: RuntimeInputs, opts: ResolveOptions): Promise<ResolveVerdict> {
  const t0 = Date.now();
  const unknown = (reason: string): ResolveVerdict => ({ status: 'unknown', reason: redact(reason), ms: Date.now() - t0 });
  if (!/^\d{1,3}\.\d{1,3}(\.\d{1,3})?$/.test(inputs.airflowVersion) || !/^3\.\d{1,2}$/.test(inputs.pythonVersion)) {
    return unknown('The Airflow or Python version is not one MWAA offers.');
  }
  const version = await uvVersion(opts.uv, opts.env);
  if (!version) return unknown(`uv could not be run (${opts.uv}).`);
  let set: RequirementSet;
  try {
    set = inputs.requirements ? requirementSet(inputs.requirements) : emptySet();
  } catch (err) {
    return unknown(`The requirements file could not be read: ${(err as Error).message}`);
  }
  const key = resolveKey(inputs, set, version, opts.python);
  const cached = cachedVerdict(key, opts.cacheDir);
  if (cached) return { ...cached, ms: Date.now() - t0 };
  let dir: string | undefined;
  try {
    dir = fs.mkdtempSync(path.join(opts.workDir ?? os.tmpdir(), 'mwaa-resolve-'));
    fs.writeFileSync(path.join(dir, 'airflow.in'), `apache-airflow==${inputs.airflowVersion}\n`);
    fs.writeFileSync(path.join(dir, 'essential.txt'), inputs.essentialConstraints);
    if (inputs.airflowConstraints !== undefined) fs.writeFileSync(path.join(dir, 'airflow-constraints.txt'), inputs.airflowConstraints);
    const { verdict, partial } = await resolveRounds(inputs, set, opts, dir, t0);
    if (!partial && !opts.signal?.aborted) storeVerdict(key, opts.cacheDir, verdict);
    return verdict;
  } catch (err) {
    return unknown(`uv could not be run: ${(err as Error).message}`);
  } finally {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }
}
