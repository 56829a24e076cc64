import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RolloutState, RolloutSummary } from '../../src/features/rollouts/testSeams';
import { COMMANDS } from '../../src/host/commandIds';
import { codeOf, diagnosticsWhere, folder, show, withAirflowVersion } from './diagnosticsHelpers';
import { activateExtension } from './extension';

// A requirements file is workspace content: the editor follows its -r/-c only inside the file's
// workspace folder (after symbolic links) or the bound DAG folder, and never shows what an
// outside file holds. The secret is built at run time and clearly fake.
const SECRET = `FAKE${crypto.randomBytes(12).toString('hex').toUpperCase()}`;

/** A folder outside the workspace with a credentials-like file, and a workspace folder linking to it. */
function setUp(name: string): { outsideFile: string; dir: string; cleanUp: () => void } {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'mwaa-outside-'));
  const outsideFile = path.join(outside, 'credentials');
  fs.writeFileSync(outsideFile, `[default]\naws_secret_access_key = ${SECRET}\n`);
  const dir = path.join(folder(), name);
  fs.mkdirSync(dir, { recursive: true });
  fs.symlinkSync(outsideFile, path.join(dir, 'link.txt'));
  return {
    outsideFile,
    dir,
    cleanUp: () => {
      fs.rmSync(dir, { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    },
  };
}

describe('diagnostics: requirements includes outside the workspace folder', () => {
  withAirflowVersion('3.0.6');

  it('refuses -r of an outside file and of a symlink out, saying why, and shows nothing of them', async () => {
    const { outsideFile, dir, cleanUp } = setUp(path.join('diag', 'includes-outside'));
    try {
      const file = path.join(dir, 'requirements-includes.txt');
      fs.writeFileSync(file, `-r ${outsideFile}\n-r link.txt\n`);
      const uri = vscode.Uri.file(file);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
      const ds = await diagnosticsWhere(uri, (x) => x.filter((d) => codeOf(d) === 'REQ008').length === 2, 'REQ008 on both includes');
      const req008 = ds.filter((d) => codeOf(d) === 'REQ008');
      assert.match(req008[0]!.message, new RegExp(`^-r ${outsideFile.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} is outside the workspace folder: only files inside the workspace folder `));
      assert.match(req008[1]!.message, /^-r link\.txt is outside the workspace folder: .* \(it is a symbolic link to a file elsewhere\)$/);
      assert.deepEqual(req008.map((d) => d.range.start.line), [0, 1]);
      for (const d of ds) assert.ok(!d.message.includes(SECRET) && !d.message.includes('aws_secret_access_key'), show(d));
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      cleanUp();
    }
  });
});

describe('rollouts: the requirements check follows no include outside the workspace folder', function () {
  this.timeout(60_000);

  before(async function () {
    if (!process.env.AWS_ENDPOINT_URL_MWAA) return this.skip(); // only under the sandbox-backed host runner
    await activateExtension();
  });

  it('the confirmation shows nothing of an outside file a requirements.txt includes', async () => {
    const { outsideFile, dir, cleanUp } = setUp('rollout-includes');
    try {
      const file = path.join(dir, 'requirements.txt');
      const constraint = '--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-2.11.2/constraints-3.12.txt"';
      fs.writeFileSync(file, `${constraint}\n-r ${outsideFile}\n-r link.txt\nrequests\n`);
      const environment = JSON.stringify([process.env.AWS_PROFILE ?? 'mwaa-sandbox', process.env.AWS_REGION ?? 'us-east-1', 'sandbox-af2']);
      // Dismissed: nothing is uploaded; the confirmation's text is what the check produced.
      await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'rollouts.confirm': null });
      const r = await vscode.commands.executeCommand<RolloutSummary>(COMMANDS.rollouts.requirements, vscode.Uri.file(file), { environment });
      const state = await vscode.commands.executeCommand<RolloutState>('_mwaa.rolloutState');
      assert.ok(r, `no result; errors: ${JSON.stringify(state.errors)}`);
      assert.equal(r.outcome, 'cancelled');
      assert.ok(!r.confirmDetail.includes(SECRET) && !r.confirmDetail.includes('aws_secret_access_key'), r.confirmDetail);
      // Refused includes are warnings, so the check reports no error.
      assert.doesNotMatch(r.confirmDetail, /requirements check found/);
    } finally {
      cleanUp();
    }
  });
});
