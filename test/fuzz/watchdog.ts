/**
 * A hang guard for synchronous properties. A property that never returns (a regex that
 * backtracks for hours) blocks the event loop, so no timer of the test runner can fire: a worker
 * thread watches the time the current input started and, past the limit, writes what was running
 * (property, seed, input) straight to fd 2 and kills this process, which the runner reports as a
 * failed file instead of waiting forever.
 */
import { Worker } from 'node:worker_threads';

const LABEL_BYTES = 2048;

// Runs in the worker: polls the shared clock; Atomics.wait sleeps without an event loop.
const WATCHER = `
const { workerData } = require('node:worker_threads');
const fs = require('node:fs');
const { clock, label, limitMs } = workerData;
const sleeper = new Int32Array(new SharedArrayBuffer(4));
for (;;) {
  Atomics.wait(sleeper, 0, 0, 250);
  const started = clock[0];
  if (started > 0 && Date.now() - started > limitMs) {
    const text = Buffer.from(label).toString('utf8').replace(/\\0+$/, '');
    fs.writeSync(2, '\\nfuzz watchdog: one input ran for over ' + limitMs + ' ms: ' + text + '\\n');
    process.kill(process.pid, 'SIGKILL');
  }
}
`;

export class Watchdog {
  private readonly clock = new Float64Array(new SharedArrayBuffer(8));
  private readonly label = new Uint8Array(new SharedArrayBuffer(LABEL_BYTES));
  private readonly worker: Worker;

  constructor(readonly limitMs: number) {
    this.worker = new Worker(WATCHER, { eval: true, workerData: { clock: this.clock, label: this.label, limitMs } });
    this.worker.unref();
  }

  /** Marks the start of one input; `what` says how to reproduce it. */
  begin(what: string): void {
    this.label.fill(0);
    this.label.set(Buffer.from(what, 'utf8').subarray(0, LABEL_BYTES - 1));
    this.clock[0] = Date.now();
  }

  end(): void {
    this.clock[0] = 0;
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}
