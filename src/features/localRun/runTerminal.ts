/**
 * A local run's terminal (a pseudo-terminal named `MWAA local: <dag>.<task>`): the run's output
 * coloured like our task logs, a last line that says which task failed or that all succeeded.
 * Closing the terminal, Ctrl-C in it or MWAA: Stop Local Run ends the run (its process group is
 * killed). Lines are written in batches, so a burst cannot flood the renderer.
 */
import * as vscode from 'vscode';
import { terminalLine } from '../../core/localRun/runOutput';
import { ANSI } from '../../core/logs/ansiColor';
import { neutraliseControls } from '../../core/logs/terminalSafe';

const { DIM, RED, GREEN, YELLOW, BOLD, RESET } = ANSI;
const TRANSCRIPT_CHARS = 200_000;
const FLUSH_MS = 50;
const MAX_LINES_PER_FLUSH = 2000;

/** What the work writes to the terminal. */
export interface RunTerminalIo {
  /** A line of the run's output (coloured like a task log). */
  line(text: string): void;
  /** A line of our own (dim): what is being prepared. */
  note(text: string): void;
}

export interface RunEnd {
  /** The line that ends the terminal's output (plain text). */
  readonly lastLine: string;
  readonly ok: boolean;
}

export interface LocalRunPty extends vscode.Pseudoterminal {
  /** Settles with the work's result (or its error) once it ended. */
  readonly done: Promise<unknown>;
  /** Ends the run: its signal aborts. */
  stop(reason: string): void;
  /** The end of what the terminal showed, colours stripped, `\n` line ends. */
  transcript(): string;
  readonly signal: AbortSignal;
}

export interface RunTerminalOptions<R> {
  readonly heading: string;
  /** Runs once the terminal is open; its result's end line is written last. */
  readonly work: (io: RunTerminalIo, signal: AbortSignal) => Promise<R>;
  readonly endOf: (result: R) => RunEnd;
  /** The line for a run that threw (cancelled or failed before or while running). */
  readonly failure: (err: unknown, stopped: boolean) => string;
}

export function createRunPty<R>(opts: RunTerminalOptions<R>): LocalRunPty {
  const write = new vscode.EventEmitter<string>();
  const closed = new vscode.EventEmitter<void>();
  const ac = new AbortController();
  const pending: string[] = [];
  const chunks: string[] = [];
  let chars = 0;
  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  let resolveDone!: (v: unknown) => void;
  const done = new Promise<unknown>((r) => (resolveDone = r));
  write.event((text) => {
    chunks.push(text);
    chars += text.length;
    while (chunks.length > 1 && chars - chunks[0]!.length >= TRANSCRIPT_CHARS) chars -= chunks.shift()!.length;
  });
  const flush = () => {
    if (!pending.length) return;
    const lines = pending.splice(0);
    const skipped = Math.max(0, lines.length - MAX_LINES_PER_FLUSH);
    const note = skipped ? `${YELLOW}${vscode.l10n.t('… {0} lines skipped: too many at once for the terminal', skipped)}${RESET}\r\n` : '';
    write.fire(note + lines.slice(skipped).join('\r\n') + '\r\n');
  };
  const io: RunTerminalIo = {
    line: (text) => pending.push(terminalLine(text)),
    note: (text) => pending.push(`${DIM}${neutraliseControls(text)}${RESET}`),
  };
  const end = (text: string) => {
    flush();
    if (timer) clearInterval(timer);
    write.fire(`${text}${RESET}\r\n${DIM}(press any key to close this terminal)${RESET}\r\n`);
    finished = true;
  };
  const pty: LocalRunPty = {
    onDidWrite: write.event,
    onDidClose: closed.event,
    done,
    signal: ac.signal,
    open() {
      write.fire(`${BOLD}${neutraliseControls(opts.heading)}${RESET}\r\n`);
      timer = setInterval(flush, FLUSH_MS);
      opts.work(io, ac.signal).then((result) => {
        const e = opts.endOf(result);
        end(`${e.ok ? GREEN : RED}${BOLD}${neutraliseControls(e.lastLine)}`);
        resolveDone(result);
      }, (err: unknown) => {
        end(`${ac.signal.aborted ? YELLOW : RED}${BOLD}${neutraliseControls(opts.failure(err, ac.signal.aborted))}`);
        resolveDone(err instanceof Error ? err : new Error(String(err)));
      });
    },
    close() {
      ac.abort(vscode.l10n.t('the terminal was closed'));
    },
    handleInput(data: string) {
      if (finished) closed.fire();
      else if (data === '\x03') pty.stop(vscode.l10n.t('Ctrl-C'));
    },
    stop(reason: string) {
      if (!ac.signal.aborted) {
        pending.push(`${YELLOW}${vscode.l10n.t('■ Stopping ({0}): the run\'s processes are killed', neutraliseControls(reason))}${RESET}`);
        ac.abort(reason);
      }
    },
    transcript: () => chunks.join('').slice(-TRANSCRIPT_CHARS).replace(/\x1b\[[0-9;]*m/g, '').replace(/\r\n/g, '\n'),
  };
  return pty;
}

/** The transcript of a local run's terminal; undefined for any other terminal. */
export function runTranscriptOf(terminal: vscode.Terminal): string | undefined {
  const pty = (terminal.creationOptions as Partial<vscode.ExtensionTerminalOptions>).pty as Partial<LocalRunPty> | undefined;
  return typeof pty?.transcript === 'function' ? pty.transcript() : undefined;
}
