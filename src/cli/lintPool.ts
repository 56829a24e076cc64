import * as os from 'node:os';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { VersionTarget } from '../core/lint/airflowVersion';
import type { DagDefinition } from '../core/lint/python/dagIds';
import { PythonLinter } from '../core/lint/python/lintPython';
import { loadRuleTable } from '../core/lint/ruleTable';
import { buildNoqaIndex, withoutSuppressed, type NoqaIndex } from '../core/lint/suppression/noqaIndex';
import type { Finding } from '../core/lint/types';
import { readSourceFile } from './fileInput';

/** What linting one Python file gave: findings and DAGs, or why it was skipped. */
export interface PythonFileResult {
  readonly file: string;
  readonly findings: Finding[];
  readonly dags: DagDefinition[];
  /** False when the bytes were not UTF-8 (read as Latin-1). */
  readonly utf8: boolean;
  /** Set when the file was not linted (too big). */
  readonly skipped?: string;
  /** The file's `# noqa` directives (already applied to `findings`), when it has any. */
  readonly noqa?: NoqaIndex;
}

/** Files per message: big enough to amortise the hand-over, small enough to balance the threads. */
const BATCH = 24;
/** Below this many files a worker's start-up (~40 ms: runtime, modules, grammar) is not repaid. */
export const MIN_FILES_PER_WORKER = 48;
const WORKER_TAG = 'mwaa-lint-worker';

/** Threads to use by default: the machine's cores, at most 8. */
export function defaultJobs(): number {
  return Math.max(1, Math.min(8, os.availableParallelism?.() ?? os.cpus().length));
}

/** Reads and lints one file with a linter of this thread; what its `# noqa` comments suppress is left out here. */
function lintFile(linter: PythonLinter, file: string, target: VersionTarget): PythonFileResult {
  const { decoded, skipped } = readSourceFile(file);
  if (!decoded) return { file, findings: [], dags: [], utf8: true, skipped: skipped! };
  // The CLI prints no fixes: working out their edits (renames search the whole file) is skipped.
  const { findings, dags } = linter.lintText(decoded.text, target, { fixes: false });
  const noqa = buildNoqaIndex(decoded.text, 'python');
  return { file, findings: noqa ? [...withoutSuppressed(findings, noqa)] : findings, dags, utf8: decoded.utf8, ...(noqa ? { noqa } : {}) };
}

/**
 * Lints Python files on `jobs` threads: this one plus `jobs - 1` workers, when there are enough
 * files to repay starting a worker (else on this thread only). This thread starts linting at once
 * while the workers boot; files go out in small batches to whichever thread is free, and each
 * worker keeps one batch queued so it never waits for this thread. Results keep the order of `files`.
 */
export async function lintPythonFiles(files: readonly string[], target: VersionTarget, dataDir: string, jobs = defaultJobs()): Promise<PythonFileResult[]> {
  const workerCount = Math.max(0, Math.min(jobs, Math.floor(files.length / MIN_FILES_PER_WORKER)) - 1);
  const results: PythonFileResult[] = new Array(files.length);
  let next = 0;
  const take = (): [number, number] | undefined => {
    if (next >= files.length) return undefined;
    const start = next;
    next = Math.min(files.length, next + BATCH);
    return [start, next];
  };
  const workers = Array.from({ length: workerCount }, () => new Worker(__filename, { workerData: { tag: WORKER_TAG, target, dataDir } }));
  const done = workers.map(
    (worker) =>
      new Promise<void>((resolve, reject) => {
        let pending = 0;
        const send = () => {
          const batch = take();
          if (!batch) return;
          pending++;
          worker.postMessage({ start: batch[0], files: files.slice(batch[0], batch[1]) });
        };
        worker.on('message', (msg: { start: number; results: PythonFileResult[] } | 'ready') => {
          if (msg === 'ready') {
            send();
            send();
          } else {
            pending--;
            msg.results.forEach((r, i) => (results[msg.start + i] = r));
            send();
          }
          if (pending === 0) resolve();
        });
        worker.on('error', reject);
        // An early exit leaves holes in `results`, reported below.
        worker.on('exit', () => resolve());
      }),
  );
  try {
    const linter = await PythonLinter.create(loadRuleTable(dataDir));
    try {
      for (let batch = take(); batch; batch = take()) {
        for (let i = batch[0]; i < batch[1]; i++) results[i] = lintFile(linter, files[i]!, target);
        // Let worker results in (and hand them their next batch) between our batches.
        if (workers.length > 0) await new Promise((r) => setImmediate(r));
      }
    } finally {
      linter.dispose();
    }
    await Promise.all(done);
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const lost = results.findIndex((r) => r === undefined);
  if (lost >= 0) throw new Error(`lint worker stopped before ${files[lost]}`);
  return results;
}

/** Worker side: one linter for the thread's life, batches in, results out. */
async function serveWorker(data: { target: VersionTarget; dataDir: string }): Promise<void> {
  const linter = await PythonLinter.create(loadRuleTable(data.dataDir));
  parentPort!.on('message', (msg: { start: number; files: string[] }) => {
    parentPort!.postMessage({ start: msg.start, results: msg.files.map((f) => lintFile(linter, f, data.target)) });
  });
  parentPort!.postMessage('ready');
}

if (!isMainThread && (workerData as { tag?: string } | null)?.tag === WORKER_TAG) {
  void serveWorker(workerData as { target: VersionTarget; dataDir: string });
}
