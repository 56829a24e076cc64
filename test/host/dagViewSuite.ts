import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import * as vscode from 'vscode';
import type { DagViewState } from '../../src/features/dagView/testSeams';
import type { ActionResult } from '../../src/features/dagView/viewActions';
import { envKey, putDag, sandboxS3 } from './runsSandbox';
import { waitFor } from './waitFor';

/** The fixture DAG (30 tasks, nested groups, one failing task) under an id of its own. */
export function fixtureDag(dagId: string): string {
  const text = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'test', 'fixtures', 'dag-view', 'dag_view_fixture.py'), 'utf8');
  return text.replace('dag_id="dag_view_fixture"', `dag_id="${dagId}"`);
}

export const dagViewState = async (key: string): Promise<DagViewState> => (await vscode.commands.executeCommand<DagViewState[]>('_mwaa.dagViewState', key))[0]!;
export const viewMessage = (key: string, message: unknown) => vscode.commands.executeCommand<ActionResult | { refused: true }>('_mwaa.dagViewMessage', key, message);

/**
 * The DAG view against one real Airflow behind the sandbox's MWAA: the fixture DAG uploaded and
 * triggered, the view opened from the DAG (as the tree's node does), its tasks and groups as the
 * API lists them, followed live to the run's end, a task click opening the right line and a cell
 * click the right log; an action from the view asks first.
 */
export function dagViewSuite(env: 'sandbox-af2' | 'sandbox-af3', major: 2 | 3): void {
  describe(`dagView on ${env} (real Airflow ${major})`, function () {
    this.timeout(900_000);
    const key = envKey(env);
    const dagId = `dag_view_${major}_${Date.now() % 100000}`;
    let s3: S3Client;
    let folder: vscode.Uri;
    let file: vscode.Uri;
    let viewKey: string;
    let runId: string;

    before(async function () {
      const client = sandboxS3();
      if (!client) this.skip(); // only under the sandbox-backed host runner
      s3 = client!;
      folder = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, `dagview-${env}`);
      await vscode.workspace.fs.createDirectory(folder);
      await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'environments.bind': 'Bind' });
      assert.equal(await vscode.commands.executeCommand('mwaa.bindEnvironment', key, folder), key);
      await putDag(s3, env, folder, `${dagId}.py`, fixtureDag(dagId));
      file = vscode.Uri.joinPath(folder, `${dagId}.py`);
      // The MWAA view visible: the runs poller then polls every few seconds, as for a person.
      await vscode.commands.executeCommand('workbench.view.extension.mwaa');
    });

    after(async () => {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      // The DAGs node's filter is the environment's: left set, later suites would see one DAG.
      await vscode.commands.executeCommand('mwaa.clearDagFilter', key);
      if (folder) await vscode.commands.executeCommand('mwaa.unbindEnvironment', folder);
    });

    it('opens for the deployed DAG with its 30 tasks and 8 nested groups, linked to the bound file, and paints', async () => {
      await waitFor(`${dagId} parsed by Airflow`, async () => {
        await vscode.commands.executeCommand('mwaa.filterDags', key, dagId);
        const tree = await vscode.commands.executeCommand<{ label: string; children?: { label: string }[] }[]>('_mwaa.runsTree', key, 2);
        return tree.find((n) => n.label === 'DAGs')?.children?.some((c) => c.label === dagId);
      }, 600_000, 3000);
      const run = await vscode.commands.executeCommand<{ runId: string }>('mwaa.triggerDag', { envKey: key, dagId }, { conf: {} });
      runId = run.runId;
      // From the tree's DAG node, as its inline button hands it over.
      viewKey = (await vscode.commands.executeCommand<string>('mwaa.openDagView', { kind: 'dag', envKey: key, dag: { dagId } }))!;
      const s = await waitFor('the view to paint', async () => {
        const st = await dagViewState(viewKey);
        return st.painted.length > 0 && st.tasks > 0 && st;
      }, 120_000, 250);
      assert.equal(s.source, 'airflow');
      assert.equal(s.tasks, 30);
      assert.equal(s.groups, 8);
      assert.ok(s.runs >= 1);
      assert.equal(s.data!.runs[0]!.runId, runId);
      const join = s.data!.tasks.find((t) => t.id === 'transform.join.join_payments')!;
      assert.deepEqual([join.group, join.label, join.downstream], ['transform.join', 'join_payments', ['transform.enrich']]);
      assert.equal(s.data!.groups.find((g) => g.id === 'transform.clean')!.parent, 'transform');
      // Found from Airflow's fileloc in the folder bound to the environment.
      assert.equal(s.linked, 18, JSON.stringify(s.notices));
      assert.equal(s.sources!['quality.check_quality'], fixtureDag(dagId).split('\n').findIndex((l) => l.includes('task_id="check_quality"')));
      // The same DAG again: the same panel.
      assert.equal(await vscode.commands.executeCommand('mwaa.openDagView', { envKey: key, dagId, file: file.toString() }), viewKey);
      assert.equal((await vscode.commands.executeCommand<DagViewState[]>('_mwaa.dagViewState')).filter((p) => p.dagId === dagId).length, 1);
    });

    it('follows the run live to its end through the runs poller, painting each update', async () => {
      const done = await waitFor('the run to end in the view', async () => {
        const st = await dagViewState(viewKey);
        return st.data!.runs.find((r) => r.runId === runId)?.state === 'failed' && st;
      }, 600_000, 2000);
      const cell = (taskId: string) => done.data!.cells.find((c) => c.runId === runId && c.taskId === taskId);
      assert.equal(cell('quality.check_quality')?.state, 'failed');
      for (const t of ['load.load_orders', 'notify.page_on_call'].slice(0, 1)) assert.equal(cell(t)?.state, 'upstream_failed');
      assert.equal(cell('end')?.state, 'success', 'all_done after the failure');
      assert.equal(cell('summarize')?.mapped, 3);
      assert.ok(done.follow!.hubUpdates > 0, `the runs poller's reads reached the view: ${JSON.stringify(done.follow)}`);
      assert.ok(done.painted.length >= 2, 'updates were painted in the webview');
      assert.ok(done.painted.at(-1)!.seq === done.lastSeq || done.lastSeq - done.painted.at(-1)!.seq <= 1);
    });

    it('a click on a task opens its definition at its line; a task without a line of its own opens its DAG', async () => {
      const r = (await viewMessage(viewKey, { type: 'openTask', taskId: 'quality.check_quality' })) as ActionResult;
      assert.equal(r.done, true);
      const editor = vscode.window.activeTextEditor!;
      assert.equal(editor.document.uri.fsPath, file.fsPath);
      assert.match(editor.document.lineAt(editor.selection.active.line).text, /task_id="check_quality"/);
      const dynamic = (await viewMessage(viewKey, { type: 'openTask', taskId: 'extract.fetch_orders' })) as ActionResult & { detail: { exact: boolean } };
      assert.equal(dynamic.done, true);
      assert.equal(dynamic.detail.exact, false);
      assert.match(vscode.window.activeTextEditor!.document.lineAt(vscode.window.activeTextEditor!.selection.active.line).text, /with DAG\(dag_id=/);
    });

    it('a click on a cell opens that task instance\'s log document', async () => {
      const r = (await viewMessage(viewKey, { type: 'openLog', runId, taskId: 'quality.check_quality' })) as ActionResult & { detail: { ref: Record<string, unknown>; shown: { uri?: string } } };
      assert.equal(r.done, true);
      assert.deepEqual(r.detail.ref, { envKey: key, dagId, runId, taskId: 'quality.check_quality', tryNumber: 1, mapIndex: -1 });
      const doc = await waitFor('the log document', async () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === r.detail.shown.uri));
      assert.equal(doc.uri.scheme, 'mwaa-log');
      assert.match(doc.getText(), /quality check failed: 3 orders without a customer/);
    });

    it('refuses what it did not show and messages that are not its own; actions ask first', async () => {
      assert.deepEqual(await viewMessage(viewKey, { type: 'openTask', taskId: 'no_such_task' }), { done: false, why: 'That task is not in this view.' });
      assert.deepEqual(await viewMessage(viewKey, { type: 'openLog', runId: 'not_shown', taskId: 'start' }), { done: false, why: 'That run is not shown in this view any more.' });
      assert.deepEqual(await viewMessage(viewKey, { type: 'openLog', runId: '../x', taskId: 'start' }), { refused: true });
      assert.deepEqual(await viewMessage(viewKey, { type: 'openTask', taskId: 'start', file: '/etc/passwd' }), { refused: true });
      await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'runs.markRun': null });
      assert.deepEqual(await viewMessage(viewKey, { type: 'markRun', runId, state: 'success' }), { done: false, why: 'not confirmed' });
      await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'runs.markRun': 'Mark Success' });
      assert.equal(((await viewMessage(viewKey, { type: 'markRun', runId, state: 'success' })) as ActionResult).done, true);
      const s = await waitFor('the marked run in the view', async () => {
        const st = await dagViewState(viewKey);
        return st.data!.runs.find((r) => r.runId === runId)?.state === 'success' && st;
      }, 60_000, 500);
      assert.ok(s.actions.some((a) => a.type === 'markRun' && a.result.done));
    });

    it('"Reveal Task in DAG View" from the editor selects the task under the cursor in the same panel', async () => {
      const doc = await vscode.workspace.openTextDocument(file);
      const editor = await vscode.window.showTextDocument(doc);
      const line = doc.getText().split('\n').findIndex((l) => l.includes('task_id="join_orders"'));
      editor.selection = new vscode.Selection(line, 12, line, 12);
      assert.equal(await vscode.commands.executeCommand('mwaa.revealTaskInDagView'), 'transform.join.join_orders');
      assert.equal((await vscode.commands.executeCommand<DagViewState[]>('_mwaa.dagViewState')).filter((p) => p.dagId === dagId).length, 1);
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      const ours = lenses.filter((l) => l.command?.command === 'mwaa.openDagView');
      assert.equal(ours.length, 1);
      assert.deepEqual(ours[0]!.command!.arguments, [{ envKey: key, dagId, file: doc.uri.toString() }]);
    });
  });
}
