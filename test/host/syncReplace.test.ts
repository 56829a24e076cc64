import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import * as vscode from 'vscode';
import type { AskedPrompt } from '../../src/host/promptSeams';
import { bindFreshFolder, otherClient, putObject, saveText, setSyncSetting, syncState, unbind, waitForEvent } from './syncHelpers';

/**
 * "Replace with S3 Version" (mwaa.pullFromS3, the conflict's Pull) against the sandbox's S3: it
 * had replaced the local file without asking and dropped its mode bits, and wrote wherever the
 * file's folder led, a link out of the bound folder included.
 */
describe('DAG sync: Replace with S3 Version', function () {
  this.timeout(120_000);
  let folder: vscode.Uri;
  let s3: S3Client;
  let outside: string | undefined;
  const run = `replace${Date.now().toString(36)}`;
  const file = (rel: string) => vscode.Uri.file(path.join(folder.fsPath, run, rel));
  const key = (rel: string) => `dags/${run}/${rel}`;
  const answer = (a: string | null) => vscode.commands.executeCommand('_mwaa.answerPrompts', { 'sync.replaceLocal': a });
  const asked = () => vscode.commands.executeCommand<AskedPrompt[]>('_mwaa.resetPrompts');

  before(async function () {
    if (!process.env.MWAA_SANDBOX_FAULTS_URL) this.skip();
    await setSyncSetting('trackVisibility', false);
    folder = await bindFreshFolder('sync-replace');
    s3 = otherClient();
  });
  after(async () => {
    await vscode.commands.executeCommand('_mwaa.resetPrompts');
    s3?.destroy();
    await setSyncSetting('trackVisibility', undefined);
    if (outside) fs.rmSync(outside, { recursive: true, force: true });
    if (folder) await unbind(folder);
  });

  it('asks first, changes nothing when declined, and keeps the file\'s mode when it replaces it', async function () {
    if (process.platform === 'win32') this.skip();
    const t0 = await saveText(file('tool.py'), 'v = "mine"\n');
    await waitForEvent('uploaded', key('tool.py'), t0);
    fs.chmodSync(file('tool.py').fsPath, 0o755);
    await putObject(s3, key('tool.py'), 'v = "theirs"\n');

    await asked();
    await answer(null); // the modal is dismissed
    await vscode.commands.executeCommand('mwaa.pullFromS3', file('tool.py'));
    const question = (await asked()).find((q) => q.id === 'sync.replaceLocal');
    assert.equal(question?.message, 'Replace tool.py with the version in S3?');
    assert.equal(fs.readFileSync(file('tool.py').fsPath, 'utf8'), 'v = "mine"\n', 'declined: the local file is untouched');

    await answer('Replace');
    await vscode.commands.executeCommand('mwaa.pullFromS3', file('tool.py'));
    assert.equal(fs.readFileSync(file('tool.py').fsPath, 'utf8'), 'v = "theirs"\n');
    assert.equal(fs.statSync(file('tool.py').fsPath).mode & 0o777, 0o755, 'the mode bits are kept');
    assert.equal((await syncState(file('tool.py'))).decoration, 'synced');
  });

  it('refuses to replace a file reached through a folder that links out of the bound folder', async () => {
    outside = fs.mkdtempSync(path.join(os.tmpdir(), 'replace-outside-'));
    fs.writeFileSync(path.join(outside, 'x.py'), 'outside = 1\n');
    fs.mkdirSync(path.join(folder.fsPath, run), { recursive: true });
    fs.symlinkSync(outside, file('out').fsPath);
    await putObject(s3, key('out/x.py'), 'from_s3 = 1\n');
    const since = performance.now();
    await answer('Replace');
    await vscode.commands.executeCommand('mwaa.pullFromS3', file('out/x.py'));
    await asked();
    const error = (await syncState()).history.find((h) => h.type === 'error' && h.at >= since);
    assert.match(error?.message ?? '', /leads outside the bound DAG folder/);
    assert.equal(fs.readFileSync(path.join(outside, 'x.py'), 'utf8'), 'outside = 1\n', 'nothing written outside the folder');
  });
});
