import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, diagnosticsWhere, diagUri, setAirflowVersion, show } from './diagnosticsHelpers';
import { activateExtension } from './extension';

function find(ds: vscode.Diagnostic[], code: string, line: number): vscode.Diagnostic | undefined {
  return ds.find((d) => codeOf(d) === code && d.range.start.line === line);
}

async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range)) ?? [];
}

async function applyAction(actions: vscode.CodeAction[], title: string | RegExp): Promise<vscode.CodeAction> {
  const action = actions.find((a) => (typeof title === 'string' ? a.title === title : title.test(a.title)));
  assert.ok(action, `no code action ${String(title)} among ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.ok(action.edit, `code action ${action.title} has no edit`);
  assert.equal(await vscode.workspace.applyEdit(action.edit), true);
  return action;
}

describe('diagnostics: Python DAG files', () => {
  const legacy = diagUri('legacy_dag.py');
  before(activateExtension);
  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setAirflowVersion(undefined);
  });

  it('reports deprecated imports and arguments as warnings on Airflow 2.10, errors on 3.0', async () => {
    await setAirflowVersion('2.10.3');
    const doc = await vscode.workspace.openTextDocument(legacy);
    await vscode.window.showTextDocument(doc);
    const on2 = await diagnosticsWhere(legacy, (ds) => ds.length === 3, 'three deprecations on 2.10.3');
    const dummy = find(on2, 'MWAA201', 3)!;
    assert.ok(dummy, 'DummyOperator import not reported');
    // `from airflow.operators.dummy import DummyOperator`: the imported name, columns 36-49.
    assert.deepEqual([dummy.range.start.character, dummy.range.end.character], [36, 49]);
    assert.equal(doc.getText(dummy.range), 'DummyOperator');
    assert.equal(dummy.severity, vscode.DiagnosticSeverity.Warning);
    assert.deepEqual(dummy.tags, [vscode.DiagnosticTag.Deprecated]);
    assert.match(dummy.message, /deprecated since Airflow 2\.3/);
    const bash = find(on2, 'MWAA201', 4)!;
    assert.equal(doc.getText(bash.range), 'BashOperator');
    const schedule = find(on2, 'MWAA202', 6)!;
    assert.equal(doc.getText(schedule.range), 'schedule_interval');
    assert.equal(schedule.severity, vscode.DiagnosticSeverity.Warning);

    await setAirflowVersion('3.0.6');
    const on3 = await diagnosticsWhere(legacy, (ds) => ds.some((d) => codeOf(d) === 'AIR302'), 'Airflow 3 findings');
    const removed = find(on3, 'AIR302', 3)!;
    assert.ok(removed, `DummyOperator not reported as removed: ${JSON.stringify(on3.map(show))}`);
    assert.equal(removed.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(removed.tags, undefined, 'a removed name is an error, not a deprecation');
    assert.equal(doc.getText(removed.range), 'DummyOperator');
    assert.equal(typeof removed.code === 'object' && removed.code.target.toString(), 'https://docs.astral.sh/ruff/rules/airflow3-moved-to-provider/');
    assert.equal(find(on3, 'AIR301', 6)?.severity, vscode.DiagnosticSeverity.Error);
    const dag = find(on3, 'AIR311', 2)!;
    assert.equal(doc.getText(dag.range), 'DAG');
    assert.equal(dag.severity, vscode.DiagnosticSeverity.Warning);
    assert.deepEqual(dag.tags, [vscode.DiagnosticTag.Deprecated]);
  });

  it('updates as you type, then quick-fixes a renamed argument', async () => {
    const doc = await vscode.workspace.openTextDocument(legacy);
    const editor = await vscode.window.showTextDocument(doc);
    // Typing a second removed argument adds a finding on that line.
    const line = doc.lineAt(9);
    await editor.edit((b) => b.insert(line.range.end.translate(0, -1), ', task_concurrency=2'));
    const typed = await diagnosticsWhere(legacy, (ds) => !!find(ds, 'AIR301', 9), 'task_concurrency reported after typing');
    assert.equal(doc.getText(find(typed, 'AIR301', 9)!.range), 'task_concurrency');

    const schedule = find(typed, 'AIR301', 6)!;
    const actions = await codeActions(legacy, schedule.range);
    const rename = await applyAction(actions, 'Rename schedule_interval to schedule');
    assert.equal(rename.isPreferred, true);
    assert.equal(rename.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.match(doc.lineAt(6).text, /^with DAG\("diag_legacy", schedule="@daily", start_date=/);
    await diagnosticsWhere(legacy, (ds) => !find(ds, 'AIR301', 6), 'schedule_interval finding gone after the fix');
  });

  it('rewrites every moved import in the file at once, and replaces DummyOperator', async () => {
    const doc = await vscode.workspace.openTextDocument(legacy);
    const ds = await diagnosticsWhere(legacy, (x) => !!find(x, 'AIR302', 4), 'BashOperator finding');
    const bash = find(ds, 'AIR302', 4)!;
    await applyAction(await codeActions(legacy, bash.range), 'Rewrite all moved imports in this file');
    assert.equal(doc.lineAt(2).text, 'from airflow.sdk import DAG');
    assert.equal(doc.lineAt(4).text, 'from airflow.providers.standard.operators.bash import BashOperator');

    const dummy = find(await diagnosticsWhere(legacy, (x) => !find(x, 'AIR311', 2), 'DAG import fixed'), 'AIR302', 3)!;
    await applyAction(await codeActions(legacy, dummy.range), 'Replace with airflow.providers.standard.operators.empty.EmptyOperator');
    assert.equal(doc.lineAt(3).text, 'from airflow.providers.standard.operators.empty import EmptyOperator');
    assert.match(doc.lineAt(7).text, /first = EmptyOperator\(task_id="first"\)/);
    assert.match(doc.lineAt(8).text, /second = EmptyOperator\(task_id="second"\)/);
    const after = await diagnosticsWhere(legacy, (x) => !x.some((d) => d.severity === vscode.DiagnosticSeverity.Error && codeOf(d) === 'AIR302'), 'no removed imports left');
    assert.deepEqual(after.filter((d) => d.range.start.line < 5).map(show), []);
  });

  it('adds the provider a new import needs to requirements.txt, at the version the constraints pin', async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
    const ds = await diagnosticsWhere(legacy, (x) => !!find(x, 'AIR302', 3), 'DummyOperator finding after revert');
    const actions = await codeActions(legacy, find(ds, 'AIR302', 3)!.range);
    await applyAction(actions, 'Add apache-airflow-providers-standard==1.6.0 to diag/requirements.txt');
    const requirements = await vscode.workspace.openTextDocument(diagUri('requirements.txt'));
    assert.equal(requirements.lineAt(2).text, 'apache-airflow-providers-standard==1.6.0');
    // Listed now: the action is no longer offered.
    const again = await codeActions(legacy, find(ds, 'AIR302', 3)!.range);
    assert.ok(!again.some((a) => a.title.startsWith('Add apache-airflow-providers-standard')), JSON.stringify(again.map((a) => a.title)));
    assert.equal(await requirements.save(), true);
  });

  it('applies every obvious fix at once as source.fixAll.mwaa (for codeActionsOnSave)', async () => {
    await setAirflowVersion('3.0.6');
    const uri = diagUri('fix_all_dag.py');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await diagnosticsWhere(uri, (ds) => ds.length === 5, 'five findings');
    const whole = new vscode.Range(0, 0, doc.lineCount, 0);
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, whole, 'source.fixAll.mwaa')) ?? [];
    assert.deepEqual(actions.map((a) => a.kind?.value), ['source.fixAll.mwaa']);
    assert.equal(await vscode.workspace.applyEdit(actions[0]!.edit!), true);
    assert.equal(
      doc.getText(),
      [
        'from airflow.sdk import DAG',
        'from airflow.providers.standard.operators.bash import BashOperator',
        '',
        'first = DAG("diag_fix_all_a", schedule=None)',
        'second = DAG("diag_fix_all_b", schedule="@daily")',
        'BashOperator(task_id="t", bash_command="echo {{ execution_date }}", dag=first)',
        '',
      ].join('\n'),
    );
    // What has no mechanical fix stays: the removed context key in the template.
    const left = await diagnosticsWhere(uri, (ds) => ds.length === 1, 'one finding left');
    assert.equal(doc.getText(left[0]!.range), 'execution_date');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
