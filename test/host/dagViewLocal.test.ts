import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import { createDagView } from '../../src/features/dagView/dagViewFeature';
import type { DagViewState } from '../../src/features/dagView/testSeams';
import { SettingsStore } from '../../src/host/settingsStore';
import { RunUpdates } from '../../src/services/runUpdates';
import type { Services } from '../../src/services/services';
import { EXTENSION_ID } from './extension';
import { dagViewState, fixtureDag, viewMessage } from './dagViewSuite';
import { restoreTopRequirements, setTopRequirementsAside } from './localRunSuite';
import { bindFreshFolder, envKey, unbind } from './syncHelpers';
import { waitFor } from './waitFor';

/**
 * The DAG view without a deployed DAG (the local runtime's parse) and in Restricted Mode (nothing
 * is read, the view says why). This runner's workspace is trusted, so the untrusted case builds the
 * view's part with services whose trust says no and which fail if AWS or the runtime is touched.
 */
describe('dagView: local parse and Restricted Mode', function () {
  this.timeout(600_000);

  it('in an untrusted workspace the view opens, says why it shows nothing, and calls nothing', async () => {
    const touched: string[] = [];
    const subscriptions: vscode.Disposable[] = [];
    const allowed: Partial<Services> = {
      context: { extensionUri: vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, subscriptions } as unknown as vscode.ExtensionContext,
      logger: { debug() {}, info() {}, warn() {}, error() {} } as unknown as Services['logger'],
      settings: new SettingsStore({ debug() {}, info() {}, warn() {}, error() {} } as unknown as Services['logger']),
      runUpdates: new RunUpdates(),
      trust: { isTrusted: false, require: () => { throw new Error('not trusted'); }, onDidGrant: () => ({ dispose() {} }) } as unknown as Services['trust'],
    };
    const services = new Proxy({} as Services, {
      get(_, prop) {
        touched.push(String(prop));
        if (prop in allowed) return allowed[prop as keyof Services];
        throw new Error(`services.${String(prop)} used in Restricted Mode`);
      },
    });
    const part = createDagView(services);
    try {
      const panel = await part.open({ envKey: envKey('sandbox-af2'), dagId: 'etl_daily' });
      await waitFor('the webview to paint', async () => panel.events.painted.length > 0, 60_000, 100);
      assert.match(panel.model!.snapshot().notices[0]!, /not trusted, so the DAG view does not call AWS or run DAG code/);
      assert.equal(panel.model!.snapshot().tasks.length, 0);
      assert.deepEqual(touched.filter((p) => ['environments', 'runtime', 'bindings', 'commands'].includes(p)), []);
      const r = await panel.handle({ type: 'openLog', runId: 'r', taskId: 't' });
      assert.deepEqual(r, { done: false, why: 'That task is not in this view.' });
    } finally {
      part.dispose!();
      subscriptions.forEach((s) => s.dispose());
    }
  });

  describe('a DAG not deployed yet', () => {
    let folder: vscode.Uri;
    let movedAside: string | undefined;

    before(async function () {
      if (!process.env.MWAA_SANDBOX_FAULTS_URL || !process.env.MWAA_TOOLKIT_RUNTIMES) this.skip();
      // A requirements.txt at the top would make this folder's runtime differ from the sandbox's.
      movedAside = setTopRequirementsAside('dagview-local');
      folder = await bindFreshFolder('dagview-local');
      await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'runtime.build': 'Build' });
    });

    after(async () => {
      await vscode.commands.executeCommand('_mwaa.resetPrompts');
      if (folder) await unbind(folder);
      restoreTopRequirements(movedAside, 'dagview-local');
    });

    it('is drawn from the local runtime\'s parse: tasks, groups, links to the code, no runs', async () => {
      const dagId = `dag_view_local_${Date.now() % 100000}`;
      const file = vscode.Uri.joinPath(folder, `${dagId}.py`);
      // Written, never uploaded: Airflow answers 404 for it.
      fs.writeFileSync(file.fsPath, fixtureDag(dagId));
      const key = await vscode.commands.executeCommand<string>('mwaa.openDagView', { envKey: envKey('sandbox-af2'), dagId, file: file.toString() });
      const s = await waitFor('the local view to paint', async () => {
        const st = await dagViewState(key!);
        return st.painted.length > 0 && st.tasks > 0 && st;
      }, 300_000, 500);
      assert.equal(s.source, 'local');
      assert.equal(s.tasks, 30);
      assert.equal(s.groups, 8);
      assert.equal(s.runs, 0);
      assert.match(s.notices[0]!, /^Not deployed to its environment yet \(Airflow answered 404\): shown from a local parse with Airflow 2\./);
      // The 18 found in the text, plus the four fetch tasks through their python_callable.
      assert.equal(s.linked, 22);
      const r = await viewMessage(key!, { type: 'openTask', taskId: 'extract.fetch_orders' });
      assert.equal((r as { done: boolean }).done, true);
      const editor = vscode.window.activeTextEditor!;
      assert.equal(editor.document.uri.fsPath, file.fsPath);
      assert.match(editor.document.lineAt(editor.selection.active.line).text, /^def pause/);
      assert.deepEqual(await viewMessage(key!, { type: 'openLog', runId: 'r', taskId: 'start' }), { done: false, why: 'That run is not shown in this view any more.' });
      const all = await vscode.commands.executeCommand<DagViewState[]>('_mwaa.dagViewState');
      assert.ok(all.some((p) => p.key === key));
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    });
  });
});
