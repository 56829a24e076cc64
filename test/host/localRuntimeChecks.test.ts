import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { createLocalRuntimePart } from '../../src/features/localRuntime/localRuntimeFeature';
import type { LocalRuntimeState, ResolverCheckResult } from '../../src/features/localRuntime/testSeams';
import type { RolloutSummary } from '../../src/features/rollouts/testSeams';
import { codeOf, folder, mwaaDiagnostics, withAirflowVersion } from './diagnosticsHelpers';
import { envKey } from './syncHelpers';
import { untrustedServices } from './untrustedServices';
import { waitFor } from './waitFor';

const resolverDiagnostics = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'MWAA resolver');

/**
 * The resolver on a requirements file in the real extension host (uv against the package index,
 * Airflow's constraints from the bundled data), and the feature's trust gate.
 */
describe('local runtime: requirements with the resolver', function () {
  this.timeout(300_000);
  before(function () {
    // A run that can reach the package index and has uv (the sandbox-backed runner).
    if (!process.env.MWAA_SANDBOX_FAULTS_URL || !process.env.MWAA_TOOLKIT_RUNTIMES) this.skip();
  });
  withAirflowVersion('2.11.2');

  it('a conflicting pin: an error on its line from the resolver replaces the static finding; an edit brings the static one back', async () => {
    const dir = path.join(folder(), 'resolver-check');
    fs.mkdirSync(dir, { recursive: true });
    const uri = vscode.Uri.file(path.join(dir, 'requirements.txt'));
    fs.writeFileSync(uri.fsPath, '# team requirements\nrequests==2.31.0\n');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const hasStatic = () => mwaaDiagnostics(uri).some((d) => codeOf(d) === 'REQ003' && d.range.start.line === 1);
    await waitFor('the static REQ003 finding', async () => hasStatic(), 30_000, 50);

    const result = await vscode.commands.executeCommand<ResolverCheckResult>('mwaa.checkRequirementsWithResolver', uri);
    assert.equal(result.status, 'conflict', JSON.stringify(result));
    assert.equal(result.airflowVersion, '2.11.2');
    assert.deepEqual(result.problems!.map((p) => [path.basename(p.file), p.line]), [['requirements.txt', 2]]);
    const resolved = resolverDiagnostics(uri);
    assert.equal(resolved.length, 1);
    assert.equal(resolved[0]!.range.start.line, 1);
    assert.equal(resolved[0]!.severity, vscode.DiagnosticSeverity.Error);
    assert.match(resolved[0]!.message, /requests==2\.31\.0 .*requests 2\.32\.5/);
    await waitFor('the static finding to be dropped', async () => !hasStatic(), 10_000, 50);
    const state = await vscode.commands.executeCommand<LocalRuntimeState>('_mwaa.localRuntimeState');
    assert.ok(state.notifications.some((n) => n.level === 'error' && /requirements\.txt does not resolve for Airflow 2\.11\.2: line 2/.test(n.message)), JSON.stringify(state.notifications));

    // Other content: the verdict no longer applies.
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(2, 0), '# edited\n');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await waitFor('the resolver diagnostics to go and the static finding to come back', async () => resolverDiagnostics(uri).length === 0 && hasStatic(), 10_000, 50);
    await doc.save();
  });

  it('a file that resolves: ok with the number of packages', async () => {
    const dir = path.join(folder(), 'resolver-ok');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'requirements.txt');
    fs.writeFileSync(file, 'requests\n');
    const result = await vscode.commands.executeCommand<ResolverCheckResult>('mwaa.checkRequirementsWithResolver', vscode.Uri.file(file));
    assert.equal(result.status, 'ok', JSON.stringify(result));
    assert.ok((result.packages ?? 0) > 100, `Airflow and its dependencies: ${result.packages}`);
    assert.deepEqual(resolverDiagnostics(vscode.Uri.file(file)), []);
  });

  it('the requirements rollout\'s confirmation leads with the resolver\'s verdict (resolved then, as none was stored)', async () => {
    const dir = path.join(folder(), 'resolver-rollout');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'requirements.txt');
    fs.writeFileSync(file, `requests\n# rollout ${Date.now()}\n`);
    await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'rollouts.confirm': null });
    const r = await vscode.commands.executeCommand<RolloutSummary>('mwaa.rolloutRequirements', vscode.Uri.file(file), { environment: envKey('sandbox-af2') });
    assert.equal(r.outcome, 'cancelled', 'dismissed: nothing uploaded');
    assert.match(r.confirmDetail, /^✓ Resolved with uv as MWAA installs it on Airflow \d+\.\d+\.\d+: \d{3,} packages install\.\n\n/);
    assert.equal(r.confirmMessage, 'Roll out requirements.txt to sandbox-af2?');
  });
});

describe('local runtime in an untrusted workspace', () => {
  it('the gate lets the upload through without a parse and touches nothing but the trust gate; commands refuse', async () => {
    const { services, calls } = untrustedServices();
    const part = createLocalRuntimePart(services);
    try {
      const file = vscode.Uri.file(path.join(folder(), 'dags', 'hello_dag.py'));
      const decision = await part.gate({ uri: file, bound: { uri: vscode.Uri.file(path.dirname(file.fsPath)), binding: { profile: 'p', region: 'us-east-1', name: 'e', boundAt: '' } }, uploadAnyway: () => assert.fail('no upload from the gate') });
      assert.deepEqual(decision, { upload: true });
      for (const [id, handler] of Object.entries(part.commands)) {
        await assert.rejects(Promise.resolve(handler(file)), /not trusted/, id);
      }
      assert.deepEqual([...new Set(calls)], ['trust'], 'nothing but the trust gate was asked');
      assert.deepEqual(part.activity().parses, []);
    } finally {
      part.dispose();
    }
  });
});
