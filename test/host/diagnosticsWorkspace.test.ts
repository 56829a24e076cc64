import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { codeOf, diagnosticsWhere, diagUri, folder, setAirflowVersion, withAirflowVersion } from './diagnosticsHelpers';
import { activateExtension } from './extension';
import { bindFreshFolder, envKey, unbind } from './syncHelpers';

describe('diagnostics: requirements.txt', () => {
  const requirements = diagUri('requirements.txt');
  withAirflowVersion('3.0.6');

  it('flags a pin the constraints exclude, and updates as the file is edited', async () => {
    const doc = await vscode.workspace.openTextDocument(requirements);
    const editor = await vscode.window.showTextDocument(doc);
    // Earlier suites may have appended a provider line; only the boto3 pin matters here.
    const ds = await diagnosticsWhere(requirements, (x) => x.some((d) => codeOf(d) === 'REQ003'), 'REQ003 on the boto3 pin');
    const boto = ds.find((d) => codeOf(d) === 'REQ003')!;
    assert.equal(boto.range.start.line, 1);
    assert.equal(doc.getText(boto.range), 'boto3==1.0.0');
    assert.equal(boto.severity, vscode.DiagnosticSeverity.Error);
    assert.match(boto.message, /excludes the constrained version 1\.39\.11/);
    assert.equal(typeof boto.code === 'object' && boto.code.target.authority, 'docs.aws.amazon.com');

    // An unpinned package typed at the end: a warning appears on it.
    await editor.edit((b) => b.insert(doc.lineAt(doc.lineCount - 1).range.end, '\nsome-unlisted-package\n'));
    const typed = await diagnosticsWhere(requirements, (x) => x.some((d) => codeOf(d) === 'REQ006'), 'REQ006 after typing');
    const unpinned = typed.find((d) => codeOf(d) === 'REQ006')!;
    assert.equal(doc.getText(unpinned.range), 'some-unlisted-package');
    assert.equal(unpinned.severity, vscode.DiagnosticSeverity.Warning);

    // The quick fix aligns the pin with the constraints; its error goes away.
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', requirements, boto.range)) ?? [];
    const align = actions.find((a) => a.title === 'Use boto3==1.39.11');
    assert.ok(align?.edit, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(align.isPreferred, true);
    assert.equal(await vscode.workspace.applyEdit(align.edit), true);
    assert.equal(doc.lineAt(1).text, 'boto3==1.39.11');
    await diagnosticsWhere(requirements, (x) => !x.some((d) => codeOf(d) === 'REQ003'), 'REQ003 gone after the fix');
  });

  it('reports a constraints URL for another Airflow when the target changes, and corrects it', async () => {
    const doc = await vscode.workspace.openTextDocument(requirements);
    await setAirflowVersion('2.10');
    const ds = await diagnosticsWhere(requirements, (x) => x.some((d) => codeOf(d) === 'REQ002'), 'REQ002 for 2.10');
    const wrong = ds.find((d) => codeOf(d) === 'REQ002')!;
    // "2.10" resolves to the newest 2.10.x MWAA offers.
    assert.match(wrong.message, /environment runs Airflow 2\.10\.3 on Python 3\.11/);
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', requirements, wrong.range)) ?? [];
    const fix = actions.find((a) => a.title.startsWith('Use https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/'));
    assert.ok(fix?.edit, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
    assert.equal(doc.lineAt(0).text, '--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt"');
    await diagnosticsWhere(requirements, (x) => !x.some((d) => codeOf(d) === 'REQ002'), 'REQ002 gone');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('a requirements.txt beside a bound dags/ (the bucket\'s layout) is checked against that environment', async function () {
    if (!process.env.MWAA_SANDBOX_FAULTS_URL) this.skip(); // binding needs the sandbox
    await setAirflowVersion('3.0.6'); // the test before moved it to 2.10
    const project = path.join(folder(), 'dags', 'beside-bound');
    fs.rmSync(project, { recursive: true, force: true });
    fs.mkdirSync(path.join(project, 'dags'), { recursive: true });
    const req = vscode.Uri.file(path.join(project, 'requirements.txt'));
    fs.writeFileSync(req.fsPath, '--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-3.0.6/constraints-3.12.txt"\n');
    const dags = vscode.Uri.file(path.join(project, 'dags'));
    await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'environments.bind': 'Bind' });
    assert.equal(await vscode.commands.executeCommand<string>('mwaa.bindEnvironment', envKey('sandbox-af2'), dags), envKey('sandbox-af2'));
    try {
      await vscode.workspace.openTextDocument(req);
      // The setting says 3.0.6 (this file's constraints); dags/ beside it is bound to sandbox-af2 (2.11.2).
      const ds = await diagnosticsWhere(req, (x) => x.some((d) => codeOf(d) === 'REQ002'), 'REQ002 from the binding beside');
      assert.match(ds.find((d) => codeOf(d) === 'REQ002')!.message, /environment runs Airflow 2\.11\.2/);
    } finally {
      await unbind(dags);
    }
    await diagnosticsWhere(req, (x) => !x.some((d) => codeOf(d) === 'REQ002'), 'back to the setting once unbound');
    fs.rmSync(project, { recursive: true, force: true });
  });
});

describe('diagnostics: duplicate dag_ids across the workspace', () => {
  const a = diagUri('dup_a.py');
  const b = diagUri('dup_b.py');
  const c = diagUri('dup_c.py');
  before(activateExtension);
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('reports the same dag_id in two files, and follows files created and deleted on disk', async () => {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(a));
    const ds = await diagnosticsWhere(a, (x) => x.some((d) => codeOf(d) === 'MWAA002'), 'MWAA002 on dup_a.py');
    const dup = ds.find((d) => codeOf(d) === 'MWAA002')!;
    assert.equal(dup.range.start.line, 4);
    assert.match(dup.message, /dag_id "diag_duplicate" is also defined at diag\/dup_b\.py:5/);
    assert.equal(dup.severity, vscode.DiagnosticSeverity.Error);
    // The closed file gets the finding too (it is in the Problems view).
    await diagnosticsWhere(b, (x) => x.some((d) => codeOf(d) === 'MWAA002' && /diag\/dup_a\.py:5/.test(d.message)), 'MWAA002 on dup_b.py');

    fs.copyFileSync(b.fsPath, c.fsPath);
    await diagnosticsWhere(a, (x) => x.some((d) => codeOf(d) === 'MWAA002' && /dup_c\.py:5/.test(d.message)), 'dup_c.py picked up by the watcher');

    fs.rmSync(b.fsPath);
    fs.rmSync(c.fsPath);
    await diagnosticsWhere(a, (x) => !x.some((d) => codeOf(d) === 'MWAA002'), 'duplicate gone after deleting the other files');
    assert.deepEqual(vscode.languages.getDiagnostics(b).filter((d) => codeOf(d) === 'MWAA002'), []);
  });

  it('follows the open document: renaming the dag_id as you type clears the duplicate', async () => {
    fs.writeFileSync(b.fsPath, fs.readFileSync(a.fsPath, 'utf8'));
    await diagnosticsWhere(a, (x) => x.some((d) => codeOf(d) === 'MWAA002'), 'duplicate again');
    const doc = await vscode.workspace.openTextDocument(a);
    const editor = await vscode.window.showTextDocument(doc);
    const at = doc.getText().indexOf('diag_duplicate') + 'diag_duplicate'.length;
    await editor.edit((e) => e.insert(doc.positionAt(at), '_renamed'));
    await diagnosticsWhere(a, (x) => !x.some((d) => codeOf(d) === 'MWAA002'), 'no duplicate after renaming');
    await diagnosticsWhere(b, (x) => !x.some((d) => codeOf(d) === 'MWAA002'), 'no duplicate on dup_b.py either');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});

describe('diagnostics: Airflow upgrade check', () => {
  withAirflowVersion('2.10.3');

  it('lints the workspace against the chosen version and writes a Markdown report to a file', async () => {
    const out = path.join(folder(), 'upgrade-report.md');
    const result = await vscode.commands.executeCommand<{ report: vscode.Uri; files: number; findings: number }>('mwaa.checkAirflowUpgrade', { target: '3.0.6', outputPath: out });
    assert.ok(result, 'the command returned nothing (see the MWAA log)');
    assert.equal(result.report.fsPath, out);
    const report = fs.readFileSync(out, 'utf8');
    assert.match(report, /^# Airflow upgrade check: 2\.10\.3 -> 3\.0\.6\n/);
    // legacy_dag.py breaks on 3.0: removed imports and schedule_interval are errors there.
    assert.match(report, /## diag\/legacy_dag\.py\n/);
    assert.match(report, /\| 4 \| error \| AIR302 \| `airflow\.operators\.dummy\.DummyOperator` is removed in Airflow 3\.0/);
    assert.match(report, /\| 7 \| error \| AIR301 \| Argument `schedule_interval`/);
    // hello_dag.py still runs on 3.0 but uses names 3.0 deprecates: warnings only.
    const hello = /## dags\/hello_dag\.py\n([\s\S]*?)(?=\n## |$)/.exec(report)?.[1] ?? '';
    assert.match(hello, /\| 3 \| warning \| AIR311 \| `airflow\.DAG` is deprecated since Airflow 3\.0/);
    assert.doesNotMatch(hello, /\| error \|/);
    assert.ok(result.files >= 4, `only ${result.files} files checked`);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, out);
  });

  it('saves the report under .mwaa/ when no file is given (never an unsaved buffer)', async () => {
    const result = await vscode.commands.executeCommand<{ report: vscode.Uri }>('mwaa.checkAirflowUpgrade', { target: '3.2.1' });
    assert.equal(result.report.scheme, 'file');
    assert.equal(result.report.fsPath, path.join(folder(), '.mwaa', 'upgrade-check-2.10.3-to-3.2.1.md'));
    assert.match(fs.readFileSync(result.report.fsPath, 'utf8'), /^# Airflow upgrade check: 2\.10\.3 -> 3\.2\.1/);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === result.report.toString());
    assert.equal(doc?.isDirty, false);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    fs.rmSync(result.report.fsPath, { force: true });
  });

  it('starts from the bound environment\'s Airflow version, not the setting or the newest', async function () {
    if (!process.env.MWAA_SANDBOX_FAULTS_URL) this.skip(); // binding needs the sandbox
    const bound = await bindFreshFolder('upgrade-from-bound', 'sandbox-af2');
    try {
      const out = path.join(folder(), 'upgrade-bound.md');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('mwaa.checkAirflowUpgrade', { target: '3.0.6', outputPath: out });
      // sandbox-af2 runs 2.11.2; the workspace setting says 2.10.3.
      assert.match(fs.readFileSync(out, 'utf8'), /^# Airflow upgrade check: 2\.11\.2 -> 3\.0\.6\n/);
      fs.rmSync(out, { force: true });
    } finally {
      await unbind(bound);
    }
  });
});

describe('diagnostics: adding a provider to a new requirements.txt', () => {
  before(activateExtension);
  after(() => vscode.commands.executeCommand('workbench.action.closeAllEditors'));

  it('creates the file with the constraints line and the provider pin, once', async () => {
    const project = vscode.Uri.file(path.join(folder(), 'diag', 'new-project'));
    const line = 'apache-airflow-providers-standard==1.6.0';
    // What the quick fix runs when no requirements.txt exists; the scripted answer stands in for the dialog.
    await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'diagnostics.addRequirement': 'Create' });
    const created = await vscode.commands.executeCommand<vscode.Uri>('mwaa.addProviderRequirement', project, line, '3.0.6');
    assert.ok(created, 'the command created nothing (see the MWAA log)');
    assert.equal(created.fsPath, path.join(project.fsPath, 'requirements.txt'));
    const doc = await vscode.workspace.openTextDocument(created);
    assert.equal(doc.getText(), `--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-3.0.6/constraints-3.12.txt"\n${line}\n`);
    assert.equal(await doc.save(), true);
    // Asked again for a package already listed: the file stays as it is (and nothing is asked).
    await vscode.commands.executeCommand('mwaa.addProviderRequirement', project, line, '3.0.6');
    assert.equal(doc.isDirty, false);
    assert.equal(fs.readFileSync(created.fsPath, 'utf8').split(line).length, 2);
  });
});
