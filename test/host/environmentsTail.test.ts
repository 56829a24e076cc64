import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** "Tail Logs…" on an environment: a live-tail terminal on the chosen log group. */
describe('tailing an environment\'s logs', function () {
  before(function () {
    if (!process.env.AWS_ENDPOINT_URL_MWAA) this.skip(); // only under the sandbox-backed host runner
  });

  it('opens a tail terminal for the environment\'s Scheduler log group, and closing it ends the tail', async () => {
    const key = JSON.stringify(['mwaa-sandbox', 'us-east-1', 'sandbox-af2']);
    const opened = new Promise<vscode.Terminal>((resolve) => {
      const d = vscode.window.onDidOpenTerminal((t) => {
        d.dispose();
        resolve(t);
      });
    });
    const name = await vscode.commands.executeCommand<string>('mwaa.tailEnvironmentLogs', key, 'Scheduler', 'ERROR');
    const terminal = await opened;
    assert.equal(name, 'MWAA: sandbox-af2 Scheduler');
    assert.equal(terminal.name, name);
    const closed = new Promise<void>((resolve) => {
      const d = vscode.window.onDidCloseTerminal((t) => {
        if (t === terminal) {
          d.dispose();
          resolve();
        }
      });
    });
    terminal.dispose();
    await closed;
  });

  it('names the enabled log types when asked for one that is not enabled', async () => {
    const key = JSON.stringify(['mwaa-sandbox', 'us-east-1', 'sandbox-af2']);
    // Errors go to the one handler (a notification); the command itself resolves to undefined.
    const result = await vscode.commands.executeCommand('mwaa.tailEnvironmentLogs', key, 'NoSuchKind');
    assert.equal(result, undefined);
    assert.equal(vscode.window.terminals.filter((t) => t.name.startsWith('MWAA: sandbox-af2')).length, 0);
  });
});
