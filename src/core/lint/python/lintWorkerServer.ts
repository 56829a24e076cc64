import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import { loadRuleTable } from '../ruleTable';
import { LintSession, type LintRequest, type LintResponse } from './lintSession';
import { isWasmTrap, PythonLinter } from './lintPython';

/** Marks a thread started by LintWorkerClient (other workers load this module too: the CLI's pool). */
export const LINT_WORKER_TAG = 'mwaa-python-lint-worker';

/** What the worker is started with (its workerData). */
export interface LintWorkerSetup {
  readonly tag: typeof LINT_WORKER_TAG;
  /** The folder holding lint-rules.json. */
  readonly dataDir: string;
  /** The folder holding the two tree-sitter .wasm files (default: beside the code, else the packages). */
  readonly wasmDir?: string;
}

/** Editor side -> worker. */
export type ToWorker = ({ readonly kind: 'lint'; readonly id: number } & LintRequest) | { readonly kind: 'close'; readonly key: string };

/** Worker -> editor side. */
export type FromWorker =
  | { readonly type: 'ready' }
  | { readonly type: 'failed'; readonly message: string }
  | { readonly type: 'result'; readonly id: number; readonly result: LintResponse }
  | { readonly type: 'error'; readonly id: number; readonly message: string; readonly fatal: boolean };

/** Quiet time after a request before the documents' deferred re-parses run (LintSession.idle). */
export const IDLE_FLUSH_MS = 150;

/**
 * The worker thread's loop: loads the rule table and the parser (tree-sitter's wasm) once, then
 * answers lint requests in order. A request that throws gets an error reply; the thread goes on.
 */
async function serve(setup: LintWorkerSetup): Promise<void> {
  const port = parentPort!;
  const send = (msg: FromWorker) => port.postMessage(msg);
  let session: LintSession;
  try {
    const linter = await PythonLinter.create(loadRuleTable(setup.dataDir), setup.wasmDir ? { wasmDir: setup.wasmDir } : {});
    session = new LintSession(linter);
  } catch (err) {
    send({ type: 'failed', message: `cannot load the Python linter: ${(err as Error).message}` });
    return;
  }
  let idle: NodeJS.Timeout | undefined;
  const onIdle = () => {
    idle = undefined;
    try {
      session.idle();
    } catch {
      // the next request for the document re-opens it from its text (LintSession.catchUp)
    }
  };
  port.on('message', (msg: ToWorker) => {
    clearTimeout(idle);
    idle = setTimeout(onIdle, IDLE_FLUSH_MS);
    if (msg.kind === 'close') return session.close(msg.key);
    try {
      send({ type: 'result', id: msg.id, result: session.lint(msg) });
    } catch (err) {
      // After a trap inside the wasm nothing in this thread is trusted: the client starts a new one.
      send({ type: 'error', id: msg.id, message: (err as Error).message, fatal: isWasmTrap(err) });
    }
  });
  send({ type: 'ready' });
}

// Loading this module in a thread LintWorkerClient started is what starts serving there.
if (!isMainThread && (workerData as { tag?: unknown } | null)?.tag === LINT_WORKER_TAG) void serve(workerData as LintWorkerSetup);
