/**
 * The DAG view's graph layout (elkjs) on a worker thread: the extension host's thread never waits
 * for a layout, and the worker stays warm (its compiled elkjs and JIT) from one layout to the next.
 * This module is both sides: the client starts a worker on this same file (the `dagLayout`
 * bundle, or layoutWorker.js under tsc's output), where it serves. A layout past its time limit
 * kills the worker (the next starts a fresh one).
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { placeLayout, type LayoutNode, type Placed } from './graphModel';

export const LAYOUT_WORKER_TAG = 'mwaa-dag-layout-worker';
/** A layout of 2,000 tasks takes seconds on a slow machine; past this something is wrong. */
export const LAYOUT_TIMEOUT_MS = 60_000;

type ToWorker = { readonly id: number; readonly graph: LayoutNode };
type FromWorker = { readonly id: number; readonly placed?: Placed; readonly error?: string };

interface Pending {
  readonly resolve: (p: Placed) => void;
  readonly reject: (e: Error) => void;
  readonly timer: NodeJS.Timeout;
}

export class LayoutWorkerClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private disposed = false;
  /** Layouts done, and workers started (a second start means one was killed or died). */
  readonly stats = { layouts: 0, starts: 0 };

  constructor(private readonly options: { readonly script?: string; readonly timeoutMs?: number } = {}) {}

  layout(graph: LayoutNode): Promise<Placed> {
    if (this.disposed) return Promise.reject(new Error('the layout worker was stopped'));
    const worker = this.ensure();
    const id = this.nextId++;
    return new Promise<Placed>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(`the graph layout did not finish within ${Math.round((this.options.timeoutMs ?? LAYOUT_TIMEOUT_MS) / 1000)} s`), this.options.timeoutMs ?? LAYOUT_TIMEOUT_MS);
      this.pending.set(id, { resolve, reject, timer });
      worker.postMessage({ id, graph } satisfies ToWorker);
    });
  }

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.options.script ?? __filename, { workerData: { tag: LAYOUT_WORKER_TAG }, execArgv: [], resourceLimits: { maxOldGenerationSizeMb: 512 } });
    worker.unref();
    worker.on('message', (m: FromWorker) => this.onMessage(m));
    worker.on('error', (err) => this.fail(`the layout worker failed: ${err.message}`));
    worker.on('exit', (code) => this.worker === worker && this.fail(`the layout worker exited with code ${code}`));
    this.worker = worker;
    this.stats.starts++;
    return worker;
  }

  private onMessage(m: FromWorker): void {
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    clearTimeout(p.timer);
    if (m.placed) {
      this.stats.layouts++;
      p.resolve(m.placed);
    } else p.reject(new Error(`the graph layout failed: ${m.error ?? 'no result'}`));
  }

  /** Every waiting layout fails; the worker is stopped (the next layout starts another). */
  private fail(why: string): void {
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      this.pending.delete(id);
      p.reject(new Error(why));
    }
  }

  dispose(): void {
    this.disposed = true;
    this.fail('the layout worker was stopped');
  }
}

/** The worker thread's loop: one layout at a time, each answered (or its error, bounded). */
function serve(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded in the worker only, never on the extension host's thread
  const ELK = (require('elkjs/lib/elk.bundled.js') as typeof import('elkjs/lib/elk.bundled.js')).default;
  const elk = new ELK();
  const port = parentPort!;
  port.on('message', (m: ToWorker) => {
    elk.layout(m.graph as Parameters<typeof elk.layout>[0]).then(
      (result) => port.postMessage({ id: m.id, placed: placeLayout(result as unknown as LayoutNode) } satisfies FromWorker),
      (err: unknown) => port.postMessage({ id: m.id, error: String((err as Error)?.message ?? err).slice(0, 500) } satisfies FromWorker),
    );
  });
}

if (!isMainThread && (workerData as { tag?: unknown } | null)?.tag === LAYOUT_WORKER_TAG) serve();
