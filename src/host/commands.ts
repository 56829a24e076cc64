import * as vscode from 'vscode';
import { describeError, isCancellation, isUserFacingError, type UserAction } from '../core/errors';
import type { Logger } from '../core/logger';
import { redactValue } from '../core/redact';

export const SHOW_LOG_COMMAND = 'mwaa.showLog';

/** A command's handler; arguments come from menus, the palette or other code, so each checks them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- handlers narrow their own arguments
export type CommandHandler = (...args: any[]) => unknown;

/** A feature's commands: id -> small named handler. */
export type CommandTable = Readonly<Record<string, CommandHandler>>;

/** How an error reaches the user; injectable so tests can see what would be shown. */
export type ErrorPresenter = (message: string, actions: readonly UserAction[]) => Thenable<UserAction | undefined>;

const presentWithNotification: ErrorPresenter = async (message, actions) => {
  const all = [...actions, { label: vscode.l10n.t('Show Log'), command: SHOW_LOG_COMMAND }];
  const picked = await vscode.window.showErrorMessage(message, ...all.map((a) => a.label));
  return all.find((a) => a.label === picked);
};

/**
 * Registers commands so every one behaves the same way: its arguments are logged redacted,
 * cancellation ends it quietly, and any other error goes to one handler that logs it and tells
 * the user what happened and what to do next.
 */
export class CommandRegistry {
  constructor(
    private readonly context: Pick<vscode.ExtensionContext, 'subscriptions'>,
    private readonly logger: Logger,
    private readonly presentError: ErrorPresenter = presentWithNotification,
  ) {}

  register<A extends unknown[]>(id: string, handler: (...args: A) => unknown): void {
    this.context.subscriptions.push(vscode.commands.registerCommand(id, (...args: A) => this.invoke(id, handler, args)));
  }

  /** Registers every handler of a feature's command table. */
  registerTable(table: CommandTable): void {
    for (const [id, handler] of Object.entries(table)) this.register(id, handler);
  }

  /**
   * Registers ids whose handlers live in a lazily loaded part: `table()` loads it on the first
   * call. An id the loaded table lacks is a programming error, reported like any other.
   */
  registerLazy(ids: readonly string[], table: () => CommandTable): void {
    for (const id of ids) {
      this.register(id, (...args: unknown[]) => {
        const handler = table()[id];
        if (!handler) throw new Error(`command ${id} has no handler`);
        return handler(...args);
      });
    }
  }

  private async invoke<A extends unknown[]>(id: string, handler: (...args: A) => unknown, args: A): Promise<unknown> {
    this.logger.debug(`command ${id}`, ...args.filter((a) => a !== undefined).map(summarizeArg));
    try {
      return await handler(...args);
    } catch (err) {
      await this.handleError(id, err);
      return undefined;
    }
  }

  /** The one place command errors end up. Also used by features for errors outside commands. */
  async handleError(source: string, err: unknown): Promise<void> {
    if (isCancellation(err)) {
      this.logger.debug(`${source}: cancelled`);
      return;
    }
    const message = describeError(err);
    this.logger.error(`${source} failed: ${message}`, err instanceof Error && err.stack ? err.stack : '');
    const actions = isUserFacingError(err) ? err.actions : [];
    // A notification can stay up for as long as the user leaves it: the command ends now, and a
    // chosen action runs whenever it is picked.
    void Promise.resolve(this.presentError(message, actions)).then(async (picked) => {
      if (picked) await vscode.commands.executeCommand(picked.command, ...(picked.args ?? []));
    }, (e: Error) => this.logger.warn(`could not show the error: ${e.message}`));
  }
}

// Tree nodes and URIs make noisy log lines; keep what identifies them.
function summarizeArg(arg: unknown): string {
  if (arg instanceof vscode.Uri) return arg.toString(true);
  if (arg && typeof arg === 'object' && 'id' in arg) return `{id: ${redactValue((arg as { id: unknown }).id)}}`;
  return redactValue(arg);
}
