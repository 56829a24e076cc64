import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { codeOf, diagnosticsWhere, diagUri, mwaaDiagnostics, show, withAirflowVersion } from './diagnosticsHelpers';

/**
 * Issue #13: Python files are linted in a worker thread. Diagnostics and quick fixes arrive as
 * before, and a document built to make linting slow (deep nesting, a 10,000-link chain, 2,000
 * copies of one dag_id) never holds up the extension host: a timer ticking every 10 ms here keeps
 * ticking while it is opened and linted.
 */

/** The longest pause between ticks of a 10 ms interval while `work` runs. */
async function longestPause<T>(work: () => Promise<T>): Promise<{ result: T; maxGapMs: number }> {
  let last = performance.now();
  let maxGapMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGapMs = Math.max(maxGapMs, now - last);
    last = now;
  }, 10);
  try {
    const result = await work();
    return { result, maxGapMs: Math.max(maxGapMs, performance.now() - last) };
  } finally {
    clearInterval(timer);
  }
}

const ADVERSARIAL = [
  'from airflow import DAG',
  'from airflow.operators.dummy import DummyOperator',
  `chain = DAG${'.a'.repeat(10_000)}`,
  `nested = ${'lambda: '.repeat(10_000)}DummyOperator`,
  `parens = ${'('.repeat(5000)}DummyOperator${')'.repeat(5000)}`,
  ...Array.from({ length: 2000 }, () => 'DAG("diag_worker_dup")'),
  '',
].join('\n');

describe('diagnostics: linting in the worker thread', () => {
  const adversarial = diagUri('worker_adversarial.py');
  withAirflowVersion('3.0.6');
  after(() => fs.rmSync(adversarial.fsPath, { force: true }));

  it('reports an untitled DAG as it is typed, with its quick fix', async () => {
    const doc = await vscode.workspace.openTextDocument({ language: 'python', content: 'from airflow.operators.dummy import DummyOperator\n' });
    const editor = await vscode.window.showTextDocument(doc);
    const [removed] = await diagnosticsWhere(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'AIR302'), 'AIR302 on the DummyOperator import');
    assert.equal(doc.getText(removed!.range), 'DummyOperator');
    await editor.edit((b) => b.insert(new vscode.Position(1, 0), 'from airflow import DAG\nDAG("w", schedule_interval="@daily")\n'));
    const typed = await diagnosticsWhere(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'AIR301'), 'AIR301 on schedule_interval after typing');
    const argument = typed.find((d) => codeOf(d) === 'AIR301')!;
    assert.equal(doc.getText(argument.range), 'schedule_interval');
    const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, argument.range)) ?? [];
    const rename = actions.find((a) => a.title === 'Rename schedule_interval to schedule');
    assert.ok(rename?.edit, JSON.stringify(actions.map((a) => a.title)));
    assert.equal(await vscode.workspace.applyEdit(rename.edit), true);
    await diagnosticsWhere(doc.uri, (ds) => !ds.some((d) => codeOf(d) === 'AIR301'), 'AIR301 gone after the fix');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('lints a document built to be slow without holding up the extension host', async () => {
    fs.writeFileSync(adversarial.fsPath, ADVERSARIAL);
    const { result: ds, maxGapMs } = await longestPause(async () => {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(adversarial));
      return diagnosticsWhere(adversarial, (x) => x.some((d) => codeOf(d) === 'MWAA007') && x.some((d) => codeOf(d) === 'MWAA002'), 'the nesting note and the duplicate dag_ids');
    });
    assert.ok(maxGapMs < 1000, `the extension host stalled for ${maxGapMs.toFixed(0)} ms`);
    const deep = ds.filter((d) => codeOf(d) === 'MWAA007');
    assert.deepEqual(deep.map((d) => [d.range.start.line, d.severity]), [[2, vscode.DiagnosticSeverity.Information]], JSON.stringify(deep.map(show)));
    assert.ok(ds.some((d) => codeOf(d) === 'AIR302' && d.range.start.line === 1), JSON.stringify(ds.slice(0, 5).map(show)));
    // 2,000 definitions of one dag_id: each names five other places and how many more, at most 1,000 are listed.
    const dups = ds.filter((d) => codeOf(d) === 'MWAA002');
    assert.equal(dups.length, 1000);
    assert.match(dups[0]!.message, /^dag_id "diag_worker_dup" is also defined at (diag\/worker_adversarial\.py:\d+, ){4}diag\/worker_adversarial\.py:\d+ and 1994 more; Airflow keeps only one of them$/);
    assert.ok(ds.some((d) => codeOf(d) === 'MWAA006' && /^1000 more finding\(s\) in this file are not shown/.test(d.message)));
    assert.ok(mwaaDiagnostics(adversarial).every((d) => d.message.length <= 1000));
  });

  it('follows an edit of that document as quickly', async () => {
    const doc = await vscode.workspace.openTextDocument(adversarial);
    const editor = await vscode.window.showTextDocument(doc);
    const { maxGapMs } = await longestPause(async () => {
      await editor.edit((b) => b.insert(new vscode.Position(0, 0), 'from airflow.operators.bash_operator import BashOperator\n'));
      await diagnosticsWhere(adversarial, (x) => x.some((d) => codeOf(d) === 'AIR302' && d.range.start.line === 0) && x.some((d) => codeOf(d) === 'MWAA007' && d.range.start.line === 3), 'the new import reported, the rest moved down a line');
    });
    assert.ok(maxGapMs < 1000, `the extension host stalled for ${maxGapMs.toFixed(0)} ms`);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
