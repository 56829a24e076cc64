/**
 * "Turn on a secrets backend…": the configuration options that make Airflow read variables and
 * connections from AWS Secrets Manager, the permission the execution role needs, and how to apply
 * them. It only explains (and can copy the options): changing an environment's configuration is
 * an environment update the user starts, since it restarts Airflow.
 */
import * as vscode from 'vscode';
import { readEnvironmentKey } from '../../core/mwaa/environmentKey';
import { backendSetupOptions } from '../../core/secrets/backendConfig';
import type { SecretsContext } from './secretsContext';

/** Shows the options (and copies them as JSON when asked); returns them. */
export async function explainBackendSetup(ctx: SecretsContext, arg: unknown): Promise<Record<string, string>> {
  const env = environmentOf(arg);
  const options = backendSetupOptions();
  const name = env?.name ?? '<environment>';
  const region = env?.region ?? '<region>';
  const detail = [
    vscode.l10n.t('Set these Airflow configuration options on {0}:', name),
    '',
    ...Object.entries(options).map(([k, v]) => `${k} = ${v}`),
    '',
    vscode.l10n.t('In the MWAA console: Edit, then "Airflow configuration options"; or: aws mwaa update-environment --name {0} --airflow-configuration-options file://options.json (the options copied as JSON). The update restarts the environment.', name),
    '',
    vscode.l10n.t('Then let the environment\'s execution role read the secrets: secretsmanager:GetSecretValue (and secretsmanager:DescribeSecret) on arn:aws:secretsmanager:{0}:<account>:secret:airflow/*, plus kms:Decrypt on the secrets\' KMS key when it is a customer managed key.', region),
    '',
    vscode.l10n.t('Airflow then looks up a variable KEY as the secret airflow/variables/KEY and a connection ID as airflow/connections/ID, before environment variables and the metastore.'),
  ].join('\n');
  const copy = vscode.l10n.t('Copy Options as JSON');
  const answer = await ctx.services.prompts.confirm('secrets.backendSetup', vscode.l10n.t('Turn on AWS Secrets Manager as the secrets backend'), { modal: true, detail }, copy);
  if (answer === copy) {
    await vscode.env.clipboard.writeText(JSON.stringify(options, null, 2));
    ctx.services.notify.info(vscode.l10n.t('The secrets backend options are on the clipboard as JSON.'), [], 'secrets');
  }
  return options;
}

/** The environment an argument names (no call: the key holds name and region). */
function environmentOf(arg: unknown): { name: string; region: string } | undefined {
  const key = typeof arg === 'string' ? arg
    : arg && typeof arg === 'object' && typeof (arg as { envKey?: unknown }).envKey === 'string' ? (arg as { envKey: string }).envKey
      : arg && typeof arg === 'object' && typeof (arg as { key?: unknown }).key === 'string' ? (arg as { key: string }).key : undefined;
  return key ? readEnvironmentKey(key).parts : undefined;
}
