import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LocalRunLenses } from '../../src/features/localRun/localRunLenses';
import type { Services } from '../../src/services/services';

/**
 * When the Run/Debug Locally lenses show: a trusted workspace, and a file under a bound folder or
 * an Airflow version chosen for the workspace; never in Restricted Mode (the commands run the
 * file's code). The provider is given stand-ins for the trust gate, the bindings and the settings.
 */
const DAG = [
  'from airflow import DAG',
  'from airflow.operators.empty import EmptyOperator',
  'with DAG("lens_dag") as dag:',
  '    EmptyOperator(task_id="only")',
  '',
].join('\n');

function fakeServices(state: { trusted: boolean; bound: boolean; version?: string; picked?: string }): Services {
  const none = () => ({ dispose: () => undefined });
  return {
    trust: { get isTrusted() { return state.trusted; }, onDidGrant: none },
    bindings: { bindingOf: () => (state.bound ? { folder: vscode.Uri.file('/x'), binding: { name: 'env' } } : undefined), onDidChange: none },
    settings: { airflowVersion: () => state.version, onDidChangeSetting: none },
    context: { workspaceState: { get: () => state.picked } },
  } as unknown as Services;
}

describe('local run lenses: when they show', () => {
  let doc: vscode.TextDocument;
  let dir: string;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lenses-'));
    const file = path.join(dir, 'lens_dag.py');
    fs.writeFileSync(file, DAG);
    doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const titles = (state: Parameters<typeof fakeServices>[0]) => new LocalRunLenses(fakeServices(state)).provideCodeLenses(doc).map((l) => `${l.range.start.line}:${l.command?.title}`);

  it('in a trusted workspace, under a bound folder: DAG and task lenses at their lines', () => {
    assert.deepEqual(titles({ trusted: true, bound: true }), [
      '2:$(play) Run DAG Locally', '2:$(debug-alt) Debug DAG Locally', '3:$(play) Run Task Locally', '3:$(debug-alt) Debug Task Locally',
    ]);
  });

  it('unbound: only once a version is chosen (the setting, or a version picked for the workspace)', () => {
    assert.deepEqual(titles({ trusted: true, bound: false }), []);
    assert.equal(titles({ trusted: true, bound: false, version: '2.11.2' }).length, 4);
    assert.equal(titles({ trusted: true, bound: false, picked: '3.3.1' }).length, 4);
  });

  it('never in Restricted Mode', () => {
    assert.deepEqual(titles({ trusted: false, bound: true, version: '2.11.2' }), []);
  });

  it('a file Airflow would not parse (no "airflow"/"dag" in it) gets none', async () => {
    const plain = await vscode.workspace.openTextDocument(vscode.Uri.file(path.join(dir, 'helper.py')).with({ scheme: 'untitled' }));
    assert.deepEqual(new LocalRunLenses(fakeServices({ trusted: true, bound: true })).provideCodeLenses(plain), []);
    const file = path.join(dir, 'helper_real.py');
    fs.writeFileSync(file, 'from x import EmptyOperator\nEmptyOperator(task_id="t")\n');
    const helper = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    assert.deepEqual(new LocalRunLenses(fakeServices({ trusted: true, bound: true })).provideCodeLenses(helper), []);
  });
});
