import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DiagnosticsState } from '../../src/features/diagnostics/testSeams';
import { codeOf, diagnosticsWhere, folder, mwaaDiagnostics, setAirflowVersion, show } from './diagnosticsHelpers';
import { activateExtension } from './extension';
import { waitFor } from './waitFor';

// A folder of its own in the test workspace, made here and removed after.
const DAG = [
  'from datetime import datetime',
  'from airflow import DAG',
  'from airflow.operators.dummy import DummyOperator',
  'from airflow.utils.dates import days_ago  # noqa: AIR301',
  '',
  'with DAG("ctl_dag", schedule_interval="@daily", start_date=datetime.now()) as dag:',
  '    DummyOperator(task_id="a", bash_command="{{ execution_date }}")',
  '    days_ago(1)',
  '',
].join('\n');
const REQUIREMENTS = [
  '--constraint https://raw.githubusercontent.com/apache/airflow/constraints-3.0.6/constraints-3.12.txt',
  'boto3==1.0.0  # noqa: REQ003',
  'requests==0.1',
  'somepkg-not-in-constraints',
  '',
].join('\n');

const dir = () => path.join(folder(), 'control');
const uri = (name: string) => vscode.Uri.file(path.join(dir(), name));
const state = () => vscode.commands.executeCommand<DiagnosticsState>('_mwaa.diagnosticsState');
const setRuffPresence = (present: boolean | undefined) => vscode.commands.executeCommand('_mwaa.diagnosticsRuffPresence', present);

/** Each diagnostic as `line code severity`, sorted. */
function sites(ds: vscode.Diagnostic[]): string[] {
  return ds.map((d) => `${d.range.start.line} ${codeOf(d)} ${vscode.DiagnosticSeverity[d.severity]}`).sort();
}

/** Merges `patch` into the workspace's .vscode/settings.json (undefined removes a key) and waits until VS Code reads it. */
async function setSettings(patch: Record<string, unknown>): Promise<void> {
  const file = path.join(folder(), '.vscode', 'settings.json');
  const current = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete current[k];
    else current[k] = v;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(current, null, 2));
  const config = () => vscode.workspace.getConfiguration();
  await waitFor('settings read', async () => Object.entries(patch).every(([k, v]) => JSON.stringify(config().get(k)) === JSON.stringify(v ?? config().inspect(k)?.defaultValue)), 20_000, 50);
}

async function sitesWhere(name: string, expected: string[], what: string): Promise<void> {
  const u = uri(name);
  await diagnosticsWhere(u, (ds) => JSON.stringify(sites(ds)) === JSON.stringify(expected), `${what}: ${expected.join(', ')}`);
}

const ALL_DAG = ['1 AIR311 Warning', '2 AIR302 Error', '5 AIR301 Error', '5 MWAA004 Warning', '6 MWAA301 Error'];
const ALL_REQUIREMENTS = ['2 REQ003 Error', '3 REQ006 Warning'];

describe('diagnostics: control (enable, rules, # noqa, the Ruff overlap)', () => {
  before(async () => {
    await activateExtension();
    fs.mkdirSync(dir(), { recursive: true });
    fs.writeFileSync(path.join(dir(), 'dag.py'), DAG);
    fs.writeFileSync(path.join(dir(), 'requirements.txt'), REQUIREMENTS);
    await setAirflowVersion('3.0.6');
  });
  after(async () => {
    await setRuffPresence(undefined);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setSettings({ 'mwaa.diagnostics.rules': undefined, 'mwaa.diagnostics.enable': undefined, 'mwaa.diagnostics.ruffOverlap': undefined, 'ruff.lint.select': undefined });
    await setAirflowVersion(undefined);
    fs.rmSync(dir(), { recursive: true, force: true });
  });

  it('honours # noqa, # noqa: CODE and # ruff: noqa in Python and requirements files, also as you type', async () => {
    const doc = await vscode.workspace.openTextDocument(uri('dag.py'));
    const editor = await vscode.window.showTextDocument(doc);
    // Line 3's days_ago import has `# noqa: AIR301`: not reported; everything else is.
    await sitesWhere('dag.py', ALL_DAG, 'the DAG file with one noqa');
    const requirements = await vscode.workspace.openTextDocument(uri('requirements.txt'));
    await vscode.window.showTextDocument(requirements, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true, preview: false });
    await sitesWhere('requirements.txt', ALL_REQUIREMENTS, 'requirements.txt: boto3 has `# noqa: REQ003`');

    // Typing a bare noqa after DummyOperator's import: its finding and its quick fixes go.
    const importLine = doc.lineAt(2).range;
    const fixes = async () => ((await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, importLine)) ?? []).map((a) => a.title);
    assert.ok((await fixes()).some((t) => t.startsWith('Replace with ')), 'the fix is offered before');
    await editor.edit((b) => b.insert(importLine.end, '  # noqa'));
    await sitesWhere('dag.py', ALL_DAG.filter((s) => !s.includes('AIR302')), 'a bare noqa typed');
    assert.deepEqual((await fixes()).filter((t) => t.startsWith('Replace with ')), [], 'no quick fix for a suppressed finding');
    // Then a file directive for MWAA004.
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '# ruff: noqa: MWAA004\n'));
    await sitesWhere('dag.py', ['2 AIR311 Warning', '6 AIR301 Error', '7 MWAA301 Error'], 'the file directive typed');
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await sitesWhere('dag.py', ALL_DAG, 'back to the file on disk');
  });

  it('mwaa.diagnostics.rules sets levels and turns codes off live; bad entries are named once and skipped', async () => {
    await setSettings({ 'mwaa.diagnostics.rules': { MWAA004: 'off', AIR3: 'hint', air302: 'information', REQ: 'information', E501: 'off', AIR301: 'eror' } });
    await sitesWhere('dag.py', ['1 AIR311 Hint', '2 AIR302 Information', '5 AIR301 Hint', '6 MWAA301 Error'], 'levels applied');
    await sitesWhere('requirements.txt', ['2 REQ003 Information', '3 REQ006 Information'], 'REQ as information');
    const warnings = await waitFor('the setting warnings', async () => {
      const w = (await state()).settingWarnings;
      return w.length >= 2 ? w : undefined;
    }, 10_000, 50);
    assert.ok(warnings.some((w) => w.includes('mwaa.diagnostics.rules') && w.includes('"E501" is not a code or prefix')), JSON.stringify(warnings));
    assert.ok(warnings.some((w) => w.includes('"AIR301": "eror" is not one of off, error, warning, information, hint')), JSON.stringify(warnings));
    await setSettings({ 'mwaa.diagnostics.rules': undefined });
    await sitesWhere('dag.py', ALL_DAG, 'levels back to the linter\'s');
  });

  it('[tool.mwaa-lint] in pyproject.toml selects and ignores as mwaa-lint does, live; a level in the settings wins; a bad table is named and skipped', async () => {
    const pyproject = path.join(dir(), 'pyproject.toml');
    try {
      // AIR302 is more specific than AIR3, so it stays (ruff's rule); requirements are not touched.
      fs.writeFileSync(pyproject, '[project]\nname = "dags"\n\n[tool.mwaa-lint]\nignore = ["MWAA004", "AIR3"]\nextend-select = ["AIR302"]\n');
      await sitesWhere('dag.py', ['2 AIR302 Error', '6 MWAA301 Error'], 'the project ignores MWAA004 and AIR3 but AIR302');
      await sitesWhere('requirements.txt', ALL_REQUIREMENTS, 'requirements untouched');
      // The editor's settings come first: a level names MWAA004, so it shows.
      await setSettings({ 'mwaa.diagnostics.rules': { MWAA004: 'information' } });
      await sitesWhere('dag.py', ['2 AIR302 Error', '5 MWAA004 Information', '6 MWAA301 Error'], 'the setting brings MWAA004 back');
      await setSettings({ 'mwaa.diagnostics.rules': undefined });
      fs.writeFileSync(pyproject, '[tool.mwaa-lint]\nselect = ["REQ"]\n');
      await sitesWhere('dag.py', [], 'select = ["REQ"]: no Python finding');
      await sitesWhere('requirements.txt', ALL_REQUIREMENTS, 'select = ["REQ"]: the requirements findings');
      // A table that cannot be used: named once, and the file is linted as if it were not there.
      fs.writeFileSync(pyproject, '[tool.mwaa-lint]\nignore = "MWAA004"\n');
      await sitesWhere('dag.py', ALL_DAG, 'an unusable table is not applied');
      const warnings = await waitFor('the pyproject warning', async () => {
        const w = (await state()).projectWarnings;
        return w.length ? w : undefined;
      }, 10_000, 50);
      assert.equal(warnings.length, 1, JSON.stringify(warnings));
      assert.match(warnings[0]!, /control[/\\]pyproject\.toml: \[tool\.mwaa-lint\] ignore must be a list of codes or prefixes, e\.g\. ignore = \["AIR3", "MWAA004"\]; the editor lints as if the table were not there until it is fixed/);
    } finally {
      fs.rmSync(pyproject, { force: true });
    }
    await sitesWhere('dag.py', ALL_DAG, 'no pyproject.toml');
  });

  it('mwaa.diagnostics.enable: off clears at once and lints nothing, on brings it all back', async () => {
    await setSettings({ 'mwaa.diagnostics.enable': false });
    await sitesWhere('dag.py', [], 'cleared');
    await sitesWhere('requirements.txt', [], 'cleared');
    // A document opened meanwhile is not linted either.
    fs.writeFileSync(path.join(dir(), 'other.py'), 'from airflow.operators.dummy import DummyOperator\n');
    await vscode.workspace.openTextDocument(uri('other.py'));
    await new Promise((r) => setTimeout(r, 1500));
    assert.deepEqual(mwaaDiagnostics(uri('other.py')).map(show), []);
    await setSettings({ 'mwaa.diagnostics.enable': undefined });
    await sitesWhere('dag.py', ALL_DAG, 'back on');
    await sitesWhere('requirements.txt', ALL_REQUIREMENTS, 'back on');
    await sitesWhere('other.py', ['0 AIR302 Error'], 'the other file linted now');
  });

  it('leaves the AIR3xx findings to Ruff when its extension lints and the configuration selects them, and says so', async () => {
    fs.writeFileSync(path.join(dir(), 'pyproject.toml'), '[tool.ruff.lint]\nselect = ["E", "AIR3"]\n');
    // The Ruff extension is not installed in this editor: the real check keeps everything.
    await new Promise((r) => setTimeout(r, 500));
    await sitesWhere('dag.py', ALL_DAG, 'no Ruff extension');
    assert.deepEqual((await state()).ruffNotes, []);

    await setRuffPresence(true);
    await sitesWhere('dag.py', ['5 MWAA004 Warning', '6 MWAA301 Error'], 'AIR3xx left to Ruff');
    const notes = (await state()).ruffNotes;
    assert.equal(notes.length, 1, JSON.stringify(notes));
    assert.match(notes[0]!, /AIR301, AIR302, AIR311, AIR312 left to Ruff for .*control: the Ruff extension is enabled and pyproject\.toml selects them \(set mwaa\.diagnostics\.ruffOverlap to "keepBoth"/);
    await sitesWhere('requirements.txt', ALL_REQUIREMENTS, 'requirements findings are ours alone');

    await setSettings({ 'mwaa.diagnostics.ruffOverlap': 'keepBoth' });
    await sitesWhere('dag.py', ALL_DAG, 'keepBoth');
    await setSettings({ 'mwaa.diagnostics.ruffOverlap': undefined });
    await sitesWhere('dag.py', ['5 MWAA004 Warning', '6 MWAA301 Error'], 'left to Ruff again');

    // The configuration is watched: selecting one rule leaves only that one to Ruff.
    fs.writeFileSync(path.join(dir(), 'pyproject.toml'), '[tool.ruff.lint]\nextend-select = ["AIR301"]\n');
    await sitesWhere('dag.py', ['1 AIR311 Warning', '2 AIR302 Error', '5 MWAA004 Warning', '6 MWAA301 Error'], 'only AIR301 left to Ruff');
    // Without a configuration file the Ruff extension's own settings count.
    fs.rmSync(path.join(dir(), 'pyproject.toml'));
    await sitesWhere('dag.py', ALL_DAG, 'no Ruff configuration: nothing left to it');
    await setSettings({ 'ruff.lint.select': ['AIR302'] });
    await sitesWhere('dag.py', ALL_DAG.filter((s) => !s.includes('AIR302')), 'ruff.lint.select');
    await setRuffPresence(false);
    await sitesWhere('dag.py', ALL_DAG, 'Ruff switched off');
  });
});
