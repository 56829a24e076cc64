/**
 * The local MWAA runtime feature, the lazily loaded part (dist/localRuntime.js): the parse gate
 * on save, Problems (`MWAA local`, `MWAA resolver`), the parse time in the status bar, and the
 * commands. Activation only registers the command ids and the gate's cheap front (activation.ts).
 */
import type * as vscode from 'vscode';
import { COMMANDS } from '../../host/commandIds';
import type { CommandTable } from '../../host/commands';
import type { LazyPart } from '../../host/lazyFeature';
import type { Services } from '../../services/services';
import type { UploadGateDecision, UploadGateRequest } from '../../services/uploadGates';
import { parseFolder } from './folderParse';
import { LocalProblems } from './localProblems';
import type { FolderParseSummary, GateRecord, ParseRecord } from './localRuntimeTypes';
import { ParseGate } from './parseGate';
import { ParseStatusBar } from './parseStatusBar';
import { ResolverCheck } from './resolverCheck';
import { buildRuntime, showRuntime } from './runtimeCommands';
import { testUpgrade } from './upgradeTest';

/** What the test seams read: inspection only. */
export interface LocalRuntimeActivity {
  readonly decisions: readonly GateRecord[];
  readonly parses: readonly ParseRecord[];
  readonly statusBar: string;
  readonly lastFolderParse?: FolderParseSummary;
}

export interface LocalRuntimePart extends LazyPart {
  readonly commands: CommandTable;
  gate(request: UploadGateRequest): Promise<UploadGateDecision>;
  activity(): LocalRuntimeActivity;
  dispose(): void;
}

/** Builds the part; nothing of `services.runtime` is loaded until a save or a command needs it. */
export function createLocalRuntimePart(services: Services): LocalRuntimePart {
  const problems = new LocalProblems();
  const status = new ParseStatusBar();
  const gate = new ParseGate({ services, problems, status });
  const resolver = new ResolverCheck(services);
  let lastFolderParse: FolderParseSummary | undefined;
  const disposables: vscode.Disposable[] = [problems, status, resolver];

  const parseDags = async (arg?: unknown, options?: unknown) => {
    const show = typeof options === 'object' && options !== null && (options as { show?: unknown }).show === false ? false : undefined;
    const summary = await parseFolder({ services, problems, parse: (t, r, uri, signal) => gate.parseAndPublish(t, r, uri, signal) }, arg, show === false ? { show } : {});
    if (summary) lastFolderParse = summary;
    return summary;
  };
  return {
    commands: {
      [COMMANDS.localRuntime.parseDags]: parseDags,
      [COMMANDS.localRuntime.checkRequirements]: (arg?: unknown) => resolver.run(arg),
      [COMMANDS.localRuntime.testUpgrade]: (arg?: unknown) => testUpgrade(services, arg, (t, r, file, signal) => services.runtime.parseFile(t, r, file, signal)),
      [COMMANDS.localRuntime.build]: (arg?: unknown) => buildRuntime(services, arg),
      [COMMANDS.localRuntime.show]: (arg?: unknown, options?: { open?: boolean }) => showRuntime(services, arg, typeof options === 'object' && options ? options : {}),
    },
    gate: (request) => gate.gate(request),
    activity: () => ({
      decisions: [...gate.decisions], parses: [...gate.parses], statusBar: status.text,
      ...(lastFolderParse ? { lastFolderParse } : {}),
    }),
    dispose: () => disposables.forEach((d) => d.dispose()),
  };
}
