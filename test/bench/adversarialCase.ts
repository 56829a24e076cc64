/**
 * One case of bench:adversarial, in a process of its own (started by benchAdversarial.ts): runs
 * the input through the entry point the extension host uses and prints one JSON line: how long
 * the calling thread was blocked (a 1 ms heartbeat's late ticks: work handed to the lint worker
 * counts only for its main-thread part), peak RSS, and what was left behind (threads, handles,
 * processes). `node adversarialCase.js <case as JSON> <scratch folder>`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadConstraints, loadConstraintsIndex } from '../../src/core/lint/constraints';
import { findDataDir } from '../../src/core/lint/dataDir';
import { findDuplicateDagIds } from '../../src/core/lint/python/dagIds';
import { LintWorkerClient, type LintOutcome } from '../../src/core/lint/python/lintWorkerClient';
import { checkRequirements } from '../../src/core/lint/requirements/constraintsChecker';
import { AirflowIgnore } from '../../src/core/sync/airflowIgnore';
import { SyncFilter } from '../../src/core/sync/syncFilter';
import { importsAirflow, isTooLarge } from '../../src/features/diagnostics/documentFilters';
import type { AdversarialCase } from './adversarialInputs';
import { groupTree } from '../../sandbox/src/procTable';
import { installVscodeStub } from './vscodeStub';

export interface CaseResult {
  readonly name: string;
  /** Time the calling (extension-host) thread was blocked, in total and at a stretch. */
  readonly hostMs: number;
  readonly longestBlockMs: number;
  readonly wallMs: number;
  /** Peak resident memory of the process (VmHWM), the lint worker's included. */
  readonly rssMb: number;
  /** Python: the worker's time for the slower of the two lints (editor, workspace scan). */
  readonly lintMs?: number;
  readonly detail: string;
  readonly leaks: { readonly threads: number; readonly handles: readonly string[]; readonly processes: number };
}

/** Heartbeat every 1 ms; a tick later than SLACK_MS means the thread was busy for that long. */
const SLACK_MS = 3;

class BlockedClock {
  private last = 0;
  private total = 0;
  private longest = 0;
  private timer: NodeJS.Timeout | undefined;

  start(): void {
    this.last = performance.now();
    this.timer = setInterval(() => this.tick(), 1);
  }

  private tick(): void {
    const now = performance.now();
    const gap = now - this.last;
    if (gap > SLACK_MS) {
      this.total += gap - 1;
      this.longest = Math.max(this.longest, gap);
    }
    this.last = now;
  }

  stop(): { total: number; longest: number } {
    this.tick(); // a synchronous call that just ended counts too
    clearInterval(this.timer);
    return { total: this.total, longest: this.longest };
  }
}

const threadCount = () => {
  try {
    return fs.readdirSync('/proc/self/task').length;
  } catch {
    return 0;
  }
};

function peakRssMb(): number {
  try {
    const kb = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync('/proc/self/status', 'utf8'))?.[1];
    return kb ? Number(kb) / 1024 : process.memoryUsage().rss / 2 ** 20;
  } catch {
    return process.memoryUsage().rss / 2 ** 20;
  }
}

/** Active handle kinds by count (process.getActiveResourcesInfo), to compare before and after. */
function handleCounts(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
  return counts;
}

const DATA_DIR = findDataDir(__dirname)!;
const INDEX = loadConstraintsIndex(DATA_DIR);
const describeOutcome = (o: LintOutcome) => (o.status === 'done' ? `${o.findings.length} findings, ${o.dags.length} dags, ${o.ms.toFixed(0)} ms in the worker` : `abandoned: ${o.reason}`);

/** The editor's two paths for a Python file, both through the lint worker (LintEngine.python). */
async function pythonCase(c: AdversarialCase, file: string): Promise<{ detail: string; lintMs?: number; after: () => Promise<void> }> {
  const text = fs.readFileSync(file, 'utf8');
  const client = new LintWorkerClient({ dataDir: DATA_DIR, log: () => undefined });
  const target = { airflowVersion: INDEX.newest };
  await client.lint({ text: 'import airflow\n', target }, 'warm-up'); // starting the worker is not the case
  const after = async () => client.dispose();
  if (!importsAirflow(text) || isTooLarge(text)) return { detail: 'not linted (the editor skips it)', after };
  return measured(async () => {
    // An open editor (kept by key), then the workspace dag_id scan (one-off), as the feature does.
    const editor = await client.lint({ key: `file://${file}`, text, target }, c.name);
    const scan = await client.lint({ text, target }, c.name);
    const dags = (o: LintOutcome) => (o.status === 'done' ? o.dags : []);
    const dups = findDuplicateDagIds([{ file, dags: dags(editor) }, { file: `${file}.copy`, dags: dags(scan) }]);
    const longest = Math.max(0, ...[...dups.values()].flat().map((f) => f.message.length));
    const ms = [editor, scan].map((o) => (o.status === 'done' ? o.ms : NaN));
    return { detail: `editor: ${describeOutcome(editor)}; scan: ${describeOutcome(scan)}; duplicate dag_id findings ${[...dups.values()].flat().length} (longest message ${longest} chars)`, lintMs: Math.max(...ms), after };
  });
}

/** requirements.txt as RequirementsDiagnostics.check runs it, includes read by its own reader. */
async function requirementsCase(file: string): Promise<{ detail: string; after: () => Promise<void> }> {
  const folder = path.dirname(file);
  installVscodeStub(folder);
  const { readLocalFile } = await import('../../src/features/diagnostics/requirementsDiagnostics');
  const constraints = loadConstraints(DATA_DIR, INDEX.newest, INDEX)!;
  const text = fs.readFileSync(file, 'utf8');
  const after = async () => undefined;
  if (isTooLarge(text)) return { detail: 'not checked (the editor skips it)', after };
  return measured(async () => {
    const result = checkRequirements(text, { constraints, filePath: file, readFile: readLocalFile, readUrl: () => undefined });
    const canary = process.env.MWAA_ADVERSARIAL_CANARY!;
    const leaked = JSON.stringify(result).includes(canary);
    const codes = result.findings.map((f) => `${f.code}${f.file ? `@${path.basename(f.file)}` : ''}: ${f.message.slice(0, 90)}`);
    return { detail: `${result.findings.length} findings [${codes.join(' | ')}]; environment variable value in the findings: ${leaked ? 'YES' : 'no'}`, after };
  });
}

function globCase(c: AdversarialCase): Promise<{ detail: string; after: () => Promise<void> }> {
  const after = async () => undefined;
  return measured(async () => {
    if (c.kind === 'exclude') return { detail: `verdict: ${JSON.stringify(new SyncFilter([c.pattern!]).verdict(c.subject!))}`, after };
    const ignore = new AirflowIgnore(new Map([['', c.pattern!]]), c.kind === 'airflowignore-glob' ? 'glob' : 'regexp');
    return { detail: `scanned: ${ignore.isScanned(c.subject!)}; warnings: ${ignore.warnings.join(' | ') || 'none'}`, after };
  });
}

let clockResult: { total: number; longest: number; wall: number } | undefined;

/** Runs `work` with the heartbeat on; the blocked time goes to clockResult. */
async function measured<T>(work: () => Promise<T>): Promise<T> {
  const clock = new BlockedClock();
  const t0 = performance.now();
  clock.start();
  try {
    return await work();
  } finally {
    clockResult = { ...clock.stop(), wall: performance.now() - t0 };
  }
}

async function main(): Promise<void> {
  const c = JSON.parse(process.argv[2]!) as AdversarialCase;
  const dir = process.argv[3]!;
  // Made before the baseline, as any node process soon makes them: the stdio handles (created on
  // first use) and libuv's thread pool (started by the first asynchronous file call).
  void process.stdout.writable;
  void process.stderr.writable;
  await fs.promises.stat(__filename);
  const threads0 = threadCount();
  const handles0 = handleCounts();
  const file = c.file ? path.join(dir, c.file) : '';
  const run = c.kind === 'python' ? await pythonCase(c, file) : c.kind === 'requirements' ? await requirementsCase(file) : await globCase(c);
  await run.after();
  // What outlives the case: the worker's thread must end once the client is disposed.
  const deadline = Date.now() + 3000;
  while (threadCount() > threads0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const handles1 = handleCounts();
  const handles = [...handles1].filter(([k, n]) => n > (handles0.get(k) ?? 0)).map(([k, n]) => `${k} x${n - (handles0.get(k) ?? 0)}`);
  const clock = clockResult ?? { total: 0, longest: 0, wall: 0 };
  const result: CaseResult = {
    name: c.name,
    hostMs: clock.total,
    longestBlockMs: clock.longest,
    wallMs: clock.wall,
    rssMb: peakRssMb(),
    ...('lintMs' in run && typeof run.lintMs === 'number' ? { lintMs: run.lintMs } : {}),
    detail: run.detail,
    leaks: { threads: Math.max(0, threadCount() - threads0), handles, processes: groupTree([process.pid]).filter((p) => p.pid !== process.pid).length },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`adversarial case failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
