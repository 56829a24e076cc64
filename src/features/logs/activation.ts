/**
 * Activation-time shell of the logs feature: the mwaa-log document provider, traceback links
 * (documents and our tail terminals), "Show Raw", and the ids of the commands whose code
 * (dist/logs.js) is required when one first runs.
 */
import * as vscode from 'vscode';
import { UserFacingError } from '../../core/errors';
import { COMMANDS } from '../../host/commandIds';
import { lazyFeature, type LazyFeature } from '../../host/lazyFeature';
import type { Services } from '../../services/services';
import type * as LogCommandsModule from './logCommands';
import { LogDocuments, LOG_SCHEME } from './logDocuments';
import { registerTracebackLinks, type TracebackTerminalLinks } from './tracebackLinks';

/** What the logs feature hands its test seams. */
export interface LogsHandle {
  readonly part: LazyFeature<LogCommandsModule.LogsPart>;
  readonly terminalLinks: TracebackTerminalLinks;
}

export function activateLogs(services: Services): LogsHandle {
  const documents = new LogDocuments();
  const links = registerTracebackLinks(services.bindings);
  services.context.subscriptions.push(documents, ...links.disposables);

  const part = lazyFeature(services, {
    name: 'logs',
    load: () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { createLogsPart } = require('./logCommands') as typeof LogCommandsModule;
      return createLogsPart(services, documents);
    },
    commandIds: [COMMANDS.logs.showTaskLogs, COMMANDS.logs.tailRun, COMMANDS.logs.tailEnvironment],
  });

  const toggleRawLog = (uriArg?: unknown) => toggleRaw(documents, uriArg);
  services.commands.registerTable({ [COMMANDS.logs.toggleRaw]: toggleRawLog });
  return { part, terminalLinks: links.terminal };
}

/** Switches a log document between rendered and raw (as CloudWatch holds it); the new view. */
async function toggleRaw(documents: LogDocuments, uriArg?: unknown): Promise<'raw' | 'rendered'> {
  const uri = uriArg instanceof vscode.Uri ? uriArg : vscode.window.activeTextEditor?.document.uri;
  if (!uri || uri.scheme !== LOG_SCHEME) throw new UserFacingError(vscode.l10n.t('Show Raw works on a task log opened by the MWAA Toolkit: open one first.'));
  if (!(await documents.toggleRaw(uri))) {
    throw new UserFacingError(vscode.l10n.t('This log has no raw form that differs: Airflow 2 writes plain text lines, which are shown as they are.'));
  }
  return documents.isRaw(uri) ? 'raw' : 'rendered';
}
