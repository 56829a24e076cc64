import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import * as vscode from 'vscode';
import type { RuntimeDescription } from '../../src/services/localRuntime/runtimeApi';
import type { FolderParseSummary, LocalRuntimeState, UpgradeTestResult } from '../../src/features/localRuntime/testSeams';
import { restoreTopRequirements, setTopRequirementsAside } from './localRunSuite';
import { bindFreshFolder, deletePrefix, objectText, otherClient, saveText, setSyncSetting, unbind, waitForEvent } from './syncHelpers';
import { waitFor } from './waitFor';

/**
 * The parse gate on save and Parse DAGs Locally, in the real extension host against the sandbox:
 * a folder under the workspace's dags/ bound to sandbox-af2, whose Airflow (GetEnvironment) is the
 * sandbox's own runtime. MWAA_TOOLKIT_RUNTIMES points the extension at the sandbox's runtimes, so
 * nothing is built here (a build would ask first: `runtime.build` is answered Build in case).
 */
const localState = () => vscode.commands.executeCommand<LocalRuntimeState>('_mwaa.localRuntimeState');
const local = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'MWAA local');

const GOOD = (dagId: string) => [
  'import pendulum',
  'from airflow import DAG',
  'from airflow.operators.empty import EmptyOperator',
  '',
  `with DAG("${dagId}", start_date=pendulum.datetime(2024, 1, 1), schedule=None):`,
  '    EmptyOperator(task_id="a") >> EmptyOperator(task_id="b")',
  '',
].join('\n');
// Line 4 (1-based) names a module no environment has.
const BROKEN = (dagId: string) => GOOD(dagId).replace('\n\nwith', '\nimport nosuchmodule_for_mwaa_tests\nwith');

describe('local runtime: parse gate on save', function () {
  this.timeout(600_000);
  let folder: vscode.Uri;
  let s3: S3Client;
  let movedAside: string | undefined;
  const run = `lr${Date.now().toString(36)}`;
  const file = (rel: string) => vscode.Uri.file(path.join(folder.fsPath, run, rel));
  const key = (rel: string) => `dags/${run}/${rel}`;

  before(async function () {
    // Only under the sandbox-backed host runner, with the sandbox's runtimes to reuse.
    if (!process.env.MWAA_SANDBOX_FAULTS_URL || !process.env.MWAA_TOOLKIT_RUNTIMES) this.skip();
    // A requirements.txt at the workspace's top (activation.test.ts writes one) would be this
    // folder's: its runtime would differ from the sandbox's. Put aside for these tests.
    movedAside = setTopRequirementsAside('local-runtime');
    await setSyncSetting('trackVisibility', false);
    folder = await bindFreshFolder('local-runtime');
    s3 = otherClient();
    await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'runtime.build': 'Build' });
  });
  after(async () => {
    // The broken and healthy DAGs of this suite leave the environment (later suites list its DAGs).
    if (s3) await deletePrefix(s3, `dags/${run}/`);
    s3?.destroy();
    await setSyncSetting('parseBeforeUpload', undefined);
    await setSyncSetting('trackVisibility', undefined);
    await vscode.commands.executeCommand('_mwaa.resetPrompts');
    if (folder) await unbind(folder);
    restoreTopRequirements(movedAside, 'local-runtime');
  });

  it('block: an import error stops the upload, with a Problems entry at its line; fixed, it is cleared and uploaded', async () => {
    await setSyncSetting('parseBeforeUpload', 'block');
    const uri = file('gate_block.py');
    const t0 = await saveText(uri, BROKEN('gate_block'));
    const blocked = await waitForEvent('blocked', undefined, t0, 300_000);
    assert.equal(blocked.file, uri.fsPath);
    assert.match(blocked.message ?? '', /gate_block\.py was not uploaded: Airflow reports .*gate_block\.py:4: ModuleNotFoundError: No module named 'nosuchmodule_for_mwaa_tests'/);
    const problems = local(uri);
    assert.equal(problems.length, 1, JSON.stringify(problems));
    assert.equal(problems[0]!.range.start.line, 3);
    assert.equal(problems[0]!.severity, vscode.DiagnosticSeverity.Error);
    assert.match(problems[0]!.message, /No module named 'nosuchmodule_for_mwaa_tests'/);
    assert.equal(await objectText(s3, key('gate_block.py')), undefined, 'not in S3');
    const asked = await vscode.commands.executeCommand<Array<{ id: string; message: string }>>('_mwaa.resetPrompts');
    assert.ok(asked.some((a) => a.id === 'runtime.uploadAnyway' && /was not uploaded/.test(a.message)), JSON.stringify(asked));

    const fixed = GOOD('gate_block');
    const t1 = await saveText(uri, fixed);
    await waitForEvent('uploaded', key('gate_block.py'), t1, 120_000);
    assert.equal(await objectText(s3, key('gate_block.py')), fixed);
    assert.deepEqual(local(uri), [], 'Problems cleared once the file parses clean');
    const state = await localState();
    const last = state.parses.filter((p) => p.file === uri.fsPath).at(-1)!;
    assert.deepEqual(last.dags, ['gate_block']);
    assert.deepEqual(last.errors, []);
    assert.match(state.statusBar, /^\$\(pass\) parsed in \d+(\.\d)? s$/);
  });

  it('block: Upload Anyway uploads the file as it is', async () => {
    await setSyncSetting('parseBeforeUpload', 'block');
    await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'runtime.uploadAnyway': 'Upload Anyway' });
    const uri = file('anyway.py');
    const text = BROKEN('anyway');
    const t0 = await saveText(uri, text);
    await waitForEvent('blocked', undefined, t0, 120_000);
    await waitForEvent('uploaded', key('anyway.py'), t0, 60_000);
    assert.equal(await objectText(s3, key('anyway.py')), text);
    assert.equal(local(uri).length, 1);
  });

  it('warn: uploaded at once, and the Problems entry follows; an error in a helper module goes on the helper', async () => {
    await setSyncSetting('parseBeforeUpload', 'warn');
    const helper = file('team_helpers.py');
    fs.mkdirSync(path.dirname(helper.fsPath), { recursive: true });
    fs.writeFileSync(helper.fsPath, 'x = 1\nraise RuntimeError("helper broke at import")\n');
    const uri = file('warn_dag.py');
    const text = GOOD('warn_dag').replace('import pendulum', `import pendulum\nimport ${run}.team_helpers`);
    fs.writeFileSync(path.join(folder.fsPath, run, '__init__.py'), '');
    const t0 = await saveText(uri, text);
    await waitForEvent('uploaded', key('warn_dag.py'), t0, 60_000);
    const onHelper = await waitFor('the helper module\'s Problems entry', async () => (local(helper).length ? local(helper) : undefined), 120_000, 200);
    assert.equal(onHelper[0]!.range.start.line, 1);
    assert.match(onHelper[0]!.message, /RuntimeError: helper broke at import/);
    const state = await localState();
    assert.ok(state.decisions.some((d) => d.file === uri.fsPath && d.mode === 'warn' && d.upload), JSON.stringify(state.decisions));
  });

  it('a file Airflow would not parse (no "airflow"/"dag" in it) is uploaded without a parse', async () => {
    await setSyncSetting('parseBeforeUpload', 'block');
    const before = (await localState()).parses.length;
    const t0 = await saveText(file('plain_helper.py'), 'VALUE = 1\n');
    await waitForEvent('uploaded', key('plain_helper.py'), t0, 60_000);
    assert.equal((await localState()).parses.length, before);
  });

  it('Parse DAGs Locally: every DAG with its file and time, every import error, in Problems and the summary', async () => {
    const dir = path.join(folder.fsPath, `${run}-folder`);
    fs.mkdirSync(path.join(dir, 'nested'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'one.py'), GOOD('folder_one'));
    fs.writeFileSync(path.join(dir, 'nested', 'two.py'), GOOD('folder_two'));
    fs.writeFileSync(path.join(dir, 'bad.py'), BROKEN('folder_bad'));
    fs.writeFileSync(path.join(dir, 'ignored.py'), GOOD('folder_ignored'));
    fs.writeFileSync(path.join(dir, '.airflowignore'), 'ignored\\.py\n');
    const summary = await vscode.commands.executeCommand<FolderParseSummary>('mwaa.parseDagsLocally', vscode.Uri.file(dir), { show: false });
    assert.ok(summary, 'the command returned its summary');
    assert.equal(summary.files, 3);
    assert.deepEqual(summary.dags.map((d) => d.dagId).sort(), ['folder_one', 'folder_two']);
    assert.deepEqual(summary.errors.map((e) => [path.basename(e.file), e.line, e.kind]), [['bad.py', 4, 'import']]);
    for (const id of ['folder_one', 'folder_two']) assert.match(summary.summary, new RegExp(`\\| ${id} \\| [^|]+\\.py:\\d+ \\| 2 \\| \\d+(\\.\\d)? s \\|`));
    assert.match(summary.summary, /\*\*bad\.py:4\*\* \(import\): ModuleNotFoundError/);
    assert.equal(local(vscode.Uri.file(path.join(dir, 'bad.py'))).length, 1);
  });

  it('Show Local Runtime names the bound environment\'s runtime; Build Local Runtime finds it built', async () => {
    const shown = await vscode.commands.executeCommand<RuntimeDescription>('mwaa.showLocalRuntime', folder, { open: false });
    assert.equal(shown.built, true);
    assert.equal(shown.target.versionSource, 'environment');
    assert.equal(shown.root, process.env.MWAA_TOOLKIT_RUNTIMES);
    assert.ok(shown.dir.startsWith(shown.root) && shown.dir.includes(shown.key.slice(0, 16)), shown.dir);
    assert.equal(shown.worker, 'warm', 'the parses above started a worker');
    assert.ok((shown.sizeMb ?? 0) > 100, `size ${shown.sizeMb} MB`);
    const built = await vscode.commands.executeCommand<{ built: boolean; airflowVersion: string }>('mwaa.buildLocalRuntime', folder);
    assert.equal(built.built, false, 'nothing was built');
    assert.equal(built.airflowVersion, shown.target.airflowVersion);
  });

  it('Test an Airflow Upgrade: one report with the import errors the newer Airflow causes', async function () {
    const runtimes = fs.readdirSync(process.env.MWAA_TOOLKIT_RUNTIMES!).filter((d) => d.startsWith('airflow-3.'));
    // The host runner builds the sandbox's Airflow 3 runtime before the suite (nothing is built here).
    assert.ok(runtimes.length > 0, `no Airflow 3 runtime in ${process.env.MWAA_TOOLKIT_RUNTIMES}`);
    const to = runtimes[0]!.split('-')[1]!;
    const dir = path.join(folder.fsPath, `${run}-upgrade`);
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'fine.py'), GOOD('upgrade_fine'));
    fs.writeFileSync(path.join(dir, 'legacy.py'), GOOD('upgrade_legacy').replace('from airflow.operators.empty import EmptyOperator', 'from airflow.operators.dummy import DummyOperator as EmptyOperator'));
    const result = await vscode.commands.executeCommand<UpgradeTestResult>('mwaa.testAirflowUpgrade', { folder: dir, to, open: false });
    assert.ok(result, 'the upgrade test ran');
    assert.equal(result.to, to);
    assert.equal(result.newImportErrors, 1);
    const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    assert.equal(result.reportFile, path.join(root, '.mwaa', `upgrade-${result.from}-to-${to}.md`));
    const report = fs.readFileSync(result.reportFile, 'utf8');
    assert.match(report, new RegExp(`# Upgrade test: Airflow ${result.from.replace(/\./g, '\\.')} → ${to.replace(/\./g, '\\.')}`));
    assert.match(report, /## Import errors the upgrade causes \(1\)\n\n- \*\*legacy\.py:3\*\* \(import\): ModuleNotFoundError: No module named 'airflow\.operators\.dummy'/);
    assert.doesNotMatch(report, /fine\.py/);
  });
});


describe('local runtime: a build that fails', function () {
  this.timeout(600_000);
  let folder: vscode.Uri;

  before(async function () {
    if (!process.env.MWAA_SANDBOX_FAULTS_URL || !process.env.MWAA_TOOLKIT_RUNTIMES) this.skip();
    await setSyncSetting('trackVisibility', false);
    folder = await bindFreshFolder('local-runtime-broken');
  });
  after(async () => {
    await setSyncSetting('parseBeforeUpload', undefined);
    await setSyncSetting('trackVisibility', undefined);
    await vscode.commands.executeCommand('_mwaa.resetPrompts');
    if (folder) await unbind(folder);
    const s3 = otherClient();
    await deletePrefix(s3, 'dags/lr_after_failed_build.py').finally(() => s3.destroy());
  });

  it('names the requirements line and why (notification, and a Problems entry on the line); the save is uploaded anyway', async () => {
    await setSyncSetting('parseBeforeUpload', 'block');
    const requirements = vscode.Uri.file(path.join(folder.fsPath, 'requirements.txt'));
    fs.writeFileSync(requirements.fsPath, `# extra packages\nrequests\nno-such-package-for-mwaa-tests-${Date.now().toString(36)}==1.0\n`);
    await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'runtime.build': 'Build' });
    const uri = vscode.Uri.file(path.join(folder.fsPath, 'lr_after_failed_build.py'));
    const t0 = await saveText(uri, GOOD('lr_after_failed_build'));
    // A gate that cannot parse never stops an upload.
    await waitForEvent('uploaded', 'dags/lr_after_failed_build.py', t0, 300_000);
    const asked = await vscode.commands.executeCommand<Array<{ id: string; message: string; answered: boolean }>>('_mwaa.resetPrompts');
    assert.ok(asked.some((a) => a.id === 'runtime.build' && a.answered && /^Build the local Airflow \d+\.\d+\.\d+ runtime \(Python 3\.\d+, about \d+ MB, a few minutes\)\?$/.test(a.message)), JSON.stringify(asked));
    const state = await localState();
    const error = state.notifications.find((n) => n.level === 'error');
    assert.match(error?.message ?? '', /could not be built: .*requirements\.txt:3: .*no-such-package-for-mwaa-tests/, JSON.stringify(state.notifications));
    const onLine = vscode.languages.getDiagnostics(requirements).filter((d) => d.source === 'MWAA local');
    assert.equal(onLine.length, 1, JSON.stringify(onLine));
    assert.equal(onLine[0]!.range.start.line, 2);
    assert.deepEqual(local(uri), [], 'nothing was parsed');
  });
});
