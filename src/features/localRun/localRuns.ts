/**
 * Run Task Locally / Run DAG Locally: the runtime first (its questions and build), then a terminal
 * where the home is prepared and `python -m airflow tasks test|dags test` runs, coloured, with a
 * last line naming the failed tasks. A status bar item stops the newest run; each run's record is
 * kept for the test seams.
 */
import * as vscode from 'vscode';
import { describeError, isCancellation } from '../../core/errors';
import { runLocally } from '../../core/localRun/localRunner';
import { summaryText, type RunSummary } from '../../core/localRun/runOutput';
import { COMMANDS } from '../../host/commandIds';
import type { Services } from '../../services/services';
import { NOTICE_SOURCE, TERMINAL_PREFIX, type LocalRunRecord, type LocalRunRequest } from './localRunTypes';
import { prepareProcess, resolveRuntime } from './runPreparation';
import { createRunPty, type LocalRunPty, type RunEnd } from './runTerminal';

/** What Run … Locally returns (to code and tests) once the run ended. */
export interface LocalRunResult {
  readonly record: LocalRunRecord;
  readonly transcript: string;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** The records of this session's runs and debug sessions, newest last, bounded. */
export class RunRecords {
  private readonly list: Array<Mutable<LocalRunRecord>> = [];
  private next = 1;

  start(r: Omit<LocalRunRecord, 'id'>): Mutable<LocalRunRecord> {
    const record = { ...r, id: this.next++ };
    this.list.push(record);
    if (this.list.length > 100) this.list.splice(0, this.list.length - 100);
    return record;
  }

  all(): LocalRunRecord[] {
    return this.list.map((r) => ({ ...r }));
  }
}

/** The run's last line (which tasks failed, or that all succeeded) with its time. */
export function endLine(code: number | null | undefined, summary: RunSummary, ms: number): RunEnd {
  const ok = code === 0 && !summary.failedTasks.length;
  return { ok, lastLine: vscode.l10n.t('{0} in {1} s', summaryText(summary, code ?? undefined), (ms / 1000).toFixed(1)) };
}

export class LocalRuns implements vscode.Disposable {
  private readonly running = new Map<number, { pty: LocalRunPty; title: string }>();
  private readonly status = vscode.window.createStatusBarItem('mwaa.localRun', vscode.StatusBarAlignment.Left, 40);

  constructor(private readonly services: Services, private readonly records: RunRecords) {
    this.status.name = vscode.l10n.t('MWAA local run');
    this.status.command = COMMANDS.localRun.stop;
  }

  async run(request: LocalRunRequest): Promise<LocalRunResult | undefined> {
    const t0 = performance.now();
    const resolved = await resolveRuntime(this.services, request);
    let record: Mutable<LocalRunRecord> | undefined;
    const pty = createRunPty({
      heading: vscode.l10n.t('Local run of {0} on Airflow {1} (Python {2})', resolved.title, resolved.runtime.airflowVersion, resolved.runtime.pythonVersion),
      work: async (io, signal) => {
        const prepared = await prepareProcess(this.services, resolved, { signal, report: io.note });
        io.note(`$ airflow ${prepared.args.join(' ')}`);
        record = this.records.start({
          mode: 'run', dagId: request.dagId, ...(request.taskId ? { taskId: request.taskId } : {}), airflowVersion: resolved.runtime.airflowVersion,
          args: prepared.args, startedAt: Date.now(), prepareMs: Math.round(performance.now() - t0),
        });
        return runLocally({ python: resolved.runtime.python, args: prepared.args, env: prepared.env, cwd: prepared.cwd, signal, onLine: (line) => io.line(line) });
      },
      endOf: (r) => endLine(r.code, r.summary, r.ms),
      failure: (err, stopped) => (stopped || isCancellation(err) ? vscode.l10n.t('■ Stopped: the run was cancelled') : vscode.l10n.t('✘ {0} could not run: {1}', resolved.title, describeError(err))),
    });
    for (const t of vscode.window.terminals) {
      // A finished run's terminal of the same name makes way for the new one.
      if (t.name === `${TERMINAL_PREFIX}${resolved.title}` && ![...this.running.values()].some((r) => r.pty === ptyOf(t))) t.dispose();
    }
    const terminal = vscode.window.createTerminal({ name: `${TERMINAL_PREFIX}${resolved.title}`, pty, iconPath: new vscode.ThemeIcon('play') });
    terminal.show(true);
    const key = Date.now() + Math.random();
    this.running.set(key, { pty, title: resolved.title });
    this.showStatus();
    try {
      const outcome = await pty.done;
      if (outcome instanceof Error) {
        if (!record) {
          if (isCancellation(outcome) || pty.signal.aborted) return undefined;
          throw outcome;
        }
        Object.assign(record, { cancelled: pty.signal.aborted, code: null, lastLine: lastLineOf(pty.transcript()) });
      } else {
        const r = outcome as { code: number | undefined; summary: RunSummary; ms: number };
        Object.assign(record!, {
          code: r.code ?? null, ms: Math.round(r.ms), failedTasks: r.summary.failedTasks, succeededTasks: r.summary.succeededTasks,
          order: r.summary.order, lastLine: lastLineOf(pty.transcript()), cancelled: pty.signal.aborted,
        });
      }
      return { record: { ...record! }, transcript: pty.transcript() };
    } finally {
      this.running.delete(key);
      this.showStatus();
    }
  }

  /** Stops the newest run (MWAA: Stop Local Run, the status bar item). */
  stop(): boolean {
    const newest = [...this.running.values()].at(-1);
    if (!newest) {
      this.services.notify.info(vscode.l10n.t('No local run is running.'), [], NOTICE_SOURCE);
      return false;
    }
    newest.pty.stop(vscode.l10n.t('stopped from the editor'));
    return true;
  }

  private showStatus(): void {
    const newest = [...this.running.values()].at(-1);
    if (!newest) {
      this.status.hide();
      return;
    }
    this.status.text = vscode.l10n.t('$(debug-stop) {0}{1}', newest.title, this.running.size > 1 ? ` (+${this.running.size - 1})` : '');
    this.status.tooltip = vscode.l10n.t('Running {0} locally: click to stop it', newest.title);
    this.status.show();
  }

  dispose(): void {
    for (const r of this.running.values()) r.pty.stop(vscode.l10n.t('the extension is stopping'));
    this.status.dispose();
  }
}

function ptyOf(t: vscode.Terminal): unknown {
  return (t.creationOptions as Partial<vscode.ExtensionTerminalOptions>).pty;
}

/** The last non-empty line before the "press any key" hint. */
function lastLineOf(transcript: string): string {
  const lines = transcript.split('\n').filter((l) => l.trim() && !l.startsWith('(press any key'));
  return lines.at(-1) ?? '';
}
