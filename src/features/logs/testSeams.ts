/**
 * The logs feature's test seams (test mode only, from src/testSeams.ts): traceback links of a
 * terminal line, what a tail terminal showed, and Show Task Log returning its error.
 */
import * as vscode from 'vscode';
import { describeError, isUserFacingError } from '../../core/errors';
import { tailTranscriptOf } from '../../host/tailTerminal';
import type { Services } from '../../services/services';
import type { LogsHandle } from './activation';

export const LOG_SEAMS = {
  /** `(line, terminalName)`: the traceback links our terminal link provider finds in a line. */
  terminalLinks: '_mwaa.tracebackTerminalLinks',
  /** `(terminalName)`: what a tail terminal has written so far, colours stripped. */
  tailTranscript: '_mwaa.tailTranscript',
  /** Show Task Log returning its error ({error, actions}) instead of showing it. */
  probeTaskLogs: '_mwaa.probeTaskLogs',
} as const;

/** One link `_mwaa.tracebackTerminalLinks` found. */
export interface TerminalTracebackLink {
  readonly startIndex: number;
  readonly length: number;
  /** The local file's URI. */
  readonly uri: string;
  /** 1-based. */
  readonly line: number;
}

/** What `_mwaa.probeTaskLogs` returns: Show Task Log's result, or its error and the error's action labels. */
export interface TaskLogProbe {
  readonly uri?: string;
  readonly stream?: string;
  readonly lines?: number;
  readonly following?: string;
  readonly error?: string;
  readonly actions?: readonly string[];
}

export function registerLogSeams(services: Services, handle: LogsHandle): void {
  async function terminalLinks(line: string, terminalName: string): Promise<TerminalTracebackLink[]> {
    const terminal = vscode.window.terminals.find((t) => t.name === terminalName);
    if (!terminal) return [];
    const found = await handle.terminalLinks.provideTerminalLinks({ line, terminal });
    return found.map((l) => ({ startIndex: l.startIndex, length: l.length, uri: l.frame.uri.toString(), line: l.frame.line }));
  }

  function tailTranscript(terminalName: string): string {
    // The newest terminal of that name, as a reopened tail replaces the one before.
    const terminal = [...vscode.window.terminals].reverse().find((t) => t.name === terminalName);
    return (terminal && tailTranscriptOf(terminal)) ?? '';
  }

  async function probeTaskLogs(arg?: unknown): Promise<TaskLogProbe> {
    try {
      return await handle.part.get().showTaskLogs(arg);
    } catch (err) {
      return { error: describeError(err), actions: isUserFacingError(err) ? err.actions.map((a) => a.label) : [] };
    }
  }

  services.commands.registerTable({
    [LOG_SEAMS.terminalLinks]: terminalLinks,
    [LOG_SEAMS.tailTranscript]: tailTranscript,
    [LOG_SEAMS.probeTaskLogs]: probeTaskLogs,
  });
}
