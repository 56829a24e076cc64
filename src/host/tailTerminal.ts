/**
 * Live tails as pseudo-terminals: what the logs feature's tails and a rollout's install log are
 * shown in. Each keeps the end of what it wrote (a bounded transcript, plain text), which test
 * seams read through the terminal, whichever bundle opened it.
 */
import * as vscode from 'vscode';
import { colorizeLine } from '../core/logs/ansiColor';
import { renderLogMessage } from '../core/logs/airflow3Format';
import { tailStopAdvice } from '../core/logs/tailAdvice';
import { neutraliseControls } from '../core/logs/terminalSafe';
import { runTail, type TailEvent, type TailState, type TailTarget, type TailTransport } from '../core/logs/tailSession';
import type { Logger } from '../core/logger';

export interface TailTerminalOptions {
  readonly title: string;
  readonly transport: TailTransport;
  readonly target: TailTarget;
  /** Where history starts (ms since epoch). */
  readonly startTime: number;
  readonly logger: Logger;
  /** Most lines written per flush; above it the oldest are skipped with a note. */
  readonly maxLinesPerFlush?: number;
  readonly flushMs?: number;
  /** Sees everything written to the terminal (a rollout keeps the last lines for its summary). */
  readonly onWrite?: (text: string) => void;
  /**
   * Ends the tail (and its billed live-tail session) while the terminal stays open with what it
   * showed; a string reason becomes the last line.
   */
  readonly stopSignal?: AbortSignal;
}

/** Most characters of a terminal's output its transcript keeps (the newest). */
const TRANSCRIPT_CHARS = 200_000;

const DIM = '\x1b[2m';
const YELLOW = '\x1b[33m';
const RESET = '\x1b[0m';

/** What a tail state says in the terminal; reasons and errors (AWS's words) cannot drive it. */
function stateLine(s: TailState): string | undefined {
  switch (s.kind) {
    case 'history':
      return `${DIM}${vscode.l10n.t('Reading history…')}${RESET}`;
    case 'live':
      return s.sampled
        ? `${YELLOW}${vscode.l10n.t('⚠ Live tail is sampling: over 500 lines/s arrive, some are not shown. Add a filter pattern to see them all.')}${RESET}`
        : `${DIM}${vscode.l10n.t('● Live (CloudWatch Logs live tail). Close this terminal to stop the session.')}${RESET}`;
    case 'reconnecting':
      return `${YELLOW}${vscode.l10n.t('↻ Reconnecting (attempt {0}): {1}', s.attempt, neutraliseControls(s.reason))}${RESET}`;
    case 'polling':
      return `${YELLOW}${vscode.l10n.t('◌ Polling FilterLogEvents every {0} s: {1}', (s.intervalMs / 1000).toFixed(1), neutraliseControls(s.reason))}${RESET}`;
    case 'stopped': {
      if (!s.error) return undefined;
      const advice = tailStopAdvice(s.error);
      return `\x1b[31m${vscode.l10n.t('■ Stopped: {0}', neutraliseControls(s.error))}${RESET}${advice ? `\r\n${YELLOW}${advice}${RESET}` : ''}`;
    }
  }
}

/** The first line: what is tailed. The title holds names from AWS and Airflow (environment, DAG, run ids). */
function headingLine(opts: TailTerminalOptions): string {
  const heading = opts.target.filterPattern ? vscode.l10n.t('Tailing {0} (filter: {1})', opts.title, opts.target.filterPattern) : vscode.l10n.t('Tailing {0}', opts.title);
  return `${DIM}${neutraliseControls(heading)}${RESET}\r\n`;
}

/**
 * A live tail as a pseudo-terminal. Closing the terminal ends the session (Live Tail is billed
 * per session-minute, and an output channel never says it was closed). Lines are buffered and
 * written in batches, so a burst cannot flood the renderer; a batch over the cap keeps its newest
 * lines and says how many it skipped.
 */
export interface TailPty extends vscode.Pseudoterminal {
  /** Settles when the tail has ended (closed, stopped or failed). */
  readonly done: Promise<void>;
  /** The end of what the terminal showed, colours stripped, `\n` line ends. */
  transcript(): string;
}

export function createTailPty(opts: TailTerminalOptions): TailPty {
  const write = new vscode.EventEmitter<string>();
  const closeEmitter = new vscode.EventEmitter<void>();
  const ac = new AbortController();
  const pending: string[] = [];
  const cap = opts.maxLinesPerFlush ?? 2000;
  let lastStream: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let resolveDone!: () => void;
  const done = new Promise<void>((r) => (resolveDone = r));
  if (opts.onWrite) write.event(opts.onWrite);
  const transcript = keepTranscript(write.event);

  const flush = () => {
    if (!pending.length) return;
    const lines = pending.splice(0);
    const skipped = Math.max(0, lines.length - cap);
    const shown = skipped ? lines.slice(skipped) : lines;
    const note = skipped ? `${YELLOW}${vscode.l10n.t('… {0} lines skipped: too many at once for the terminal; narrow the tail with a filter pattern', skipped)}${RESET}\r\n` : '';
    const text = note + shown.join('\r\n') + '\r\n';
    write.fire(text);
  };
  const push = (line: string) => pending.push(line);

  const sink = {
    events(events: TailEvent[]) {
      for (const e of events) {
        if (e.logStreamName && e.logStreamName !== lastStream) {
          push(colorizeLine(`── ${e.logStreamName} ──`));
          lastStream = e.logStreamName;
        }
        for (const line of renderLogMessage(e.message ?? '', e.timestamp ?? 0).split('\n')) push(colorizeLine(line));
      }
    },
    state(s: TailState) {
      const line = stateLine(s);
      if (line) push(line);
      opts.logger.debug(`tail ${opts.title}: ${s.kind}${'reason' in s ? ` (${s.reason})` : ''}`);
    },
  };

  const stopped = () => {
    const why: unknown = opts.stopSignal!.reason;
    if (typeof why === 'string') push(`${DIM}■ ${neutraliseControls(why)}${RESET}`);
    ac.abort();
  };
  if (opts.stopSignal?.aborted) stopped();
  else opts.stopSignal?.addEventListener('abort', stopped, { once: true });

  return {
    onDidWrite: write.event,
    onDidClose: closeEmitter.event,
    done,
    transcript,
    open() {
      write.fire(headingLine(opts));
      timer = setInterval(flush, opts.flushMs ?? 100);
      runTail(opts.transport, opts.target, sink, ac.signal, { startTime: opts.startTime })
        .catch((err: Error) => {
          opts.logger.warn(`tail ${opts.title} ended: ${err.message}`);
        })
        .finally(() => {
          flush();
          if (timer) clearInterval(timer);
          resolveDone();
        });
    },
    close() {
      ac.abort();
    },
    handleInput(data: string) {
      // Ctrl-C or q stops the tail and closes the terminal, like `tail -f`.
      if (data === '\x03' || data === 'q') {
        ac.abort();
        closeEmitter.fire();
      }
    },
  };
}

/** Keeps the newest output (whole writes, about TRANSCRIPT_CHARS) for `transcript()`. */
function keepTranscript(onWrite: vscode.Event<string>): () => string {
  const chunks: string[] = [];
  let chars = 0;
  onWrite((text) => {
    chunks.push(text);
    chars += text.length;
    while (chunks.length > 1 && chars - chunks[0]!.length >= TRANSCRIPT_CHARS) chars -= chunks.shift()!.length;
  });
  return () => chunks.join('').slice(-TRANSCRIPT_CHARS).replace(/\x1b\[[0-9;]*m/g, '').replace(/\r\n/g, '\n');
}

/** The transcript of a tail terminal this extension opened; undefined for any other terminal. */
export function tailTranscriptOf(terminal: vscode.Terminal): string | undefined {
  const pty = (terminal.creationOptions as Partial<vscode.ExtensionTerminalOptions>).pty as Partial<TailPty> | undefined;
  return typeof pty?.transcript === 'function' ? pty.transcript() : undefined;
}

/** Opens a live tail in a new terminal named after what it tails. */
export function openTailTerminal(opts: TailTerminalOptions): vscode.Terminal {
  const terminal = vscode.window.createTerminal({ name: `MWAA: ${opts.title}`, pty: createTailPty(opts), iconPath: new vscode.ThemeIcon('output') });
  terminal.show(true);
  return terminal;
}
