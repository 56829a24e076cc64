import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { proposalFolder, proposalSettingsFile, writeProposedBinding } from './proposalSettings';
import type { EnvironmentsState } from '../../src/features/environments/testSeams';

const state = () => vscode.commands.executeCommand<EnvironmentsState>('_mwaa.environmentsState');

/** A repository's settings may propose a binding; only the user's confirmation binds. */
describe('binding proposed by workspace settings', function () {
  const folder = proposalFolder;
  const settingsFile = proposalSettingsFile;

  before(function () {
    if (!process.env.AWS_ENDPOINT_URL_MWAA) this.skip(); // only under the sandbox-backed host runner
  });
  after(async () => {
    fs.rmSync(settingsFile(), { force: true });
    await vscode.commands.executeCommand('mwaa.unbindEnvironment', folder().uri);
  });

  it('is only a proposal: nothing is bound until the bind is confirmed, which resolves the proposed environment', async () => {
    await vscode.commands.executeCommand('mwaa.unbindEnvironment', folder().uri);
    await writeProposedBinding({ environment: 'sandbox-af3' });
    // The settings were read and offered (a notification), and no binding exists.
    await new Promise((r) => setTimeout(r, 500));
    assert.equal((await state()).statusBar, undefined);
    // What "Review…" runs: the bind command with the proposal's target, then the user's confirmation.
    await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'environments.bind': 'Bind' });
    await vscode.commands.executeCommand('mwaa.bindEnvironment', 'sandbox-af3', folder().uri);
    assert.match((await state()).statusBar ?? '', /sandbox-af3/);
  });
});
