/** The local run feature's test seam (test mode only, from src/testSeams.ts). */
import * as vscode from 'vscode';
import type { Services } from '../../services/services';
import type { LocalRunHandle } from './activation';
import { NOTICE_SOURCE, TERMINAL_PREFIX, type LocalRunRecord } from './localRunTypes';
import { runTranscriptOf } from './runTerminal';

export type { LocalDebugConfiguration, LocalRunRecord } from './localRunTypes';
export type { LocalRunResult } from './localRuns';

export const LOCAL_RUN_SEAMS = {
  /** Every run and debug session of this session, the run terminals' transcripts, the notifications. */
  state: '_mwaa.localRunState',
} as const;

export interface LocalRunState {
  /** Whether the part (and so anything of the runtime) was loaded. */
  readonly loaded: boolean;
  readonly runtimeLoaded: boolean;
  readonly records: readonly LocalRunRecord[];
  readonly terminals: ReadonlyArray<{ readonly name: string; readonly transcript: string }>;
  readonly notifications: ReadonlyArray<{ readonly level: string; readonly message: string }>;
}

export function registerLocalRunSeams(services: Services, handle: LocalRunHandle): void {
  // Peeks: asking for the state loads nothing.
  const state = (): LocalRunState => ({
    loaded: handle.part.loaded !== undefined,
    runtimeLoaded: services.runtimeLoaded,
    records: handle.part.loaded?.records() ?? [],
    terminals: vscode.window.terminals.filter((t) => t.name.startsWith(TERMINAL_PREFIX)).map((t) => ({ name: t.name, transcript: runTranscriptOf(t) ?? '' })),
    notifications: services.notify.recorded(NOTICE_SOURCE).map((n) => ({ level: n.level, message: n.message })),
  });
  services.commands.registerTable({ [LOCAL_RUN_SEAMS.state]: state });
}
