import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { proposalFolder, proposalSettingsFile, writeProposedBinding } from './proposalSettings';
import type { EnvironmentsState } from '../../src/features/environments/testSeams';
import { waitFor } from './waitFor';

const state = () => vscode.commands.executeCommand<EnvironmentsState>('_mwaa.environmentsState');

/** A repository's settings may propose a binding; only the user's confirmation binds. */
describe('binding proposed by workspace settings', function () {
  const folder = proposalFolder;
  const settingsFile = proposalSettingsFile;
  const dags = () => vscode.Uri.file(path.join(folder().uri.fsPath, 'dags'));

  before(function () {
    if (!process.env.AWS_ENDPOINT_URL_MWAA) this.skip(); // only under the sandbox-backed host runner
  });
  after(async () => {
    fs.rmSync(settingsFile(), { force: true });
    await vscode.commands.executeCommand('_mwaa.resetPrompts');
    await vscode.commands.executeCommand('mwaa.unbindEnvironment', folder().uri);
    await vscode.commands.executeCommand('mwaa.unbindEnvironment', dags());
  });

  it('is only a proposal: nothing is bound until the bind is confirmed, which resolves the proposed environment', async () => {
    await vscode.commands.executeCommand('mwaa.unbindEnvironment', folder().uri);
    await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'environments.proposal': 'Not Now' });
    await writeProposedBinding({ environment: 'sandbox-af3', folder: '.' });
    // The settings were read and offered (a notification and a status bar item that stays), and no binding exists.
    const pending = await waitFor('the proposal in the status bar', async () => (await state()).proposalStatus, 10_000);
    assert.match(pending, /Bind .+ to sandbox-af3\?/);
    assert.equal((await state()).statusBar, undefined);
    // What "Review…" runs: the bind command with the proposal's target, then the user's confirmation.
    await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'environments.bind': 'Bind', 'environments.firstSync': 'Later' });
    await vscode.commands.executeCommand('mwaa.bindEnvironment', 'sandbox-af3', folder().uri);
    assert.ok((await state()).boundFolders.includes(folder().uri.fsPath));
    // Bound: the status bar no longer asks.
    await waitFor('the proposal item to hide', async () => (await state()).proposalStatus === undefined || undefined, 10_000);
    await vscode.commands.executeCommand('mwaa.unbindEnvironment', folder().uri);
  });

  it('proposes the dags/ folder by default, or the folder it names; a folder leaving the workspace is refused', async () => {
    fs.mkdirSync(dags().fsPath, { recursive: true });
    // Scripted answers queue per question: start from none.
    await vscode.commands.executeCommand('_mwaa.resetPrompts');
    await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'environments.proposal': 'Not Now' });
    await writeProposedBinding({ environment: 'sandbox-af2' });
    let proposals = (await state()).proposals;
    assert.deepEqual(proposals.map((p) => p.target), [dags().fsPath], 'dags/ by default');
    assert.match((await waitFor('the status bar item', async () => (await state()).proposalStatus, 10_000)), /Bind .+\/dags to sandbox-af2\?/);
    await writeProposedBinding({ environment: 'sandbox-af2', folder: '../elsewhere' });
    proposals = (await state()).proposals;
    assert.equal(proposals.length, 1);
    assert.match(proposals[0]!.problem ?? '', /leaves the workspace folder/);
    await writeProposedBinding({ environment: 'sandbox-af2', folder: 'no-such-folder' });
    assert.match((await state()).proposals[0]!.problem ?? '', /does not exist/);
    // A click on the status bar item (the notification may sit in the bell): the bind confirmation,
    // then the offer of a first Sync Folder.
    await vscode.commands.executeCommand('_mwaa.resetPrompts');
    await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'environments.proposal': 'Not Now', 'environments.bind': 'Bind', 'environments.firstSync': 'Later' });
    await writeProposedBinding({ environment: 'sandbox-af2', folder: 'dags' });
    const click = await waitFor('the status bar item', async () => (await state()).proposalCommand, 10_000);
    await vscode.commands.executeCommand(click.command, ...(click.arguments ?? []));
    await waitFor('dags/ bound through the proposal', async () => (await state()).proposals.length === 0 || undefined, 30_000);
    const bound = (await state()).boundFolders;
    assert.ok(bound.includes(dags().fsPath), `dags/ is bound: ${JSON.stringify(bound)}`);
    assert.ok(!bound.includes(folder().uri.fsPath), 'not the workspace root');
  });
});
