import * as fs from 'node:fs';
import * as path from 'node:path';
import { runHostSuite } from '../harness/hostSuite';
// Its hooks end what a bench started when it ends or its parent (scripts/bench.mjs) dies.
import './benchProcesses';

/** The repository (this file runs as out/test/bench/probeRunner.js). */
export const REPO = path.resolve(__dirname, '..', '..', '..');

/** A probe's scratch folder: the host's user data and logs, the results file. */
export const scratchDir = (name: string) => path.join(REPO, 'test-output', name);

export interface ProbeOptions {
  /** The name of its scratchDir(). */
  readonly scratch: string;
  readonly timeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Default test-output/bench-workspace (made if missing). */
  readonly workspace?: string;
  readonly installVsix?: readonly string[];
}

/** What every probe writes to its results file (probeEntry.ts): its measurements, or why it stopped. */
export interface ProbeResult {
  /** The error that stopped the probe (its stack), if one did. */
  readonly error?: string;
}

/**
 * Runs a benchmark probe (test/bench/<probe>.ts, compiled) as the test entry of code-server's
 * real extension host and returns what it measured; a probe that failed is thrown as an error.
 */
export async function runProbe<P extends ProbeResult>(probe: string, opts: ProbeOptions): Promise<P> {
  const workspace = opts.workspace ?? path.join(REPO, 'test-output', 'bench-workspace');
  fs.mkdirSync(workspace, { recursive: true });
  const r = await runHostSuite<P>({
    extensionPath: REPO,
    installVsix: opts.installVsix,
    testsEntry: path.join(REPO, 'out', 'test', 'bench', `${probe}.js`),
    workspace,
    scratch: scratchDir(opts.scratch),
    env: opts.env,
    timeoutMs: opts.timeoutMs,
  });
  if (r.error) throw new Error(`${probe} failed in the extension host: ${r.error}`);
  return r;
}

/** A bench's entry point: runs `main`; a failure is one line on stderr and exit code 1. */
export function runBench(name: string, main: () => Promise<void>): void {
  main().catch((err: unknown) => {
    process.stderr.write(`bench:${name} failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
