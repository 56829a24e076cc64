import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitFor } from './waitFor';

/**
 * Commands run from the command palette (no tree node) ask for the environment with a quick pick,
 * as a person would answer it: accept the highlighted item, or dismiss the pick.
 */
async function runWhilePicking(command: string, answer: 'accept' | 'dismiss'): Promise<unknown> {
  let settled = false;
  const done = Promise.resolve(vscode.commands.executeCommand(command)).finally(() => (settled = true));
  // The pick opens once the environments are loaded; answer it as soon as it is there.
  const action = answer === 'accept' ? 'workbench.action.acceptSelectedQuickOpenItem' : 'workbench.action.closeQuickOpen';
  for (let i = 0; i < 100 && !settled; i++) {
    await new Promise((r) => setTimeout(r, 200));
    if (!settled) await vscode.commands.executeCommand(action);
  }
  return done;
}

describe('environments from the command palette', function () {
  before(function () {
    if (!process.env.AWS_ENDPOINT_URL_MWAA) this.skip(); // only under the sandbox-backed host runner
  });

  it('asks which environment, then shows the picked one\'s details', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const uri = String(await runWhilePicking('mwaa.showEnvironmentDetails', 'accept'));
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
    assert.equal(doc?.uri.scheme, 'mwaa-environment');
    const name = doc!.uri.path.replace(/^\/|\.md$/g, '');
    assert.match(name, /^sandbox-/);
    assert.match(doc!.getText(), new RegExp(`arn:aws:airflow:us-east-1:123456789012:environment/${name}`));
    // Shown rendered: the active tab is the Markdown preview, not the source.
    await waitFor('the rendered details', async () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label === `Preview ${name}.md`) || undefined, 10_000);
  });

  it('dismissing the pick ends the command quietly, opening nothing', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const result = await runWhilePicking('mwaa.showEnvironmentDetails', 'dismiss');
    assert.equal(result, undefined);
    assert.equal(vscode.window.activeTextEditor, undefined);
  });
});
