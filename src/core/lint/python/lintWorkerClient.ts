// The worker thread runs only our parser and rules on the document's text, never the user's code,
// so it also runs in an untrusted workspace (diagnostics are static; workspace trust gates AWS
// calls, uploads and anything that executes a DAG).
import { Worker } from 'node:worker_threads';
import type { Finding } from '../types';
import type { DagDefinition } from './dagIds';
import type { LintRequest } from './lintSession';
import { LINT_WORKER_TAG, type FromWorker, type LintWorkerSetup, type ToWorker } from './lintWorkerServer';

export interface LintWorkerOptions {
  /** The folder holding lint-rules.json. */
  readonly dataDir: string;
  /** The folder holding the tree-sitter .wasm files (the extension passes its dist/). */
  readonly wasmDir?: string;
  /** A lint running longer is abandoned: the worker is stopped and started again. Default 5 s. */
  readonly timeoutMs?: number;
  /** Lines for the caller's log (a lint abandoned, the worker crashed or restarted). */
  readonly log?: (message: string) => void;
  /** The worker's heap limit: an input that exhausts it stops the worker, not the caller. */
  readonly maxHeapMb?: number;
  /** The script the worker runs (default: the module holding this client; tests may pass another). */
  readonly script?: string;
}

/** What a lint gave: findings and DAGs, or why there are none (abandoned: timed out or crashed). */
export type LintOutcome =
  | { readonly status: 'done'; readonly findings: Finding[]; readonly dags: DagDefinition[]; readonly mode: string; readonly ms: number }
  | { readonly status: 'abandoned'; readonly reason: string };

export const DEFAULT_LINT_TIMEOUT_MS = 5000;
/** Starting the worker (runtime, grammar, rule table) takes well under a second; this long is a failure. */
const START_TIMEOUT_MS = 30_000;
/** After a failed start, requests fail at once for this long before a start is tried again. */
const RETRY_START_MS = 30_000;

interface Pending {
  readonly id: number;
  readonly request: LintRequest;
  readonly label: string;
  readonly resolve: (outcome: LintOutcome) => void;
  readonly reject: (err: Error) => void;
  startedAt?: number;
}

/**
 * Runs the Python linter in a worker thread, so no input can block the caller's thread (the
 * extension host: typing, every other extension). Requests are answered in order; the one at the
 * head of the queue has `timeoutMs` to finish, else it is abandoned (a log line, a diagnostic-free
 * outcome), the worker is terminated and a new one takes the rest of the queue. A document's
 * state is kept in the worker by key; every request carries the full text, so a restarted worker
 * simply opens it again.
 */
export class LintWorkerClient {
  private worker: Worker | undefined;
  private ready = false;
  private readonly queue: Pending[] = [];
  private timer: NodeJS.Timeout | undefined;
  private nextId = 1;
  private failure: { readonly message: string; readonly at: number } | undefined;
  private disposed = false;
  /** Workers stopped because a lint timed out or the worker died (for logs and tests). */
  restarts = 0;

  constructor(private readonly options: LintWorkerOptions) {}

  private get timeoutMs(): number {
    return this.options.timeoutMs ?? DEFAULT_LINT_TIMEOUT_MS;
  }

  /** Lints in the worker; `label` names the file in log lines (never its text). */
  lint(request: LintRequest, label = 'a Python file'): Promise<LintOutcome> {
    if (this.disposed) return Promise.reject(new Error('the Python lint worker was stopped'));
    if (this.failure && Date.now() - this.failure.at < RETRY_START_MS) return Promise.reject(new Error(this.failure.message));
    return new Promise<LintOutcome>((resolve, reject) => {
      const pending: Pending = { id: this.nextId++, request, label, resolve, reject };
      this.queue.push(pending);
      this.post(this.ensureWorker(), pending);
      this.armTimer();
    });
  }

  /** Forgets a kept document (its editor closed). */
  close(key: string): void {
    this.worker?.postMessage({ kind: 'close', key } satisfies ToWorker);
  }

  dispose(): void {
    this.disposed = true;
    this.stopWorker();
    for (const p of this.queue.splice(0)) p.reject(new Error('the Python lint worker was stopped'));
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const setup: LintWorkerSetup = { tag: LINT_WORKER_TAG, dataDir: this.options.dataDir, ...(this.options.wasmDir ? { wasmDir: this.options.wasmDir } : {}) };
    // This module's file is the lint core itself (the `lint` bundle, or lintWorkerClient.js beside
    // lintWorkerServer.js): loading it in the worker starts serving there (see lintWorkerServer).
    // No inherited node options: the caller's (an extension host's --inspect, say) are not the worker's.
    const worker = new Worker(this.options.script ?? __filename, { workerData: setup, execArgv: [], resourceLimits: { maxOldGenerationSizeMb: this.options.maxHeapMb ?? 1024 } });
    worker.unref(); // an idle worker keeps no process alive (a lint in flight has its ref'd timeout timer)
    worker.on('message', (msg: FromWorker) => this.onMessage(worker, msg));
    worker.on('error', (err) => this.onDeath(worker, err.message));
    worker.on('exit', (code) => this.onDeath(worker, `it exited with code ${code}`));
    this.worker = worker;
    this.ready = false;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.failStart(worker, `the Python lint worker did not start within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    return worker;
  }

  private post(worker: Worker, p: Pending): void {
    worker.postMessage({ kind: 'lint', id: p.id, ...p.request } satisfies ToWorker);
  }

  private onMessage(worker: Worker, msg: FromWorker): void {
    if (worker !== this.worker) return; // a stopped worker's last words
    if (msg.type === 'ready') {
      this.ready = true;
      this.failure = undefined;
      clearTimeout(this.timer);
      this.timer = undefined;
      this.armTimer();
      return;
    }
    if (msg.type === 'failed') return this.failStart(worker, msg.message);
    const at = this.queue.findIndex((p) => p.id === msg.id);
    if (at < 0) return;
    const [done] = this.queue.splice(at, 1);
    if (at === 0) this.disarm();
    if (msg.type === 'result') done!.resolve({ status: 'done', ...msg.result, ms: performance.now() - (done!.startedAt ?? performance.now()) });
    else done!.reject(new Error(msg.message));
    if (msg.type === 'error' && msg.fatal) return this.replaceWorker(`Python lint: the lint worker hit an internal error linting ${done!.label} (${msg.message}); restarted it`);
    this.armTimer();
  }

  /** The head request's clock: it starts when the worker is ready and the request is first in line. */
  private armTimer(): void {
    const head = this.queue[0];
    if (this.timer || !this.ready || !head) return;
    head.startedAt = performance.now();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const seconds = (this.timeoutMs / 1000).toLocaleString('en-US');
      this.abandonHead(`linting took longer than ${seconds} s`);
    }, this.timeoutMs);
  }

  private disarm(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The head request timed out or killed the worker: it gets no findings; a new worker takes the rest. */
  private abandonHead(reason: string): void {
    const head = this.queue.shift();
    if (head) head.resolve({ status: 'abandoned', reason });
    this.replaceWorker(`Python lint: ${reason} for ${head?.label ?? 'a Python file'}; abandoned it and restarted the lint worker (that file has no MWAA diagnostics until it changes)`);
  }

  /** Stops the worker and hands what is still queued to a new one (each request carries its text). */
  private replaceWorker(logLine: string): void {
    this.restarts++;
    this.stopWorker();
    this.options.log?.(logLine);
    if (this.queue.length > 0 && !this.disposed) {
      const worker = this.ensureWorker();
      for (const p of this.queue) this.post(worker, p);
    }
  }

  private onDeath(worker: Worker, why: string): void {
    if (worker !== this.worker) return; // stopped on purpose
    if (!this.ready) return this.failStart(worker, `the Python lint worker stopped while starting: ${why}`);
    if (this.queue.length === 0) {
      this.options.log?.(`Python lint: the idle lint worker stopped (${why}); a new one starts with the next lint`);
      this.stopWorker();
      return;
    }
    this.abandonHead(`the lint worker stopped (${why})`);
  }

  /** The worker could not start: every waiting request fails with why, and later ones fail fast for a while. */
  private failStart(worker: Worker, message: string): void {
    if (worker !== this.worker) return;
    this.failure = { message, at: Date.now() };
    this.options.log?.(`Python lint: ${message}`);
    this.stopWorker();
    for (const p of this.queue.splice(0)) p.reject(new Error(message));
  }

  private stopWorker(): void {
    this.disarm();
    const worker = this.worker;
    this.worker = undefined;
    this.ready = false;
    if (worker) void worker.terminate();
  }
}
