import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import * as vscode from 'vscode';
import { createRolloutPart } from '../../src/features/rollouts/rolloutCommands';
import type { RolloutState, RolloutSummary } from '../../src/features/rollouts/testSeams';
import { COMMANDS } from '../../src/host/commandIds';
import { activateExtension } from './extension';
import { untrustedServices } from './untrustedServices';
import { waitFor } from './waitFor';

// Dependency rollouts in the real extension host against the sandbox MWAA: the upload, the
// UpdateEnvironment call, the real pip resolution behind it, the live install-log tail and the
// follow to AVAILABLE or UPDATE_FAILED. The confirmation modal is answered through the prompt seam.
const PROFILE = process.env.AWS_PROFILE ?? 'mwaa-sandbox';
const REGION = process.env.AWS_REGION ?? 'us-east-1';
const key = (name: string) => JSON.stringify([PROFILE, REGION, name]);
// The constraints URL MWAA's docs give for the sandbox's Airflow 2 (2.11.2, Python 3.12).
const CONSTRAINT = '--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-2.11.2/constraints-3.12.txt"';

const state = () => vscode.commands.executeCommand<RolloutState>('_mwaa.rolloutState');
/** Answers the next rollout confirmation with its button: 'Roll Out', or 'Roll Out Anyway' when the check found errors. */
const confirmNext = (button: 'Roll Out' | 'Roll Out Anyway') => vscode.commands.executeCommand('_mwaa.answerPrompts', { 'rollouts.confirm': button });
const explorerState = () => vscode.commands.executeCommand<{ polling: string[]; notifications: string[]; environments: { name: string; status: string }[] }>('_mwaa.environmentsState');

/** The sandbox environment's bucket, as MWAA reports it for sandbox-af2. */
const BUCKET = 'airflow-sandbox-af2';

/** An S3 client of its own on the sandbox: what is in the bucket, whatever the extension believes. */
function independentS3(): S3Client {
  return new S3Client({
    region: REGION, endpoint: process.env.AWS_ENDPOINT_URL_S3, forcePathStyle: true, disableHostPrefix: true,
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
  });
}

/** Every version S3 holds of one key (newest first, as S3 lists them) and which one is the latest. */
async function versionsOf(s3: S3Client, key: string): Promise<{ latest?: string; ids: string[] }> {
  const ids: string[] = [];
  let latest: string | undefined;
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  for (let page = 0; page < 50; page++) {
    const out = await s3.send(new ListObjectVersionsCommand({ Bucket: BUCKET, Prefix: key, KeyMarker: keyMarker, VersionIdMarker: versionIdMarker }));
    for (const v of out.Versions ?? []) {
      if (v.Key !== key) continue;
      ids.push(v.VersionId!);
      if (v.IsLatest) latest = v.VersionId;
    }
    if (!out.IsTruncated) break;
    keyMarker = out.NextKeyMarker;
    versionIdMarker = out.NextVersionIdMarker;
  }
  return { ...(latest ? { latest } : {}), ids };
}

function workspaceFile(rel: string, text: string): vscode.Uri {
  const file = path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, rel);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  return vscode.Uri.file(file);
}

describe('dependency rollouts', function () {
  this.timeout(180_000);

  before(async function () {
    if (!process.env.AWS_ENDPOINT_URL_MWAA) return this.skip(); // only under the sandbox-backed host runner
    await activateExtension();
    // A visible view polls updating environments itself: the rollout must not be announced twice.
    await vscode.commands.executeCommand('mwaa.environments.focus');
  });

  it('a pin conflicting with the constraints: warned before, UPDATE_FAILED surfaced with LastUpdate.Error, pip lines in the install-log tail', async () => {
    const uri = workspaceFile('rollout-bad/requirements.txt', `${CONSTRAINT}\nrequests==2.31.0\n`);
    const opened = new Promise<vscode.Terminal>((resolve) => {
      const d = vscode.window.onDidOpenTerminal((t) => {
        d.dispose();
        resolve(t);
      });
    });
    const explorerNotices = async () => (await explorerState()).notifications.filter((n) => n.includes('sandbox-af2'));
    const noticesBefore = (await explorerNotices()).length;
    await confirmNext('Roll Out Anyway');
    const r = await vscode.commands.executeCommand<RolloutSummary>('mwaa.rolloutRequirements', uri, { environment: key('sandbox-af2') });
    assert.ok(r, `no result; errors: ${JSON.stringify((await state()).errors)}`);
    // The modal would have said what the requirements check found, and what changes.
    assert.equal(r.confirmMessage, 'Roll out requirements.txt to sandbox-af2 anyway?');
    assert.match(r.confirmDetail, /The requirements check found 1 error: line 2 REQ\d+ .*requests/);
    // Asked before the upload: the detail names what goes where, not a version that does not exist yet.
    assert.match(r.confirmDetail, /RequirementsS3ObjectVersion: .* -> the version uploaded on confirming/);
    assert.match(r.confirmDetail, /\(\d[\d,]* bytes, SHA-256 [0-9a-f]{64}\) is uploaded to s3:\/\/airflow-sandbox-af2\/requirements\.txt as a new object version/);
    assert.ok(r.version, 'no uploaded version recorded');
    assert.equal(r.key, 'requirements.txt');
    assert.equal(r.outcome, 'failed');
    assert.equal(r.status, 'UPDATE_FAILED');
    assert.equal(r.error?.code, 'INCORRECT_CONFIGURATION');
    assert.match(r.error?.message ?? '', /requests==2\.31\.0/);
    assert.match(r.message ?? '', /sandbox-af2: the requirements\.txt rollout failed .*INCORRECT_CONFIGURATION: Failed to install requirements/);
    const polledByExplorer = (await explorerState()).polling.includes(key('sandbox-af2'));
    await waitFor('the failure notification', async () => (await state()).notifications.some((n) => n === r.message));
    // The explorer saw the same update end (it polled it), and left the announcement to the rollout.
    await waitFor('the explorer to stop polling sandbox-af2', async () => !(await explorerState()).polling.includes(key('sandbox-af2')), 90_000);
    assert.equal((await explorerState()).environments.find((e) => e.name === 'sandbox-af2')?.status, 'UPDATE_FAILED');
    assert.ok(polledByExplorer, 'the explorer was not polling the update, so this proves nothing');
    assert.deepEqual((await explorerNotices()).slice(noticesBefore), []);

    // The install log opened by itself, on the Worker group's requirements_install_ streams.
    const terminal = await opened;
    assert.equal(terminal.name, 'MWAA: sandbox-af2 requirements.txt install');
    assert.equal(r.logTerminal, terminal.name);
    const log = (await state()).logs[key('sandbox-af2')]!;
    assert.equal(log.group, 'Worker');
    assert.equal(log.prefix, 'requirements_install_');
    const lines = await waitFor('pip\'s output in the tail', async () => {
      const l = (await state()).logs[key('sandbox-af2')]!.lines;
      return l.some((x) => /requests==2\.31\.0/.test(x)) && l.some((x) => /No solution found|conflict|ResolutionImpossible/i.test(x)) ? l : undefined;
    });
    assert.ok(lines.some((l) => /^── requirements_install_ip-10-0-\d+-\d+\.ec2\.internal_\d{10}\.log ──$/.test(l)), lines.join('\n'));
    assert.ok(lines.some((l) => /^Running: .*pip install --dry-run/.test(l)), lines.join('\n'));
    // Once the update is over the live session ends (billed per minute); the terminal keeps the lines.
    await waitFor('the tail to stop after the update', async () => (await state()).logs[key('sandbox-af2')]!.lines.some((l) => l === '■ The update ended (UPDATE_FAILED): tail stopped. Close this terminal when done.'), 60_000);
    assert.ok(vscode.window.terminals.includes(terminal), 'the terminal closed with the tail');
    terminal.dispose();
  });

  it('a good requirements.txt (after the failed one) ends AVAILABLE with the new version active', async () => {
    const uri = workspaceFile('rollout-good/requirements.txt', `${CONSTRAINT}\napache-airflow-providers-http\nrequests\n`);
    const before = (await state()).rollouts.length;
    await confirmNext('Roll Out');
    const r = await vscode.commands.executeCommand<RolloutSummary>('mwaa.rolloutRequirements', uri, { environment: key('sandbox-af2') });
    assert.ok(r, `no result; errors: ${JSON.stringify((await state()).errors)}`);
    assert.equal(r.confirmMessage, 'Roll out requirements.txt to sandbox-af2?');
    assert.equal(r.outcome, 'succeeded', r.message);
    assert.equal(r.status, 'AVAILABLE');
    assert.match(r.message ?? '', new RegExp(`sandbox-af2 is AVAILABLE with the new requirements\\.txt \\(version ${r.version}\\)`));
    // The explorer's state followed it too (the fresh GetEnvironment answers update the tree).
    const env = await explorerState();
    assert.equal(env.environments.find((e) => e.name === 'sandbox-af2')?.status, 'AVAILABLE');
    assert.equal((await state()).rollouts.length, before + 1);
    for (const t of vscode.window.terminals.filter((t) => t.name.startsWith('MWAA: sandbox-af2'))) t.dispose();
  });

  it('takes the environment from the folder binding when none is given', async () => {
    const uri = workspaceFile('rollout-bound/requirements.txt', `${CONSTRAINT}\nrequests\n`);
    const folder = vscode.Uri.file(path.dirname(uri.fsPath));
    await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'environments.bind': 'Bind' });
    await vscode.commands.executeCommand('mwaa.bindEnvironment', key('sandbox-af2'), folder);
    try {
      await confirmNext('Roll Out');
      const r = await vscode.commands.executeCommand<RolloutSummary>('mwaa.rolloutRequirements', uri);
      assert.ok(r, `no result; errors: ${JSON.stringify((await state()).errors)}`);
      assert.equal(r.environment, key('sandbox-af2'));
      assert.equal(r.outcome, 'succeeded', r.message);
    } finally {
      await vscode.commands.executeCommand('mwaa.unbindEnvironment', folder);
      for (const t of vscode.window.terminals.filter((t) => t.name.startsWith('MWAA: sandbox-af2'))) t.dispose();
    }
  });

  it('builds plugins.zip from the folder\'s contents and rolls it out', async () => {
    workspaceFile('rollout-plugins/plugins/__init__.py', '');
    workspaceFile('rollout-plugins/plugins/hooks/my_hook.py', 'class MyHook:\n    pass\n');
    workspaceFile('rollout-plugins/plugins/.env', 'SECRET=never-uploaded');
    const folder = vscode.Uri.file(path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'rollout-plugins', 'plugins'));
    await confirmNext('Roll Out');
    const r = await vscode.commands.executeCommand<RolloutSummary>('mwaa.rolloutPlugins', folder, { environment: key('sandbox-af2') });
    assert.ok(r, `no result; errors: ${JSON.stringify((await state()).errors)}`);
    assert.equal(r.key, 'plugins.zip');
    assert.match(r.confirmDetail, /rollout-plugins\/plugins \(2 files\)/);
    assert.match(r.confirmDetail, /PluginsS3Path: \(none\) -> plugins\.zip|PluginsS3Path: plugins\.zip \(unchanged\)/);
    assert.equal(r.outcome, 'succeeded', r.message);
    assert.equal(r.logTerminal, undefined, 'plugins write no install log');
  });

  it('refuses an environment that cannot take an update, and a plugins "folder" that is a file', async () => {
    const uri = workspaceFile('rollout-refused/requirements.txt', `${CONSTRAINT}\nrequests\n`);
    // Both are refused before the confirmation, so no answer is scripted (it would be left over).
    const r = await vscode.commands.executeCommand('mwaa.rolloutRequirements', uri, { environment: 'sandbox-synthetic-002' });
    assert.equal(r, undefined);
    const errors = (await state()).errors;
    assert.match(errors.at(-1) ?? '', /sandbox-synthetic-002 is CREATE_FAILED .*MWAA would reject an update now, so its requirements\.txt was not uploaded/);
    const notFolder = await vscode.commands.executeCommand('mwaa.rolloutPlugins', uri, { environment: key('sandbox-af2') });
    assert.equal(notFolder, undefined);
    assert.match((await state()).errors.at(-1) ?? '', /plugins\.zip is built from a folder/);
  });

  it('a startup script: AVAILABLE, and its startup_script_execution_ log opens by itself', async () => {
    const uri = workspaceFile('rollout-startup/startup.sh', '#!/bin/sh\nexport PIP_TIMEOUT=60\n');
    await confirmNext('Roll Out');
    const r = await vscode.commands.executeCommand<RolloutSummary>('mwaa.rolloutStartupScript', uri, { environment: key('sandbox-af2') });
    assert.ok(r, `no result; errors: ${JSON.stringify((await state()).errors)}`);
    assert.equal(r.key, 'startup.sh');
    assert.match(r.confirmDetail, /StartupScriptS3ObjectVersion: .* -> /);
    assert.equal(r.outcome, 'succeeded', r.message);
    assert.equal(r.logTerminal, 'MWAA: sandbox-af2 startup script install');
    const lines = await waitFor('the startup script log in the tail', async () => {
      const l = (await state()).logs[key('sandbox-af2')]!;
      return l.prefix === 'startup_script_execution_' && l.lines.some((x) => x.includes(r.version!)) && l.lines.some((x) => /bash -n: no syntax errors/.test(x)) ? l.lines : undefined;
    });
    assert.ok(lines.some((l) => /^── startup_script_execution_ip-.*\.log ──$/.test(l)), lines.join('\n'));
    for (const t of vscode.window.terminals.filter((t) => t.name.startsWith('MWAA: sandbox-af2'))) t.dispose();
  });

  it('UpdateEnvironment denied: says which permission is missing, and the environment is left as it was', async () => {
    const faults = process.env.MWAA_SANDBOX_FAULTS_URL!;
    const post = await fetch(faults, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules: [{ kind: 'accessDenied', service: 'mwaa', operation: 'UpdateEnvironment', count: 1 }] }) });
    assert.ok(post.ok);
    try {
      const uri = workspaceFile('rollout-denied/requirements.txt', `${CONSTRAINT}\nrequests\n`);
      await confirmNext('Roll Out');
      const r = await vscode.commands.executeCommand('mwaa.rolloutRequirements', uri, { environment: key('sandbox-af2') });
      assert.equal(r, undefined);
      assert.match((await state()).errors.at(-1) ?? '', /Access denied updating sandbox-af2: .*needs airflow:UpdateEnvironment.*the uploaded version is not active/);
      const last = (await state()).rollouts.at(-1)!;
      assert.equal(last.outcome, 'rejected');
      assert.equal(last.logTerminal, undefined, 'no install log for an update that never started');
    } finally {
      await fetch(faults, { method: 'DELETE' });
    }
  });

  it('asks before it uploads: dismissing the confirmation leaves every artifact\'s newest S3 version as it was; confirming uploads and activates', async () => {
    const s3 = independentS3();
    try {
      workspaceFile('rollout-dismissed/plugins/__init__.py', '');
      const rollouts = [
        { command: COMMANDS.rollouts.requirements, key: 'requirements.txt', source: workspaceFile('rollout-dismissed/requirements.txt', `${CONSTRAINT}\nrequests\n# dismissed\n`) },
        { command: COMMANDS.rollouts.plugins, key: 'plugins.zip', source: vscode.Uri.file(path.join(vscode.workspace.workspaceFolders![0]!.uri.fsPath, 'rollout-dismissed', 'plugins')) },
        { command: COMMANDS.rollouts.startupScript, key: 'startup.sh', source: workspaceFile('rollout-dismissed/startup.sh', '#!/bin/sh\nexport DISMISSED=1\n') },
      ];
      for (const { command, key: objectKey, source } of rollouts) {
        const before = await versionsOf(s3, objectKey);
        await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'rollouts.confirm': null });
        const r = await vscode.commands.executeCommand<RolloutSummary>(command, source, { environment: key('sandbox-af2') });
        assert.ok(r, `${command}: no result; errors: ${JSON.stringify((await state()).errors)}`);
        assert.equal(r.outcome, 'cancelled');
        assert.equal(r.key, objectKey);
        assert.equal(r.version, undefined, `${command}: a version was uploaded before the confirmation`);
        assert.match(r.confirmDetail, new RegExp(`SHA-256 [0-9a-f]{64}\\) is uploaded to s3://${BUCKET}/${objectKey.replace('.', '\\.')} as a new object version .*Nothing is uploaded if you cancel`));
        assert.deepEqual(await versionsOf(s3, objectKey), before, `${command}: S3 holds a new version after the confirmation was dismissed`);
      }
      // Confirmed, the same file goes up as the newest version, and that version is activated.
      const before = await versionsOf(s3, 'requirements.txt');
      await confirmNext('Roll Out');
      const r = await vscode.commands.executeCommand<RolloutSummary>(COMMANDS.rollouts.requirements, rollouts[0]!.source, { environment: key('sandbox-af2') });
      assert.ok(r, `no result; errors: ${JSON.stringify((await state()).errors)}`);
      assert.equal(r.outcome, 'succeeded', r.message);
      const after = await versionsOf(s3, 'requirements.txt');
      assert.ok(r.version && !before.ids.includes(r.version), `not a new version: ${r.version}`);
      assert.equal(after.latest, r.version);
      assert.equal(after.ids.length, before.ids.length + 1);
      assert.match(r.message ?? '', new RegExp(`sandbox-af2 is AVAILABLE with the new requirements\\.txt \\(version ${r.version}\\)`));
    } finally {
      s3.destroy();
      for (const t of vscode.window.terminals.filter((t) => t.name.startsWith('MWAA: sandbox-af2'))) t.dispose();
    }
  });

  it('in an untrusted workspace nothing is read, uploaded or called', async () => {
    // The part as the extension builds it, given services whose trust says no: every other
    // service (AWS, bindings, prompts, notifications) throws if touched before the trust check.
    const { services: untrusted, calls } = untrustedServices();
    const rollouts = createRolloutPart(untrusted);
    const uri = workspaceFile('rollout-untrusted/requirements.txt', 'requests\n');
    for (const id of Object.values(COMMANDS.rollouts)) {
      await assert.rejects(Promise.resolve(rollouts.commands[id]!(uri, { environment: key('sandbox-af2') })), /not trusted/);
    }
    assert.deepEqual(calls, ['trust', 'trust', 'trust']);
    rollouts.dispose();
  });
});
