import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import * as vscode from 'vscode';
import type { FolderSyncPreview, FolderSyncResult, RemoteOnlyChoice } from '../../src/features/sync/testSeams';
import type { ScriptedAnswer } from '../../src/host/promptSeams';
import { bindFreshFolder, objectText, otherClient, putObject, saveText, setSyncSetting, syncState, unbind, waitForEvent } from './syncHelpers';

/**
 * "MWAA: Sync Folder…" / "Pull Folder…" against the sandbox's S3. The folder is bound to
 * sandbox-af3 (bucket airflow-sandbox-af3, prefix dags/). Other suites put their DAGs in the same
 * folder (the Airflow 3 runs suite runs first), so the objects already there are counted before
 * the set-up and expected as objects only in S3. A run's answers to the quick picks and the modal
 * (`confirmed`, `remoteOnly`, `overwriteConflicts`) are scripted through the prompt seams; a dry run
 * asks the sync seam for the plan's counts, computed by the same planning code.
 */
describe('DAG sync: folder sync and pull', function () {
  this.timeout(120_000);
  const BUCKET = 'airflow-sandbox-af3';
  let folder: vscode.Uri;
  let s3: S3Client;
  /** Objects other suites left under dags/ before this one set up its own. */
  let others = 0;
  const local = (rel: string) => path.join(folder.fsPath, rel);
  const sync = (answers: Answers) => answered('mwaa.syncFolder', folder, answers);
  const dryRun = (remoteOnly?: RemoteOnlyChoice) => vscode.commands.executeCommand<FolderSyncPreview>('_mwaa.syncFolderPlan', folder, remoteOnly);

  before(async function () {
    if (!process.env.MWAA_SANDBOX_FAULTS_URL) this.skip();
    await setSyncSetting('trackVisibility', false);
    folder = await bindFreshFolder('sync-folder', 'sandbox-af3');
    s3 = otherClient();
    others = (await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'dags/' }))).KeyCount ?? 0;
    // Uploaded by a save (so the state knows them), then changed: locally only, or on both sides.
    for (const rel of ['changed.py', 'conflict.py']) {
      const t0 = await saveText(vscode.Uri.file(local(rel)), `${rel} = 1\n`);
      await waitForEvent('uploaded', `dags/${rel}`, t0);
    }
    fs.writeFileSync(local('changed.py'), 'changed = 2\n');
    fs.writeFileSync(local('conflict.py'), 'conflict = "mine"\n');
    await putObject(s3, 'dags/conflict.py', 'conflict = "theirs"\n', BUCKET);
    fs.writeFileSync(local('new.py'), 'new = 1\n');
    fs.writeFileSync(local('same.py'), 'same = 1\n');
    await putObject(s3, 'dags/same.py', 'same = 1\n', BUCKET);
    fs.writeFileSync(local('.env'), 'TOKEN=x\n');
    await putObject(s3, 'dags/remote_only.py', 'remote = 1\n', BUCKET);
  });
  after(async () => {
    s3?.destroy();
    await setSyncSetting('trackVisibility', undefined);
    if (folder) await unbind(folder);
  });

  it('dry run: the plan counts every kind of change and writes nothing', async () => {
    const plan = await dryRun('pull');
    assert.deepEqual(plan.counts, { upload: 1, update: 1, unchanged: 1, conflict: 1, 'delete-remote': 0, pull: 1 + others });
    assert.equal(plan.skipped, 1, '.env is never uploaded');
    assert.equal(await objectText(s3, 'dags/new.py', BUCKET), undefined);
    assert.equal(fs.existsSync(local('remote_only.py')), false);
  });

  it('apply: uploads, updates and pulls; the conflict is left alone until overwriting is chosen', async () => {
    const r = await sync({ confirmed: true, remoteOnly: 'pull' });
    assert.deepEqual(r.applied, { upload: 1, update: 1, unchanged: 0, conflict: 0, 'delete-remote': 0, pull: 1 + others });
    assert.equal(await objectText(s3, 'dags/new.py', BUCKET), 'new = 1\n');
    assert.equal(await objectText(s3, 'dags/changed.py', BUCKET), 'changed = 2\n');
    assert.equal(fs.readFileSync(local('remote_only.py'), 'utf8'), 'remote = 1\n');
    assert.equal(await objectText(s3, 'dags/conflict.py', BUCKET), 'conflict = "theirs"\n');
    assert.equal(await objectText(s3, 'dags/.env', BUCKET), undefined);

    const again = await sync({ confirmed: true, remoteOnly: 'keep', overwriteConflicts: true });
    assert.equal(again.applied?.conflict, 1);
    assert.equal(await objectText(s3, 'dags/conflict.py', BUCKET), 'conflict = "mine"\n');
    const clean = await dryRun();
    assert.deepEqual(clean.counts, { upload: 0, update: 0, unchanged: 5 + others, conflict: 0, 'delete-remote': 0, pull: 0 });
  });

  it('objects only in S3 are deleted only when that is chosen (and confirmed)', async () => {
    await putObject(s3, 'dags/stray.py', 'stray = 1\n', BUCKET);
    const kept = await sync({ confirmed: true, remoteOnly: 'keep' });
    assert.equal(kept.applied, undefined, 'nothing to do');
    assert.equal(await objectText(s3, 'dags/stray.py', BUCKET), 'stray = 1\n');
    const r = await sync({ confirmed: true, remoteOnly: 'delete-remote' });
    assert.equal(r.applied?.['delete-remote'], 1);
    assert.equal(await objectText(s3, 'dags/stray.py', BUCKET), undefined);
    assert.equal(await objectText(s3, 'dags/new.py', BUCKET), 'new = 1\n', 'objects with a local file stay');
  });

  it('a folder that is not bound: the command says so and offers to bind', async () => {
    const unbound = vscode.Uri.file(path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'diag'));
    const since = performance.now();
    assert.equal(await answered('mwaa.syncFolder', unbound, { confirmed: true }), undefined);
    const error = (await syncState()).history.find((h) => h.type === 'error' && h.at >= since);
    assert.match(error?.message ?? '', /diag is not in a folder bound to an MWAA environment: bind its folder first/);
  });

  it('Pull Folder brings down files missing locally and touches nothing else', async () => {
    await putObject(s3, 'dags/pulled/x.py', 'x = 1\n', BUCKET);
    fs.writeFileSync(local('new.py'), 'new = "local edit"\n');
    const r = await answered('mwaa.pullFolder', folder, { confirmed: true });
    assert.equal(r.applied?.pull, 1);
    assert.equal(fs.readFileSync(local('pulled/x.py'), 'utf8'), 'x = 1\n');
    assert.equal(await objectText(s3, 'dags/new.py', BUCKET), 'new = 1\n', 'a pull uploads nothing');
  });
});

/** How the user answers a folder sync's questions. */
interface Answers {
  /** OK on the plan as ticked by default (conflicts unticked), and Delete when it deletes. */
  readonly confirmed?: boolean;
  /** What objects only in S3 become. */
  readonly remoteOnly?: RemoteOnlyChoice;
  /** With `confirmed`: every change ticked, conflicts too. */
  readonly overwriteConflicts?: boolean;
}

/** Scripts the answers, runs the command on `target`, then drops the answers the run did not ask for. */
async function answered(command: string, target: vscode.Uri, answers: Answers): Promise<FolderSyncResult> {
  const script: Record<string, ScriptedAnswer> = {
    ...(answers.remoteOnly ? { 'sync.remoteOnly': { where: { value: answers.remoteOnly } } } : {}),
    ...(answers.confirmed ? { 'sync.plan': answers.overwriteConflicts ? { all: true } : { defaults: true }, 'sync.confirmDelete': 'Delete' } : {}),
  };
  await vscode.commands.executeCommand('_mwaa.answerPrompts', script);
  try {
    return await vscode.commands.executeCommand<FolderSyncResult>(command, target);
  } finally {
    await vscode.commands.executeCommand('_mwaa.resetPrompts');
  }
}
