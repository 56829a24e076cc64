import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import type { S3Client } from '@aws-sdk/client-s3';
import * as vscode from 'vscode';
import type { SyncStateSnapshot } from '../../src/features/sync/testSeams';
import { putObjectFaults } from '../shared/faultMixes';
import {
  bindFreshFolder, faults, objectText, objectVersion, otherClient, putObject, saveText, setSyncSetting, syncState, unbind, waitForEvent, waitIdle,
} from './syncHelpers';
import { waitFor } from './waitFor';

const md5 = (s: string) => createHash('md5').update(s).digest('hex');

/**
 * Upload on save inside the real extension host against the sandbox's S3 (moto behind the
 * fault-injecting front): a folder under the workspace's dags/ is bound to sandbox-af2, whose
 * DAGs prefix is `dags/`, so `<folder>/<run>/x.py` lands at `dags/<run>/x.py`.
 */
describe('DAG sync: upload on save', function () {
  this.timeout(180_000);
  let folder: vscode.Uri;
  let s3: S3Client;
  const run = `run${Date.now().toString(36)}`;
  const file = (rel: string) => vscode.Uri.file(path.join(folder.fsPath, run, rel));
  const key = (rel: string) => `dags/${run}/${rel}`;

  before(async function () {
    if (!process.env.MWAA_SANDBOX_FAULTS_URL) this.skip(); // only under the sandbox-backed host runner
    await setSyncSetting('trackVisibility', false); // these files need no Airflow; syncVisibility.test.ts does
    folder = await bindFreshFolder('sync-host');
    s3 = otherClient();
  });
  afterEach(async () => {
    await faults(undefined);
  });
  after(async () => {
    s3?.destroy();
    await setSyncSetting('trackVisibility', undefined);
    await setSyncSetting('exclude', undefined);
    if (folder) await unbind(folder);
  });

  it('save -> object at the mapped key with the saved content; the status bar and badge follow', async () => {
    const text = 'x = 1\n';
    const t0 = await saveText(file('team/a.py'), text);
    const uploaded = await waitForEvent('uploaded', key('team/a.py'), t0);
    assert.equal(uploaded.etag, md5(text));
    assert.equal(await objectText(s3, key('team/a.py')), text);
    assert.equal((await syncState(file('team/a.py'))).decoration, 'synced');
    // Edited but not saved: modified since upload.
    const doc = await vscode.workspace.openTextDocument(file('team/a.py'));
    const edit = new vscode.WorkspaceEdit();
    edit.insert(doc.uri, new vscode.Position(0, 0), '# edit\n');
    await vscode.workspace.applyEdit(edit);
    assert.equal((await syncState(file('team/a.py'))).decoration, 'modified');
    await saveText(file('team/a.py'), text); // back to what S3 has
  });

  it('an unchanged save uploads nothing (same S3 version, "unchanged" recorded)', async () => {
    const text = 'y = 2\n';
    const t0 = await saveText(file('b.py'), text);
    await waitForEvent('uploaded', key('b.py'), t0);
    const version = await objectVersion(s3, key('b.py'));
    const t1 = await saveText(file('b.py'), text);
    await waitForEvent('unchanged', key('b.py'), t1);
    assert.equal(await objectVersion(s3, key('b.py')), version, 'no new object version');
    assert.equal((await syncState()).history.filter((h) => h.type === 'uploaded' && h.key === key('b.py')).length, 1);
  });

  for (const kind of ['serverError', 'throttle', 'drop'] as const) {
    it(`${kind} on PutObject beyond the SDK's own retries -> the queue retries, the save is not lost`, async () => {
      // 5 faults: the SDK's 3 attempts fail, then the queue backs off and tries again.
      await faults({ rules: [{ kind, service: 's3', operation: 'PutObject', count: 5 }] });
      const text = `fault = "${kind}"\n`;
      const t0 = await saveText(file(`fault_${kind}.py`), text);
      const retried = await waitForEvent('failed', key(`fault_${kind}.py`), t0);
      assert.ok(retried, 'a failed attempt was recorded');
      assert.equal((await syncState()).history.some((h) => h.type === 'uploaded' && h.key === key(`fault_${kind}.py`) && h.at > t0), false, 'not reported uploaded before it is');
      await waitForEvent('uploaded', key(`fault_${kind}.py`), t0, 60_000);
      assert.equal(await objectText(s3, key(`fault_${kind}.py`)), text);
    });
  }

  it('expired credentials pause the uploads (waiting, not failed, not reported uploaded); Retry Uploads resumes them', async () => {
    await faults({ rules: [{ kind: 'expiredToken', service: 's3', operation: 'PutObject', count: 1 }] });
    const text = 'expired = 1\n';
    const t0 = await saveText(file('expired.py'), text);
    const paused = await waitForEvent('paused', undefined, t0);
    assert.match(paused.message!, /expired|credentials/i);
    const s = await syncState();
    assert.match(s.statusBar ?? '', /1 file waiting for credentials/);
    assert.equal(s.history.some((h) => h.type === 'uploaded' && h.key === key('expired.py') && h.at > t0), false);
    assert.equal(await objectText(s3, key('expired.py')), undefined);
    const t1 = performance.now();
    await vscode.commands.executeCommand('mwaa.retryUploads'); // after signing in again
    await waitForEvent('uploaded', key('expired.py'), t1);
    assert.equal(await objectText(s3, key('expired.py')), text);
  });

  it('1,000 saves with 10% injected failures (5xx, throttling, dropped connections): every object ends correct', async function () {
    this.timeout(300_000);
    await faults({ seed: 7, rules: [...putObjectFaults(), { kind: 'serverError', service: 's3', operation: 'HeadObject', probability: 0.05 }] });
    const n = 1000;
    const started = Date.now();
    const texts = new Map<string, string>();
    for (let i = 0; i < n; i++) {
      const rel = `load/f${String(i).padStart(4, '0')}.py`;
      const text = `value = ${i}  # ${started}\n`;
      texts.set(key(rel), text);
      await saveText(file(rel), text);
    }
    // Every save ends in an "uploaded" (or, if S3 already had the bytes after a dropped reply, "unchanged").
    const done = (s: SyncStateSnapshot) => new Set(s.history.filter((h) => (h.type === 'uploaded' || h.type === 'unchanged') && h.key?.startsWith(key('load/'))).map((h) => h.key));
    await waitFor('every save to be uploaded', async () => done(await syncState()).size === n || undefined, 240_000, 200).catch(async (err: Error) => {
      const s = await syncState();
      const missing = [...texts.keys()].filter((k) => !done(s).has(k)).slice(0, 3);
      throw new Error(`${err.message}: missing ${missing.join(', ')}; their events: ${JSON.stringify(s.history.filter((h) => missing.includes(h.key ?? '')))}; counts ${JSON.stringify(s.counts)}`);
    });
    await waitIdle(60_000);
    const s = await syncState();
    assert.equal(s.counts.failed, 0, JSON.stringify(s.pending.slice(0, 3)));
    // The faults really fired (about 10% of the PutObject attempts); the SDK's retries absorbed most, the queue the rest.
    const fired = ((await (await fetch(process.env.MWAA_SANDBOX_FAULTS_URL!)).json()) as { rules: Array<{ operation: string; fired: number }> }).rules
      .filter((r) => r.operation === 'PutObject').reduce((n, r) => n + r.fired, 0);
    assert.ok(fired >= 50, `only ${fired} PutObject faults fired`);
    await faults(undefined);
    // Every object, read back by another client: the saved bytes.
    const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
    const etags = new Map<string, string>();
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: 'airflow-sandbox-af2', Prefix: key('load/'), ContinuationToken: token }));
      for (const o of page.Contents ?? []) etags.set(o.Key!, o.ETag!.replace(/"/g, ''));
      token = page.NextContinuationToken;
    } while (token);
    assert.equal(etags.size, n);
    for (const [k, text] of texts) assert.equal(etags.get(k), md5(text), k);
  });

  it('a remote edit by another client is never silently overwritten: conflict surfaced, object unchanged; then overwrite or pull', async () => {
    const t0 = await saveText(file('shared.py'), 'v = "mine 1"\n');
    await waitForEvent('uploaded', key('shared.py'), t0);
    await putObject(s3, key('shared.py'), 'v = "theirs"\n');
    const t1 = await saveText(file('shared.py'), 'v = "mine 2"\n');
    const conflict = await waitForEvent('conflict', key('shared.py'), t1);
    assert.match(conflict.message!, /changed in S3 by someone else since your last upload/);
    assert.equal(await objectText(s3, key('shared.py')), 'v = "theirs"\n');
    const s = await syncState(file('shared.py'));
    assert.match(s.statusBar ?? '', /1 file in conflict/);
    assert.equal(s.decoration, 'conflict');
    assert.equal(s.history.some((h) => h.type === 'uploaded' && h.key === key('shared.py') && h.at > t1), false);

    // Compare: the S3 side opens as a read-only mwaa-s3 document holding their content.
    await vscode.commands.executeCommand('mwaa.compareWithS3', file('shared.py'));
    const remoteDoc = await waitFor('the S3 side of the diff', async () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'mwaa-s3' && d.uri.path.endsWith(key('shared.py'))));
    assert.equal(remoteDoc.getText(), 'v = "theirs"\n');

    // Overwrite: the user chose; now the local bytes go up.
    const t2 = performance.now();
    await vscode.commands.executeCommand('mwaa.overwriteS3Object', file('shared.py'));
    await waitForEvent('uploaded', key('shared.py'), t2);
    assert.equal(await objectText(s3, key('shared.py')), 'v = "mine 2"\n');

    // Another remote edit, and this time pull: the local file becomes theirs, nothing uploads.
    await putObject(s3, key('shared.py'), 'v = "theirs 2"\n');
    const t3 = await saveText(file('shared.py'), 'v = "mine 3"\n');
    await waitForEvent('conflict', key('shared.py'), t3);
    await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'sync.replaceLocal': 'Replace' }); // the modal "Replace … with the version in S3?"
    await vscode.commands.executeCommand('mwaa.pullFromS3', file('shared.py'));
    assert.equal(fs.readFileSync(file('shared.py').fsPath, 'utf8'), 'v = "theirs 2"\n');
    const after = await waitFor('the conflict to clear', async () => {
      const st = await syncState(file('shared.py'));
      return st.counts.conflicts === 0 ? st : undefined;
    });
    assert.equal(after.decoration, 'synced');
    assert.equal(await objectText(s3, key('shared.py')), 'v = "theirs 2"\n');
  });

  it('files that must not go up are refused with the reason: excluded, never-upload, rollout, a link leaving the folder; files outside the bound folder are left alone', async () => {
    await setSyncSetting('exclude', ['scratch/']);
    const cases: Array<[string, RegExp]> = [
      ['scratch/tmp.py', /matches the `mwaa\.sync\.exclude` setting/],
      ['.env', /never uploaded: environment files hold secrets/],
      ['requirements.txt', /not uploaded on save: the requirements file is installed by an environment update/],
    ];
    const outside = vscode.Uri.file(path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, `outside_${run}.py`));
    fs.writeFileSync(outside.fsPath, 'secret = 1\n');
    fs.mkdirSync(path.join(folder.fsPath, run), { recursive: true });
    fs.symlinkSync(outside.fsPath, file('link.py').fsPath);
    cases.push(['link.py', /is a link to .* outside the bound DAG folder/]);
    for (const [rel, reason] of cases) {
      const t0 = await saveText(file(rel), rel === 'link.py' ? 'secret = 2\n' : 'z = 3\n');
      const skipped = await waitFor(`the reason for ${rel}`, async () => (await syncState()).history.find((h) => h.type === 'skipped' && h.at >= t0 && h.file === file(rel).fsPath));
      assert.match(skipped.message!, reason);
      assert.equal(await objectText(s3, key(rel)), undefined, `${rel} is not in S3`);
    }
    const t1 = await saveText(outside, 'secret = 3\n');
    await new Promise((r) => setTimeout(r, 300));
    assert.equal((await syncState()).history.some((h) => h.at >= t1), false, 'a file outside every bound folder is not even looked at');
    assert.equal(await objectText(s3, `dags/outside_${run}.py`), undefined);
  });
});
