/**
 * Activation-time shell of the logs feature: the mwaa-log document provider, traceback links
 * (documents and our tail terminals) and the command ids. The commands' code (dist/logs.js) is
 * required when one first runs.
 */
import * as vscode from 'vscode';
import { UserFacingError, describeError, isUserFacingError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { CommandRegistry } from '../../host/commands';
import type { BindingStore } from '../environments/bindingStore';
import type { EnvironmentServices } from '../environments/environmentServices';
import type * as LogCommandsModule from './logCommands';
import { LOG_COMMANDS } from './logCommandIds';
import { LogDocuments, LOG_SCHEME } from './logDocuments';
import { registerTracebackLinks } from './tracebackLinks';

export function registerLogs(
  context: vscode.ExtensionContext,
  deps: { logger: Logger; commands: CommandRegistry; bindings: BindingStore; services: () => EnvironmentServices },
): void {
  const documents = new LogDocuments();
  const links = registerTracebackLinks(deps.bindings);
  context.subscriptions.push(documents, ...links.disposables);

  const testMode = context.extensionMode === vscode.ExtensionMode.Test;
  let commands: LogCommandsModule.LogCommands | undefined;
  const load = (): LogCommandsModule.LogCommands => {
    if (!commands) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createLogCommands } = require('./logCommands') as typeof LogCommandsModule;
      commands = createLogCommands({ services: deps.services, documents, logger: deps.logger, testMode });
    }
    return commands;
  };
  deps.commands.register(LOG_COMMANDS.showTaskLogs, (arg?: unknown) => load().showTaskLogs(arg));
  deps.commands.register(LOG_COMMANDS.tailRun, (arg?: unknown) => load().tailRun(arg));

  deps.commands.register(LOG_COMMANDS.toggleRaw, async (uriArg?: unknown) => {
    const uri = uriArg instanceof vscode.Uri ? uriArg : vscode.window.activeTextEditor?.document.uri;
    if (!uri || uri.scheme !== LOG_SCHEME) throw new UserFacingError('Show Raw works on a task log opened by the MWAA Toolkit: open one first.');
    if (!(await documents.toggleRaw(uri))) {
      throw new UserFacingError('This log has no raw form that differs: Airflow 2 writes plain text lines, which are shown as they are.');
    }
    return documents.isRaw(uri) ? 'raw' : 'rendered';
  });

  deps.commands.register(LOG_COMMANDS.tailTranscript, (name: string) => load().tailTranscript(name));
  deps.commands.register(LOG_COMMANDS.probeTaskLogs, async (arg?: unknown) => {
    try {
      return await load().showTaskLogs(arg);
    } catch (err) {
      return { error: describeError(err), actions: isUserFacingError(err) ? err.actions.map((a) => a.label) : [] };
    }
  });
  deps.commands.register(LOG_COMMANDS.terminalLinks, async (line: string, terminalName: string) => {
    const terminal = vscode.window.terminals.find((t) => t.name === terminalName);
    if (!terminal) return [];
    const found = await links.terminal.provideTerminalLinks({ line, terminal });
    return found.map((l) => ({ startIndex: l.startIndex, length: l.length, uri: l.frame.uri.toString(), line: l.frame.line }));
  });
}
