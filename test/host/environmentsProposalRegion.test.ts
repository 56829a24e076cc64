import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { proposalFolder, proposalSettingsFile, writeProposedBinding } from './proposalSettings';
import type { EnvironmentsState } from '../../src/features/environments/testSeams';
import { waitFor } from './waitFor';

const state = () => vscode.commands.executeCommand<EnvironmentsState>('_mwaa.environmentsState');

/**
 * A repository's proposal with a region that is not a region code (it would have sent signed
 * GetEnvironment calls to `api.airflow.attacker.example/x#…`) is never offered: it is reported.
 */
describe('binding proposed with a region that is not a region code', function () {
  const folder = proposalFolder;
  const settingsFile = proposalSettingsFile;

  before(function () {
    if (!process.env.AWS_ENDPOINT_URL_MWAA) this.skip(); // only under the sandbox-backed host runner
  });
  after(async () => {
    fs.rmSync(settingsFile(), { force: true });
    await vscode.commands.executeCommand('_mwaa.resetPrompts');
    await vscode.commands.executeCommand('mwaa.unbindEnvironment', folder().uri);
  });

  it('is reported as ignored, is not offered, and binds nothing', async () => {
    await vscode.commands.executeCommand('mwaa.unbindEnvironment', folder().uri);
    // Were it offered (the old behaviour), the question is answered without binding.
    await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'environments.proposal': 'Not Now' });
    const proposal = { environment: 'sandbox-af3', profile: 'default', region: 'attacker.example/x#' };
    await writeProposedBinding(proposal);
    const notice = await waitFor('the ignored-proposal warning', async () =>
      (await state()).notifications.find((m) => /propose binding it to MWAA environment "sandbox-af3", but its region "attacker\.example\/x#" is not an AWS region code/.test(m)), 10_000);
    assert.match(notice, /The proposal was ignored/);
    assert.equal((await state()).statusBar, undefined);
  });
});
