import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateExtension } from './extension';

/**
 * "Turn on a secrets backend…": no AWS call, so it works anywhere; it names the options to set
 * and copies them as JSON when asked.
 */
describe('turning on a secrets backend', () => {
  before(activateExtension);

  it('names the configuration options and copies them as JSON when asked', async () => {
    const key = JSON.stringify(['mwaa-sandbox', 'us-east-1', 'sandbox-af2']);
    await vscode.commands.executeCommand('_mwaa.resetPrompts');
    await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'secrets.backendSetup': null });
    const options = await vscode.commands.executeCommand<Record<string, string>>('mwaa.explainSecretsBackendSetup', key);
    assert.equal(options['secrets.backend'], 'airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend');
    const kwargs = JSON.parse(options['secrets.backend_kwargs']!) as Record<string, unknown>;
    assert.equal(kwargs.variables_prefix, 'airflow/variables');
    assert.equal(kwargs.connections_prefix, 'airflow/connections');
    const asked = await vscode.commands.executeCommand<{ id: string; message: string }[]>('_mwaa.resetPrompts');
    assert.deepEqual(asked.map((a) => [a.id, a.message]), [['secrets.backendSetup', 'Turn on AWS Secrets Manager as the secrets backend']]);
    await vscode.env.clipboard.writeText('before');
    await vscode.commands.executeCommand('_mwaa.answerPrompts', { 'secrets.backendSetup': 'Copy Options as JSON' });
    await vscode.commands.executeCommand('mwaa.explainSecretsBackendSetup', { envKey: key });
    assert.deepEqual(JSON.parse(await vscode.env.clipboard.readText()), options);
  });
});
