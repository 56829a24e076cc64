/**
 * The long-lived DAG parse worker: one Python process of a runtime that keeps Airflow imported and
 * parses one file per request with Airflow's own DagBag (mwaa_parse_worker.py). Started on first
 * use, one request at a time, restarted after a crash; a request that outlives Airflow's own
 * timeouts by `graceMs` is abandoned and the process group killed. Only files inside the dags
 * folder are parsed. Importing a DAG runs the user's code: the extension reaches this only through
 * RuntimeService, whose every entry calls `trust.require()` (the CLI runs at the user's command).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { withStructures } from '../dagView/localStructure';
import { redact } from '../redact';
import { asNumber, syntheticResult, toParseResult } from './parseErrors';
import type { ParseResult } from './runtimeTypes';

export interface DagParseWorkerOptions {
  readonly python: string;
  /** A scratch AIRFLOW_HOME (created if missing): airflow.cfg, the bytecode cache. */
  readonly airflowHome: string;
  readonly dagsFolder: string;
  readonly pluginsFolder?: string;
  /** The environment's AirflowConfigurationOptions (`section.key` -> value); values are never logged. */
  readonly configOptions?: Readonly<Record<string, string>>;
  /** Base environment (default: this process's), without its AIRFLOW* and PYTHON* variables. */
  readonly env?: NodeJS.ProcessEnv;
  readonly script?: string;
  /** Worker stderr (Airflow's log, DAG prints), redacted, and the worker's own notes. */
  readonly log?: (line: string) => void;
  /** Past Airflow's timeouts, how long a request may still take before it is abandoned (default 15 s). */
  readonly graceMs?: number;
  /** How long Airflow's import may take at start (default 180 s: a first start compiles bytecode). */
  readonly startTimeoutMs?: number;
}

interface ReadyLine {
  readonly airflow: string;
  readonly python: string;
  readonly timeoutSeconds: number;
  readonly processorTimeoutSeconds: number;
}

interface Inflight {
  readonly id: number;
  readonly file: string;
  /** Settles the caller's promise (first call wins). */
  settle(outcome: { result: ParseResult } | { error: Error }): void;
  /** The worker is free again (its answer came, or it died). */
  release(): void;
}

interface Live {
  readonly child: ChildProcess;
  readonly ready: Promise<ReadyLine>;
  inflight: Inflight | undefined;
  exited: boolean;
  timeoutSeconds: number;
  readonly stderrTail: string[];
}

export const MAX_REPLY_LINE = 1024 * 1024;
const MAX_STDERR_LINE = 2000;
const MAX_OPTIONS = 500;
const MAX_OPTION_VALUE = 64 * 1024;
const OPTION_KEY = /^[a-z0-9_]{1,100}\.[a-z0-9_]{1,200}$/;

/** `<dist>/python/mwaa_parse_worker.py` beside the bundle, or the source copy when run from out*. */
export function parseWorkerScript(): string {
  const name = 'mwaa_parse_worker.py';
  const candidates = [
    path.join(__dirname, 'python', name),
    path.join(__dirname, '..', 'python', name),
    path.resolve(__dirname, '..', '..', '..', '..', 'src', 'core', 'runtime', 'python', name),
    path.resolve(__dirname, '..', '..', '..', 'src', 'core', 'runtime', 'python', name),
  ];
  const found = candidates.find((c) => fs.existsSync(c));
  if (!found) throw new Error(`${name} not found beside ${__dirname}`);
  return found;
}

/** `section.key` options as AIRFLOW__SECTION__KEY variables; bad keys are skipped (named, never their values). */
export function configOptionsEnv(options: Readonly<Record<string, string>> | undefined, log?: (l: string) => void): Record<string, string> {
  const env: Record<string, string> = {};
  const entries = Object.entries(options ?? {});
  if (entries.length > MAX_OPTIONS) log?.(`parse worker: only the first ${MAX_OPTIONS} of ${entries.length} configuration options are applied`);
  for (const [rawKey, value] of entries.slice(0, MAX_OPTIONS)) {
    const key = rawKey.trim().toLowerCase();
    if (!OPTION_KEY.test(key) || typeof value !== 'string' || value.length > MAX_OPTION_VALUE || value.includes('\0')) {
      log?.(`parse worker: configuration option ${JSON.stringify(rawKey.slice(0, 100))} ignored (not section.key, or its value is not a bounded string)`);
      continue;
    }
    const [section, name] = key.split('.') as [string, string];
    env[`AIRFLOW__${section.toUpperCase()}__${name.toUpperCase()}`] = value;
  }
  return env;
}

/** The worker's environment: the user's shell minus Airflow and Python settings, plus the environment's options. */
export function workerEnv(opts: DagParseWorkerOptions): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // A local Airflow or Python setup of the user must not change what the environment's parse sees.
  for (const [k, v] of Object.entries(opts.env ?? process.env)) {
    if (v !== undefined && !/^(AIRFLOW|PYTHON|VIRTUAL_ENV$|CONDA_PREFIX$)/i.test(k)) env[k] = v;
  }
  Object.assign(env, { AIRFLOW__LOGGING__LOGGING_LEVEL: 'WARNING' }, configOptionsEnv(opts.configOptions, opts.log));
  // The environment's secrets backend (Secrets Manager) is not the parse's: a top-level
  // Variable.get must not reach AWS with this machine's credentials while checking a file.
  for (const k of Object.keys(env)) if (/^AIRFLOW__(SECRETS__|WORKERS__SECRETS_BACKEND)/.test(k)) delete env[k];
  const home = path.resolve(opts.airflowHome);
  Object.assign(env, {
    AIRFLOW_HOME: home,
    // Airflow writes its default airflow.cfg on first import: one per interpreter, so a home shared
    // by runtimes of different Airflow versions never feeds one version's defaults to another.
    AIRFLOW_CONFIG: path.join(home, `airflow-${createHash('sha256').update(path.resolve(opts.python)).digest('hex').slice(0, 12)}.cfg`),
    AIRFLOW__CORE__DAGS_FOLDER: path.resolve(opts.dagsFolder),
    AIRFLOW__CORE__LOAD_EXAMPLES: 'False',
    // The parse never reaches the environment's metadata database.
    AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: `sqlite:///${path.join(home, 'airflow.db')}`,
    PYTHONUNBUFFERED: '1',
    PYTHONNOUSERSITE: '1',
    PYTHONIOENCODING: 'utf-8',
    // Bytecode goes to the scratch home, never into the user's dags folder.
    PYTHONPYCACHEPREFIX: path.join(home, 'pycache'),
  });
  if (opts.pluginsFolder) env.AIRFLOW__CORE__PLUGINS_FOLDER = path.resolve(opts.pluginsFolder);
  return env;
}

/** Calls onLine per complete line; a line past `max` is cut to the bound and flagged. */
function lineSplitter(max: number, onLine: (line: string, tooLong: boolean) => void): (chunk: string) => void {
  let partial = '';
  let overflow = false;
  return (chunk) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    for (const p of parts) {
      onLine(p.slice(0, max), overflow || p.length > max);
      overflow = false;
    }
    if (partial.length > max) {
      overflow = true;
      partial = partial.slice(0, max);
    }
  };
}

function abortError(): Error {
  const e = new Error('the parse was cancelled');
  e.name = 'AbortError';
  return e;
}

export class DagParseWorker {
  private live: Live | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private nextId = 1;
  private disposed = false;
  private readonly dagsFolder: string;
  private readonly graceMs: number;

  constructor(private readonly opts: DagParseWorkerOptions) {
    this.dagsFolder = path.resolve(opts.dagsFolder);
    this.graceMs = opts.graceMs ?? 15_000;
  }

  /** The worker process's pid while it runs (for diagnostics and tests). */
  get pid(): number | undefined {
    return this.live && !this.live.exited ? this.live.child.pid : undefined;
  }

  /** Airflow's and Python's versions (starts the worker if it is not running). */
  get info(): Promise<{ airflow: string; python: string }> {
    return this.ensure().then(({ ready }) => ready).then((r) => ({ airflow: r.airflow, python: r.python }));
  }

  /** Parses one file of the dags folder (queued behind the one running). */
  parseFile(file: string, signal?: AbortSignal): Promise<ParseResult> {
    if (this.disposed) return Promise.reject(new Error('the parse worker was disposed'));
    const abs = this.checkedFile(file);
    if (typeof abs !== 'string') return Promise.reject(abs);
    const turn = this.queue;
    let release!: () => void;
    const free = new Promise<void>((r) => { release = r; });
    this.queue = Promise.allSettled([turn, free]);
    return (async () => {
      try {
        await abortable(turn, signal);
      } catch (err) {
        release();
        throw err;
      }
      return this.request(abs, signal, release);
    })();
  }

  /** Kills the worker's process group; pending and later requests fail. */
  dispose(): void {
    this.disposed = true;
    if (this.live) this.kill(this.live);
  }

  private checkedFile(file: string): string | Error {
    const abs = path.resolve(file);
    const real = (p: string) => { try { return fs.realpathSync(p); } catch { return p; } };
    const rel = path.relative(real(this.dagsFolder), real(abs));
    if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return new Error(`${abs} is not inside the dags folder ${this.dagsFolder}`);
    if (!/\.(py|zip)$/i.test(abs)) return new Error(`${abs} is not a .py or .zip file`);
    return abs;
  }

  private async request(file: string, signal: AbortSignal | undefined, release: () => void): Promise<ParseResult> {
    let live: Live;
    let ready: ReadyLine;
    try {
      if (signal?.aborted) throw abortError();
      live = await this.ensure();
      ready = await live.ready;
    } catch (err) {
      release();
      throw err;
    }
    const id = this.nextId++;
    const t0 = Date.now();
    return new Promise<ParseResult>((resolve, reject) => {
      let settled = false;
      let freed = false;
      const limitMs = Math.max(ready.timeoutSeconds, ready.processorTimeoutSeconds) * 1000 + this.graceMs;
      const timer = setTimeout(() => {
        this.opts.log?.(`parse worker: no answer for ${path.basename(file)} within ${Math.round(limitMs / 1000)}s; restarting the worker`);
        inflight.settle({ result: syntheticResult(file, 'timeout', `${path.basename(file)} did not finish parsing within ${Math.round(limitMs / 1000)}s (Airflow's timeouts plus a grace period); the parse worker was restarted.`, Date.now() - t0, ready.timeoutSeconds) });
        this.kill(live);
      }, limitMs);
      const onAbort = () => {
        inflight.settle({ error: abortError() });
        this.write(live, { id, op: 'cancel' });
      };
      const inflight: Inflight = {
        id, file,
        settle: (outcome) => {
          if (settled) return;
          settled = true;
          if ('result' in outcome) resolve(outcome.result);
          else reject(outcome.error);
        },
        release: () => {
          if (freed) return;
          freed = true;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          if (live.inflight === inflight) live.inflight = undefined;
          release();
        },
      };
      live.inflight = inflight;
      signal?.addEventListener('abort', onAbort, { once: true });
      this.write(live, { id, op: 'parse', file, dagsFolder: this.dagsFolder });
    });
  }

  private write(live: Live, obj: unknown): void {
    if (live.exited || !live.child.stdin?.writable) return;
    live.child.stdin.write(`${JSON.stringify(obj)}\n`);
  }

  private ensure(): Promise<Live> {
    if (this.disposed) return Promise.reject(new Error('the parse worker was disposed'));
    if (!this.live || this.live.exited) this.live = this.start();
    const live = this.live;
    return live.ready.then(() => live);
  }

  private start(): Live {
    fs.mkdirSync(this.opts.airflowHome, { recursive: true });
    const script = this.opts.script ?? parseWorkerScript();
    const posix = process.platform !== 'win32';
    const child = spawn(this.opts.python, ['-u', script], {
      cwd: this.opts.airflowHome, env: workerEnv(this.opts), detached: posix, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true,
    });
    let onReady!: (r: ReadyLine) => void;
    let onFail!: (e: Error) => void;
    const ready = new Promise<ReadyLine>((res, rej) => { onReady = res; onFail = rej; });
    ready.catch(() => undefined);
    const live: Live = { child, ready, inflight: undefined, exited: false, timeoutSeconds: 30, stderrTail: [] };
    let isReady = false;
    const startTimer = setTimeout(() => {
      onFail(new Error(`the parse worker did not start within ${Math.round((this.opts.startTimeoutMs ?? 180_000) / 1000)}s`));
      this.kill(live);
    }, this.opts.startTimeoutMs ?? 180_000);
    const failStart = (why: string) => {
      clearTimeout(startTimer);
      const tail = live.stderrTail.slice(-15).join('\n');
      onFail(new Error(redact(`${why}${tail ? `\n${tail}` : ''}`)));
    };
    child.stdout!.setEncoding('utf8').on('data', lineSplitter(MAX_REPLY_LINE, (line, tooLong) => {
      if (tooLong) {
        this.opts.log?.('parse worker: a reply line exceeded 1 MiB; restarting the worker');
        this.kill(live);
        return;
      }
      if (!isReady) {
        const r = parseJson(line);
        if (r?.ready === true) {
          isReady = true;
          clearTimeout(startTimer);
          live.timeoutSeconds = asNumber(r.timeoutSeconds, 30);
          onReady({ airflow: String(r.airflow), python: String(r.python), timeoutSeconds: live.timeoutSeconds, processorTimeoutSeconds: asNumber(r.processorTimeoutSeconds, 50) });
        } else failStart(`the parse worker could not import Airflow: ${typeof r?.error === 'string' ? r.error.slice(0, 4000) : line.slice(0, 400)}`);
        return;
      }
      this.onReply(live, line);
    }));
    child.stderr!.setEncoding('utf8').on('data', lineSplitter(MAX_STDERR_LINE, (line) => {
      const clean = redact(line);
      live.stderrTail.push(clean);
      if (live.stderrTail.length > 50) live.stderrTail.shift();
      this.opts.log?.(clean);
    }));
    child.stdin!.on('error', () => { /* the worker exited; 'exit' reports it */ });
    child.once('error', (err) => {
      live.exited = true;
      failStart(`${this.opts.python} could not be started: ${err.message}`);
    });
    child.once('exit', (code, sig) => this.onExit(live, isReady, code, sig, failStart));
    return live;
  }

  private onReply(live: Live, line: string): void {
    const reply = parseJson(line);
    const inflight = live.inflight;
    if (!reply || !inflight || reply.id !== inflight.id) {
      if (reply?.id === null && typeof reply.error === 'string') this.opts.log?.(`parse worker: ${reply.error}`);
      return;
    }
    if (typeof reply.error === 'string') inflight.settle({ error: new Error(`parse worker: ${reply.error.slice(0, 400)}`) });
    // The DAGs' task structures (for the DAG view) ride along on the result, checked and bounded.
    else if (reply.cancelled !== true) inflight.settle({ result: withStructures(toParseResult(inflight.file, reply, live.timeoutSeconds), reply) });
    inflight.release();
  }

  private onExit(live: Live, wasReady: boolean, code: number | null, sig: NodeJS.Signals | null, failStart: (why: string) => void): void {
    live.exited = true;
    const how = code !== null ? `exited with code ${code}` : `was killed (${sig ?? 'signal'})`;
    if (!wasReady) failStart(`the parse worker ${how} before it was ready`);
    const inflight = live.inflight;
    if (inflight && this.disposed) inflight.settle({ error: new Error('the parse worker was disposed') });
    else if (inflight) {
      this.opts.log?.(`parse worker ${how} while parsing ${path.basename(inflight.file)}; it restarts on the next parse`);
      inflight.settle({ result: syntheticResult(inflight.file, 'other', `The parse worker ${how} while importing this file (its top-level code ended the process); Airflow's processor would die the same way and record no import error.`, 0, live.timeoutSeconds) });
    }
    inflight?.release();
    if (this.live === live) this.live = undefined;
  }

  private kill(live: Live): void {
    const pid = live.child.pid;
    try {
      if (process.platform !== 'win32' && pid) process.kill(-pid, 'SIGKILL');
      else live.child.kill('SIGKILL');
    } catch { /* already gone */ }
  }
}

function parseJson(line: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(line);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Resolves with `p`, or rejects as soon as `signal` aborts. */
function abortable(p: Promise<unknown>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return p.then(() => undefined, () => undefined);
  if (signal.aborted) return Promise.reject(abortError());
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => reject(abortError());
    signal.addEventListener('abort', onAbort, { once: true });
    p.then(() => undefined, () => undefined).then(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
  });
}
