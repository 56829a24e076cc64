import * as vscode from 'vscode';

/**
 * Questions a command asks the user (modal confirmations, quick picks), each under a stable id.
 * Handlers ask through this and never branch on test mode: under the test runner the test seams
 * put a scripted answerer in front (see promptSeams.ts), which answers the ids a test scripted and
 * lets every other question through to the real dialog.
 */
export interface Prompts {
  /** A modal (or plain) message with buttons; the picked button's label, or undefined. */
  confirm(id: string, message: string, options: ConfirmOptions, ...buttons: string[]): Promise<string | undefined>;
  /** A quick pick; the picked item (or items, with canPickMany), or undefined when dismissed. */
  pick<T extends vscode.QuickPickItem>(id: string, items: readonly T[], options: vscode.QuickPickOptions & { canPickMany: true }): Promise<T[] | undefined>;
  pick<T extends vscode.QuickPickItem>(id: string, items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined>;
  /** An input box; the text entered, or undefined when dismissed. */
  input(id: string, options: vscode.InputBoxOptions): Promise<string | undefined>;
}

export interface ConfirmOptions {
  readonly detail?: string;
  readonly modal?: boolean;
  /** Shown as a warning (a destructive or costly action). */
  readonly warning?: boolean;
}

/** The real dialogs. */
export const windowPrompts: Prompts = {
  async confirm(_id, message, options, ...buttons) {
    const show = options.warning ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    return show(message, { modal: options.modal ?? true, ...(options.detail ? { detail: options.detail } : {}) }, ...buttons);
  },
  async pick(_id: string, items: readonly vscode.QuickPickItem[], options: vscode.QuickPickOptions) {
    return vscode.window.showQuickPick([...items], options);
  },
  async input(_id: string, options: vscode.InputBoxOptions) {
    return vscode.window.showInputBox(options);
  },
} as Prompts;

/**
 * The Prompts every feature holds: it forwards to the real dialogs unless a test seam has put
 * another answerer in front.
 */
export class SwitchablePrompts implements Prompts {
  private current: Prompts = windowPrompts;

  /** For test seams only: answers come from `answerer` until the returned function restores. */
  use(answerer: Prompts): () => void {
    const previous = this.current;
    this.current = answerer;
    return () => {
      this.current = previous;
    };
  }

  confirm(id: string, message: string, options: ConfirmOptions, ...buttons: string[]): Promise<string | undefined> {
    return this.current.confirm(id, message, options, ...buttons);
  }

  pick<T extends vscode.QuickPickItem>(id: string, items: readonly T[], options: vscode.QuickPickOptions & { canPickMany: true }): Promise<T[] | undefined>;
  pick<T extends vscode.QuickPickItem>(id: string, items: readonly T[], options: vscode.QuickPickOptions): Promise<T | undefined>;
  pick<T extends vscode.QuickPickItem>(id: string, items: readonly T[], options: vscode.QuickPickOptions): Promise<T | T[] | undefined> {
    return this.current.pick(id, items, options as vscode.QuickPickOptions & { canPickMany: true });
  }

  input(id: string, options: vscode.InputBoxOptions): Promise<string | undefined> {
    return this.current.input(id, options);
  }
}
