import * as vscode from 'vscode';
import type { UserAction } from '../core/errors';
import type { Logger } from '../core/logger';

export type NoticeLevel = 'info' | 'warning' | 'error';

/** An action on a notification: a command to run, or a function (for actions with no command). */
export type NoticeAction = UserAction | { readonly label: string; readonly run: () => unknown };

/** A notification as it was shown: what test seams report, so tests need not read the workbench. */
export interface NoticeRecord {
  readonly level: NoticeLevel;
  readonly message: string;
  readonly actions: readonly string[];
  readonly source?: string;
}

const KEPT = 200;

/**
 * The one way features show a notification with actions: the picked action's command (or
 * function) runs when the user picks it, errors from it go to the log, and the last notifications
 * are kept (bounded) for test seams. Showing never waits for the user: the caller goes on.
 */
export class Notifier {
  private readonly recent: NoticeRecord[] = [];

  constructor(private readonly logger: Logger) {}

  info(message: string, actions: readonly NoticeAction[] = [], source?: string): void {
    this.show('info', message, actions, source);
  }

  warn(message: string, actions: readonly NoticeAction[] = [], source?: string): void {
    this.show('warning', message, actions, source);
  }

  error(message: string, actions: readonly NoticeAction[] = [], source?: string): void {
    this.show('error', message, actions, source);
  }

  /** What was shown, oldest first; `source` narrows to one feature's notices. */
  recorded(source?: string): NoticeRecord[] {
    return this.recent.filter((r) => source === undefined || r.source === source).map((r) => ({ ...r }));
  }

  private show(level: NoticeLevel, message: string, actions: readonly NoticeAction[], source: string | undefined): void {
    this.recent.push({ level, message, actions: actions.map((a) => a.label), ...(source ? { source } : {}) });
    if (this.recent.length > KEPT) this.recent.splice(0, this.recent.length - KEPT);
    const show = level === 'error' ? vscode.window.showErrorMessage : level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void Promise.resolve(show(message, ...actions.map((a) => a.label))).then(async (label) => {
      const picked = actions.find((a) => a.label === label);
      if (!picked) return;
      if ('run' in picked) await picked.run();
      else await vscode.commands.executeCommand(picked.command, ...(picked.args ?? []));
    }).then(undefined, (err: Error) => this.logger.warn(`notification action failed: ${err.message}`));
  }
}
