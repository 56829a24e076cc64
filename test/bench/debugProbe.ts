import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LocalRunResult } from '../../src/features/localRun/testSeams';
import { waitFor } from '../host/waitFor';
import { probeEntry } from './probeEntry';

/**
 * Runs inside the extension host (as a test entry), the runtime warm (built, its home migrated by a
 * first run): Debug Task Locally -> the `stopped` event of a breakpoint in the python_callable
 * (what the user waits for after the click), and Run Task Locally -> the run's end, each a few
 * times. The DAG file is written by the bench (MWAA_BENCH_DAG_FILE); the workspace names the
 * Airflow version in its settings, so no AWS call is made. Results go to MWAA_TEST_RESULTS.
 */
const RUNS = 3;
const DAG_FILE = process.env.MWAA_BENCH_DAG_FILE!;
const DAG_ID = process.env.MWAA_BENCH_DAG_ID!;
const TASK_ID = 'work';

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

export const run = probeEntry(measure);

async function measure(out: Record<string, unknown>): Promise<void> {
  const args = { file: DAG_FILE, dagId: DAG_ID, taskId: TASK_ID };
  await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'runtime.build': 'Build' });
  // Warm-up: loads the part and the runtime service, creates the home and its database once.
  const tFirst = performance.now();
  const first = await vscode.commands.executeCommand<LocalRunResult | undefined>('mwaa.runTaskLocally', args);
  if (first?.record.code !== 0) throw new Error(`the warm-up run failed: ${first?.transcript.slice(-2000) ?? 'no result'}`);
  out.firstRunMs = Math.round(performance.now() - tFirst);

  const runMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const r = await vscode.commands.executeCommand<LocalRunResult | undefined>('mwaa.runTaskLocally', args);
    if (r?.record.code !== 0) throw new Error(`a run failed: ${r?.transcript.slice(-2000) ?? 'no result'}`);
    runMs.push(performance.now() - t0);
  }

  const text = fs.readFileSync(DAG_FILE, 'utf8');
  const line = text.split('\n').findIndex((l) => l.includes('# BREAK'));
  const bp = new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(DAG_FILE), new vscode.Position(line, 0)));
  vscode.debug.addBreakpoints([bp]);
  const stops = new Map<string, number>();
  const tracker = vscode.debug.registerDebugAdapterTrackerFactory('mwaa-airflow', {
    createDebugAdapterTracker: (session) => ({
      onDidSendMessage: (m: { type?: string; event?: string; body?: { threadId?: number; reason?: string } }) => {
        if (m.type === 'event' && m.event === 'stopped' && !stops.has(session.id)) {
          stops.set(session.id, performance.now());
          void session.customRequest('continue', { threadId: m.body?.threadId });
        }
      },
    }),
  });
  const breakpointMs: number[] = [];
  try {
    for (let i = 0; i < RUNS; i++) {
      const started = new Promise<vscode.DebugSession>((resolve) => {
        const d = vscode.debug.onDidStartDebugSession((s) => void (s.type === 'mwaa-airflow' && (d.dispose(), resolve(s))));
      });
      const t0 = performance.now();
      await vscode.commands.executeCommand('mwaa.debugTaskLocally', args);
      const session = await started;
      const ended = new Promise<void>((resolve) => {
        const d = vscode.debug.onDidTerminateDebugSession((s) => void (s.id === session.id && (d.dispose(), resolve())));
      });
      const at = await waitFor('the breakpoint', async () => stops.get(session.id), 120_000, 5);
      breakpointMs.push(at - t0);
      await ended;
    }
  } finally {
    tracker.dispose();
    vscode.debug.removeBreakpoints([bp]);
  }
  out.runTaskMs = Math.round(median(runMs));
  out.runTaskAllMs = runMs.map(Math.round);
  out.startToBreakpointMs = Math.round(median(breakpointMs));
  out.startToBreakpointAllMs = breakpointMs.map(Math.round);
  out.airflowVersion = path.basename(path.dirname(DAG_FILE));
}
