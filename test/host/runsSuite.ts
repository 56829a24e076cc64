import * as assert from 'node:assert/strict';
import type { S3Client } from '@aws-sdk/client-s3';
import * as vscode from 'vscode';
import { BROKEN_DAG, BULK_DAGS, child, CONF_DAG, envKey, FIXED_DAG, OK_DAG, putDag, runsState, runsTree, sandboxS3 } from './runsSandbox';
import { waitFor } from './waitFor';

/**
 * The runs feature against one real Airflow behind the sandbox's MWAA (shared by every test of the
 * suite; they run in order): DAGs listed and paged, trigger with conf, follow to the end with a
 * notification naming the failed task, import errors in Problems at the right line and cleared
 * after the fix is uploaded.
 */
export function runsSuite(env: 'sandbox-af2' | 'sandbox-af3', major: 2 | 3): void {
  describe(`runs on ${env} (real Airflow ${major})`, function () {
    this.timeout(600_000);
    const key = envKey(env);
    const suffix = `${major}_${Date.now() % 100000}`;
    const confDag = `runs_conf_${suffix}`;
    const okDag = `runs_ok_${suffix}`;
    const bulkPrefix = `bulk${major}_`;
    let s3: S3Client;
    let folder: vscode.Uri;
    let confRunId: string;

    before(async function () {
      const client = sandboxS3();
      if (!client) this.skip(); // only under the sandbox-backed host runner
      s3 = client!;
      folder = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0]!.uri, `runs-${env}`);
      await vscode.workspace.fs.createDirectory(folder);
      await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'environments.bind': 'Bind' });
      assert.equal(await vscode.commands.executeCommand('mwaa.bindEnvironment', key, folder), key);
      await putDag(s3, env, folder, `${confDag}.py`, CONF_DAG(confDag));
      await putDag(s3, env, folder, `${okDag}.py`, OK_DAG(okDag));
      await putDag(s3, env, folder, 'bulk_dags.py', BULK_DAGS(bulkPrefix, 105));
      await putDag(s3, env, folder, 'broken_runs.py', BROKEN_DAG);
    });

    after(async () => {
      if (folder) await vscode.commands.executeCommand('mwaa.unbindEnvironment', folder);
    });

    const dagsNode = async (depth = 2) => child(await runsTree(key, depth), 'DAGs');

    it('lists the uploaded DAGs under the environment, 100 at a time with "Load more…"', async () => {
      // Airflow starts on the first call and parses the files: refresh until all 107 are listed.
      const first = await waitFor('107 DAGs in the tree', async () => {
        await vscode.commands.executeCommand('mwaa.refreshDags', key);
        const node = await dagsNode();
        const more = node.children?.find((c) => c.label.startsWith('Load more…'));
        return more && Number(/ of (\d+)\)$/.exec(more.label)?.[1]) >= 107 && node;
      }, 420_000, 5000);
      // Ordered by id: the bulk DAGs fill the first page.
      const firstPage = first.children!.filter((c) => c.contextValue?.startsWith('mwaa.dag.'));
      assert.equal(firstPage.length, 100);
      assert.equal(firstPage[0]!.label, `${bulkPrefix}000`);
      assert.equal(first.description, undefined);
      const more = first.children!.find((c) => c.label.startsWith('Load more…'))!;
      assert.match(more.label, /^Load more… \(100 of \d+\)$/);
      assert.equal(more.command?.command, 'mwaa.loadMore');
      await vscode.commands.executeCommand('mwaa.loadMore', more.id);
      const all = await dagsNode();
      assert.equal(all.children!.filter((c) => c.label.startsWith(bulkPrefix)).length, 105, 'every bulk DAG once the next page is loaded');
      assert.ok(!all.children!.some((c) => c.label.startsWith('Load more…')));
      // The sandbox does not pause new DAGs; schedule=None, the tag, no run yet.
      const conf = child(all.children, confDag);
      assert.equal(conf.description, 'no schedule · sandbox');
      assert.equal(conf.contextValue, 'mwaa.dag.active');
      assert.equal(child(all.children, okDag).contextValue, 'mwaa.dag.active');
    });

    it('filters the DAGs by id and clears the filter', async () => {
      await vscode.commands.executeCommand('mwaa.filterDags', key, `${bulkPrefix}10`);
      const filtered = await dagsNode();
      assert.deepEqual(filtered.children!.map((c) => c.label), [`${bulkPrefix}100`, `${bulkPrefix}101`, `${bulkPrefix}102`, `${bulkPrefix}103`, `${bulkPrefix}104`]);
      assert.equal(filtered.description, `filter: ${bulkPrefix}10`);
      assert.equal(filtered.contextValue, 'mwaa.dags.filtered');
      await vscode.commands.executeCommand('mwaa.clearDagFilter', key);
      const cleared = await dagsNode();
      assert.equal(cleared.contextValue, 'mwaa.dags');
      assert.equal(cleared.children!.filter((c) => c.contextValue?.startsWith('mwaa.dag.')).length, 100);
    });

    it('pauses and unpauses a DAG, and the tree says so', async () => {
      await vscode.commands.executeCommand('mwaa.filterDags', key, `runs_`);
      assert.equal(await vscode.commands.executeCommand('mwaa.pauseDag', { envKey: key, dagId: okDag }), true);
      const paused = child((await dagsNode()).children, okDag);
      assert.equal(paused.contextValue, 'mwaa.dag.paused');
      assert.match(paused.description!, /^paused · /);
      assert.equal(await vscode.commands.executeCommand('mwaa.unpauseDag', { envKey: key, dagId: okDag }), false);
      assert.equal(child((await dagsNode()).children, okDag).contextValue, 'mwaa.dag.active');
      // Left filtered on this suite's DAGs for the following tests (page one holds bulk DAGs).
    });

    it('refuses a conf that is not valid JSON, or a bad logical date, before any call', async () => {
      const before = (await runsState(key)).clientCalls!;
      const r = await vscode.commands.executeCommand('mwaa.triggerDag', { envKey: key, dagId: confDag }, { confText: '{"greeting": }' });
      assert.equal(r, undefined);
      assert.equal((await runsState(key)).clientCalls, before, 'no API call for an invalid conf');
      assert.equal(await vscode.commands.executeCommand('mwaa.triggerDag', { envKey: key, dagId: confDag }, { conf: {}, logicalDate: 'yesterday' }), undefined);
      assert.equal((await runsState(key)).clientCalls, before, 'no API call for a logical date without a timezone');
    });

    it('puts "Trigger on <env>" above each DAG of a bound file, with the DAG id from the source', async () => {
      // CodeLenses are asked of an open document (the workbench needs its model).
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, `${confDag}.py`));
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
      const ours = lenses.filter((l) => l.command?.command === 'mwaa.triggerDag');
      assert.equal(ours.length, 1);
      assert.equal(ours[0]!.command!.title, `$(play) Trigger on ${env}`);
      assert.deepEqual(ours[0]!.command!.arguments, [{ envKey: key, dagId: confDag }]);
      const line = CONF_DAG(confDag).split('\n').findIndex((l) => l.startsWith('with DAG('));
      assert.equal(ours[0]!.range.start.line, line);
    });

    it('opens the conf in an editor pre-filled with the DAG\'s params and triggers with it; a broken conf is refused', async () => {
      const uri = await vscode.commands.executeCommand<vscode.Uri>('mwaa.triggerDagWithConf', undefined, { openOnly: { envKey: key, dagId: okDag } });
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())!;
      assert.deepEqual(JSON.parse(doc.getText()), { who: 'world' });
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      assert.equal(lenses[0]?.command?.title, `$(play) Trigger ${okDag} on ${env} with this conf`);
      const editor = await vscode.window.showTextDocument(doc);
      await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), '{\n  "who": \n}\n'));
      const calls = (await runsState(key)).clientCalls!;
      assert.equal(await vscode.commands.executeCommand('mwaa.triggerDagWithConf', uri, { logicalDate: null }), undefined);
      assert.equal((await runsState(key)).clientCalls, calls, 'no call for a broken conf');
      assert.deepEqual([editor.selection.active.line, editor.selection.active.character], [2, 0], 'the cursor is put where the JSON breaks');
      await editor.edit((e) => e.replace(new vscode.Range(0, 0, doc.lineCount, 0), '{"who": "editor"}\n'));
      const run = await vscode.commands.executeCommand<{ runId: string; conf: unknown }>('mwaa.triggerDagWithConf', uri, { logicalDate: null });
      assert.deepEqual(run?.conf, { who: 'editor' });
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });

    it('triggers with conf, follows the run to its end and names the failed task; a clean DAG ends in success', async () => {
      const run = await vscode.commands.executeCommand<{ runId: string; conf: Record<string, unknown> }>('mwaa.triggerDag', { envKey: key, dagId: confDag }, { conf: { greeting: 'hello from vscode', n: 2 } });
      assert.ok(run?.runId);
      confRunId = run.runId;
      assert.deepEqual(run.conf, { greeting: 'hello from vscode', n: 2 });
      const ok = await vscode.commands.executeCommand<{ runId: string }>('mwaa.triggerDag', { envKey: key, dagId: okDag }, { confText: '{"who": "vscode"}', logicalDate: null });
      const state = await waitFor('both followed runs to end', async () => {
        const s = await runsState(key);
        return s.notifications.filter((n) => n.runId === run.runId || n.runId === ok.runId).length === 2 && s;
      }, 420_000, 3000);
      const failed = state.notifications.find((n) => n.runId === run.runId)!;
      assert.equal(failed.state, 'failed');
      assert.deepEqual(failed.failedTasks, ['explode']);
      assert.match(failed.message, new RegExp(`${confDag} failed on ${env} .*failed task explode`));
      assert.deepEqual(failed.actions.map((a) => [a.label, a.command]), [['Show Logs', 'mwaa.showTaskLogs']]);
      assert.deepEqual(failed.actions[0]!.args[0], { envKey: key, dagId: confDag, runId: run.runId, taskId: 'explode', tryNumber: 1, mapIndex: -1 });
      const succeeded = state.notifications.find((n) => n.runId === ok.runId)!;
      assert.equal(succeeded.state, 'success');
      assert.deepEqual(succeeded.failedTasks, []);
      assert.equal(state.followed.length, 0, 'ended runs are no longer followed');
    });

    it('shows the run with its conf and its task instances with state, try and log references', async () => {
      const tree = await runsTree(key, 5);
      const dag = child(child(tree, 'DAGs').children, confDag);
      assert.match(dag.description!, /last run failed/);
      const run = dag.children!.find((r) => r.runLog?.runId === confRunId)!;
      assert.ok(run, 'the triggered run is under its DAG');
      assert.equal(run.contextValue, 'mwaa.run.failed');
      assert.match(run.tooltip!, /conf: \{"greeting":"hello from vscode","n":2\}/, 'the conf arrived in the run');
      assert.deepEqual(run.runLog, { envKey: key, dagId: confDag, runId: confRunId });
      const echo = child(run.children, 'echo_conf');
      const explode = child(run.children, 'explode');
      assert.equal(echo.contextValue, 'mwaa.task.success');
      assert.equal(echo.icon, 'pass-filled');
      assert.equal(explode.contextValue, 'mwaa.task.failed');
      assert.equal(explode.icon, 'error');
      assert.match(explode.description!, /^failed( · try 1\/1)? · [\d.]+ (s|min)/);
      assert.deepEqual(explode.taskLog, { envKey: key, dagId: confDag, runId: confRunId, taskId: 'explode', tryNumber: 1, mapIndex: -1 });
      // Nothing unfinished is shown: polling has stopped.
      await waitFor('polling to stop', async () => !(await runsState()).polling, 20_000, 500);
    });

    it('marks a run as success and clears a task (which runs it again)', async () => {
      const runLog = { envKey: key, dagId: confDag, runId: confRunId };
      await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'runs.markRun': 'Mark Success' });
      assert.equal(await vscode.commands.executeCommand('mwaa.markRunSuccess', { runLog }), 'success');
      const marked = child(child(await runsTree(key, 3), 'DAGs').children, confDag).children!.find((r) => r.runLog?.runId === confRunId)!;
      assert.equal(marked.contextValue, 'mwaa.run.success');
      await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'runs.clearTask': 'Clear Task' });
      assert.equal(await vscode.commands.executeCommand('mwaa.clearTask', { taskLog: { ...runLog, taskId: 'explode', tryNumber: 1, mapIndex: -1 } }), true);
      const cleared = child(child(await runsTree(key, 4), 'DAGs').children, confDag).children!.find((r) => r.runLog?.runId === confRunId)!;
      assert.notEqual(child(cleared.children, 'explode').contextValue, 'mwaa.task.failed', 'the cleared task is no longer failed');
      assert.match(cleared.contextValue!, /^mwaa\.run\.(queued|running)$/);
    });

    it('puts a broken DAG file\'s import error in Problems at its line, and clears it once the fix is uploaded', async () => {
      const file = vscode.Uri.joinPath(folder, 'broken_runs.py');
      const diag = await waitFor('the import error in Problems', async () => {
        await vscode.commands.executeCommand('mwaa.refreshImportErrors', key);
        return vscode.languages.getDiagnostics(file).find((d) => d.source === `MWAA ${env}`);
      }, 300_000, 3000);
      assert.equal(diag.range.start.line, 2);
      assert.equal(diag.range.start.character, 0);
      assert.equal(diag.severity, vscode.DiagnosticSeverity.Error);
      assert.match(diag.message, /ModuleNotFoundError: No module named 'this_module_does_not_exist_anywhere'/);
      // The bulk file and the others are clean: the node counts this one in the workspace, none outside.
      const importErrors = child(await runsTree(key, 2), 'Import errors');
      assert.equal(importErrors.description, '1 in this workspace (Problems), none outside');
      assert.deepEqual(importErrors.children?.map((c) => c.label), ['No others: 1 import error in this workspace, in the Problems panel']);
      await putDag(s3, env, folder, 'broken_runs.py', FIXED_DAG);
      await waitFor('the import error to clear', async () => {
        await vscode.commands.executeCommand('mwaa.refreshImportErrors', key);
        return !vscode.languages.getDiagnostics(file).some((d) => d.source === `MWAA ${env}`);
      }, 300_000, 3000);
    });

    it('lists an import error of a file not in the workspace under "Import errors"', async () => {
      await s3.send(new (await import('@aws-sdk/client-s3')).PutObjectCommand({ Bucket: `airflow-${env}`, Key: 'dags/remote_only_broken.py', Body: BROKEN_DAG.replace('broken_dag_runs', 'remote_only') }));
      const node = await waitFor('the remote import error node', async () => {
        await vscode.commands.executeCommand('mwaa.refreshImportErrors', key);
        const n = child(await runsTree(key, 2), 'Import errors');
        return n.children?.some((c) => c.label === 'remote_only_broken.py') && n;
      }, 300_000, 3000);
      assert.equal(node.description, '1 outside this workspace');
      assert.match(child(node.children, 'remote_only_broken.py').description!, /ModuleNotFoundError/);
      await s3.send(new (await import('@aws-sdk/client-s3')).DeleteObjectCommand({ Bucket: `airflow-${env}`, Key: 'dags/remote_only_broken.py' }));
    });
  });
}
