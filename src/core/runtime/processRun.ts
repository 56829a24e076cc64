/**
 * Runs a tool of the local runtime (uv, python) to its end: its output read line by line as it
 * comes (for progress), kept up to a bound (a chatty install cannot fill the heap), stopped on
 * abort or timeout (its whole process group on POSIX, so uv's own children stop too).
 * Workspace trust is checked upstream: RuntimeService and the local-run feature call
 * `trust.require()` before anything here runs; the mwaa-lint CLI runs at the user's own command.
 */
import { spawn } from 'node:child_process';

export interface RunOptions {
  readonly cwd?: string;
  /** The complete environment the child sees (callers decide; nothing is merged in). */
  readonly env: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
  /** Killed after this long (default 30 minutes: a cold runtime build downloads hundreds of MB). */
  readonly timeoutMs?: number;
  /** Each complete line of stdout or stderr, as it arrives (bounded to 2,000 characters). */
  readonly onLine?: (line: string, stream: 'stdout' | 'stderr') => void;
  /** Bytes of each stream kept for the result: the tail is kept (default 256 KiB). */
  readonly maxCaptureBytes?: number;
  /** Text written to stdin, then closed (default: stdin is closed at once). */
  readonly input?: string;
}

export interface RunResult {
  /** Exit code, or undefined when a signal ended the process. */
  readonly code: number | undefined;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
  /** Why it was stopped by us, if it was. */
  readonly stopped?: 'aborted' | 'timeout';
}

export class ProcessStartError extends Error {
  constructor(readonly command: string, override readonly cause: Error) {
    super(`${command} could not be started: ${cause.message}`);
  }
}

const MAX_LINE = 2000;

/** Keeps the last `max` bytes of a stream, and calls onLine for each complete line. */
class StreamTail {
  private kept = '';
  private partial = '';

  constructor(private readonly max: number, private readonly onLine?: (line: string) => void) {}

  push(chunk: string): void {
    this.kept += chunk;
    if (this.kept.length > this.max * 2) this.kept = this.kept.slice(-this.max);
    if (!this.onLine) return;
    const text = this.partial + chunk;
    const lines = text.split(/\r?\n|\r/);
    this.partial = (lines.pop() ?? '').slice(-MAX_LINE);
    for (const line of lines) this.onLine(line.slice(0, MAX_LINE));
  }

  end(): string {
    if (this.onLine && this.partial) this.onLine(this.partial);
    this.partial = '';
    return this.kept.length > this.max ? this.kept.slice(-this.max) : this.kept;
  }
}

export function runProcess(command: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  const t0 = Date.now();
  const max = opts.maxCaptureBytes ?? 256 * 1024;
  return new Promise<RunResult>((resolve, reject) => {
    if (opts.signal?.aborted) {
      resolve({ code: undefined, stdout: '', stderr: '', ms: 0, stopped: 'aborted' });
      return;
    }
    const posix = process.platform !== 'win32';
    const child = spawn(command, [...args], { cwd: opts.cwd, env: opts.env, detached: posix, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const out = new StreamTail(max, opts.onLine && ((l) => opts.onLine!(l, 'stdout')));
    const err = new StreamTail(max, opts.onLine && ((l) => opts.onLine!(l, 'stderr')));
    child.stdout.setEncoding('utf8').on('data', (c: string) => out.push(c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => err.push(c));
    child.stdin.on('error', () => { /* the child may exit before reading its input */ });
    child.stdin.end(opts.input ?? '');
    let stopped: RunResult['stopped'];
    const kill = (why: 'aborted' | 'timeout') => {
      stopped ??= why;
      try {
        if (posix && child.pid) process.kill(-child.pid, 'SIGKILL');
        else child.kill('SIGKILL');
      } catch { /* already gone */ }
    };
    const onAbort = () => kill('aborted');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    const timer = setTimeout(() => kill('timeout'), opts.timeoutMs ?? 30 * 60_000);
    const finish = () => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
    };
    child.once('error', (e) => {
      finish();
      reject(new ProcessStartError(command, e));
    });
    child.once('close', (code) => {
      finish();
      resolve({ code: code ?? undefined, stdout: out.end(), stderr: err.end(), ms: Date.now() - t0, stopped });
    });
  });
}
