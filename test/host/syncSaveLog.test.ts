import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { mwaaLogLines } from './mwaaLog';
import { bindFreshFolder, saveText, setSyncSetting, syncState, unbind } from './syncHelpers';
import { waitFor } from './waitFor';

/**
 * One save, one line (issue #19 item 8): a requirements file saved in a bound folder is refused
 * with its reason once in the MWAA log and once in the history, although the save can reach the
 * sync twice (the editor's save and a save participant's re-save). Read from the log file the
 * MWAA output channel writes, as a person reads the Output panel.
 */
describe('DAG sync: a refused save is said once', function () {
  this.timeout(120_000);
  let folder: vscode.Uri;
  const run = `log${Date.now().toString(36)}`;

  before(async function () {
    if (!process.env.MWAA_SANDBOX_FAULTS_URL) this.skip(); // only under the sandbox-backed host runner
    await setSyncSetting('trackVisibility', false);
    folder = await bindFreshFolder('sync-save-log');
  });
  after(async () => {
    await setSyncSetting('trackVisibility', undefined);
    if (folder) await unbind(folder);
  });

  it('saving requirements.txt once logs "not uploaded on save" once', async () => {
    const file = vscode.Uri.file(path.join(folder.fsPath, run, 'requirements.txt'));
    const t0 = await saveText(file, 'requests\n');
    await waitFor('the refusal', async () => (await syncState()).history.find((h) => h.type === 'skipped' && h.at >= t0 && h.file === file.fsPath));
    // Past the window in which a second delivery of the same save would arrive, and the log's flush.
    await new Promise((r) => setTimeout(r, 3000));
    const refusals = (await syncState()).history.filter((h) => h.at >= t0 && h.file === file.fsPath);
    assert.equal(refusals.length, 1, `one history entry: ${JSON.stringify(refusals)}`);
    const needle = `${run}/requirements.txt' is not uploaded on save`;
    const lines = mwaaLogLines().filter((l) => l.includes(needle));
    assert.equal(lines.length, 1, `one log line for one save:\n${lines.join('\n')}`);
    assert.match(lines[0]!, /\[info\] DAG sync: .* is not uploaded on save: the requirements file is installed by an environment update/);
  });
});
