import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { bindFreshFolder, saveText, syncState, unbind, waitForEvent } from './syncHelpers';
import { waitFor } from './waitFor';

/**
 * Uploaded -> visible to Airflow, against the sandbox's real Airflow 2 (started on the first API
 * call) and its MWAA-like S3 -> dags copy: the saved DAG's dag_id is reported with the time it took.
 */
describe('DAG sync: uploaded DAGs followed into Airflow', function () {
  this.timeout(420_000);
  let folder: vscode.Uri | undefined;

  before(function () {
    if (!process.env.MWAA_SANDBOX_FAULTS_URL) this.skip();
  });
  after(async () => {
    if (folder) await unbind(folder);
  });

  it('reports the DAG visible (its dag_id, the seconds it took) after a save', async () => {
    folder = await bindFreshFolder('sync-visible');
    const dagId = `sync_visible_${Date.now().toString(36)}`;
    const file = vscode.Uri.file(path.join(folder.fsPath, `${dagId}.py`));
    const t0 = await saveText(file, [
      'from datetime import datetime',
      'from airflow import DAG',
      'from airflow.operators.empty import EmptyOperator',
      '',
      `with DAG(dag_id="${dagId}", start_date=datetime(2024, 1, 1), schedule=None, catchup=False):`,
      '    EmptyOperator(task_id="noop")',
      '',
    ].join('\n'));
    await waitForEvent('uploaded', `dags/${dagId}.py`, t0);
    const report = await waitFor('the visibility report', async () => (await syncState()).visibility.find((v) => v.key === `dags/${dagId}.py`), 400_000, 1000);
    assert.equal(report.result.kind, 'visible', JSON.stringify(report.result));
    assert.deepEqual(report.result.dagIds, [dagId]);
    assert.ok(report.result.ms! > 0 && report.result.ms! < 400_000, String(report.result.ms));
    // The status bar message fades; the file's explorer and tab tooltip keeps it.
    const tooltip = (await syncState(file)).tooltip ?? '';
    assert.match(tooltip, new RegExp(`uploaded, same as in S3; visible to Airflow \\(${dagId}\\) \\d+\\.\\d s after the upload`));
  });
});
