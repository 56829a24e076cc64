import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import LAZY_BUNDLES from '../../src/lazyBundles.json';
import { EXTENSION_ID } from './extension';

function loadedModules(pattern: RegExp): string[] {
  return Object.keys(require.cache).filter((k) => pattern.test(k));
}

describe('activation', () => {
  // The extension reaches the SDK and the lint core only through its lazily required bundles
  // (other test files may load @aws-sdk from node_modules themselves, so those prove nothing).
  it('activates without loading the AWS SDK or the lint core', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded in the extension host`);
    await ext.activate();
    assert.equal(ext.isActive, true);
    // Every lazily required bundle (src/lazyBundles.json, which the build reads too) stays unloaded.
    // The test seams' bundle is required in test mode only (and so here), after activate()'s work.
    for (const bundle of LAZY_BUNDLES.bundles.filter((b) => !('testOnly' in b && b.testOnly))) {
      assert.deepEqual(loadedModules(new RegExp(`[\\\\/]dist[\\\\/]${bundle.name}\\.js$`)), [], `the ${bundle.name} bundle (${bundle.holds}) was required during activation`);
    }
  });

  it('registers its commands', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['mwaa.showLog', 'mwaa.openSettings', 'mwaa.showTaskLogs', 'mwaa.tailRun', 'mwaa.toggleRawLog']) assert.ok(commands.includes(id), `${id} not registered`);
  });

  it('contributes the MWAA view container and opens it', async () => {
    const pkg = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: { viewsContainers: { activitybar: { id: string }[] }; views: Record<string, { id: string }[]> };
    };
    assert.deepEqual(pkg.contributes.viewsContainers.activitybar.map((c) => c.id), ['mwaa']);
    assert.ok(pkg.contributes.views.mwaa.some((v) => v.id === 'mwaa.environments'));
    // Opening the container is what the activity bar icon does; it fails for an unknown view.
    await vscode.commands.executeCommand('workbench.view.extension.mwaa');
    await vscode.commands.executeCommand('mwaa.environments.focus');
  });

  it('shows its log channel through the command', async () => {
    await vscode.commands.executeCommand('mwaa.showLog');
  });
});

describe('pip requirements language', () => {
  it('recognises requirements.txt and opens it with the contributed language', async () => {
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const uri = vscode.Uri.joinPath(folder, 'requirements.txt');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode('--constraint https://example.invalid/c.txt\napache-airflow-providers-amazon==9.2.0\n'));
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'pip-requirements');
  });
});
