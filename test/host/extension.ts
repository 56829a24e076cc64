import * as vscode from 'vscode';

/** The extension under test, as VS Code names it (`publisher.name` of package.json). */
export const EXTENSION_ID = 'mwaa-toolkit.mwaa-toolkit';

/** Activates it (at once if it is active already), as the suites do before their first command. */
export async function activateExtension(): Promise<void> {
  await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
}
