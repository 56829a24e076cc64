import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { bindFreshFolder } from './syncHelpers';
import { ask, DapLog, endLocalRunTests, ended, lineOf, nextSession, setTopRequirementsAside, startLocalRunTests, topFrame } from './localRunSuite';

/**
 * A breakpoint in a plugin: the project's plugins/ beside the bound DAGs folder is on the task's
 * path (as on MWAA) and is the user's code for the debugger. The plugins folder is an input of
 * the runtime, so this folder's runtime is built here (uv's cache makes it a matter of seconds).
 */
describe('local run: a breakpoint in a plugin module is hit (Airflow 2)', function () {
  this.timeout(900_000);
  const tag = `p${Date.now().toString(36)}`;
  let project: string;
  let folder: vscode.Uri;
  let dap: DapLog;
  let movedAside: string | undefined;

  before(async function () {
    if (!process.env.MWAA_SANDBOX_FAULTS_URL || !process.env.MWAA_TOOLKIT_RUNTIMES) this.skip();
    // A requirements.txt at the workspace's top would be the project's too: a bigger build than this needs.
    movedAside = setTopRequirementsAside('plugins');
    // Fixed names and content: the plugins folder (its path and files) is part of the runtime's key, so later runs reuse it.
    folder = await bindFreshFolder(path.join('local-run-plugin', 'dags'));
    project = path.dirname(folder.fsPath);
    fs.mkdirSync(path.join(project, 'plugins'), { recursive: true });
    dap = await startLocalRunTests();
  });
  after(() => endLocalRunTests({ dap, folder, aside: movedAside, suffix: 'plugins' }));

  it('stops in the plugin\'s function called by the task', async () => {
    const plugin = [
      'def plugin_shout(text):',
      '    louder = text.upper()  # BREAK-PLUGIN',
      '    return louder',
      '',
    ].join('\n');
    const pluginFile = path.join(project, 'plugins', 'lr_plugin_lib.py');
    fs.writeFileSync(pluginFile, plugin);
    const dagFile = path.join(folder.fsPath, `${tag}_dag.py`);
    fs.writeFileSync(dagFile, [
      'import pendulum',
      'from airflow import DAG',
      'from airflow.operators.python import PythonOperator',
      'from lr_plugin_lib import plugin_shout',
      '',
      `with DAG("${tag}_dag", start_date=pendulum.datetime(2024, 1, 1), schedule=None):`,
      '    PythonOperator(task_id="call_plugin", python_callable=lambda: print(plugin_shout("from the plugin")))',
      '',
    ].join('\n'));
    const bp = new vscode.SourceBreakpoint(new vscode.Location(vscode.Uri.file(pluginFile), new vscode.Position(lineOf(plugin, 'BREAK-PLUGIN') - 1, 0)));
    vscode.debug.addBreakpoints([bp]);
    try {
      const starting = nextSession();
      await vscode.commands.executeCommand('mwaa.debugTaskLocally', { file: dagFile, dagId: `${tag}_dag`, taskId: 'call_plugin' });
      const session = await starting;
      const done = ended(session);
      const stop = await dap.stopped(session, 0, 300_000);
      assert.equal(stop.body?.reason, 'breakpoint');
      const top = await topFrame(session, stop.body!.threadId as number);
      assert.equal(top.path, pluginFile);
      assert.equal(top.line, lineOf(plugin, 'BREAK-PLUGIN'));
      assert.equal(top.name, 'plugin_shout');
      await ask(session, 'continue', { threadId: stop.body!.threadId });
      await done;
      const output = dap.events(session, 'output').map((m) => String(m.body?.output ?? '')).join('');
      assert.match(output, /FROM THE PLUGIN/);
    } finally {
      vscode.debug.removeBreakpoints([bp]);
    }
  });
});
