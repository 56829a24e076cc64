/**
 * Why Can't Airflow See It?: on a key node, or from the palette (environment, kind, key). Runs the
 * core's checks (prefix and lookup pattern, the secret and near-miss names, its format, region,
 * the execution role's access, the KMS key) plus whether the metastore holds the key, then shows
 * the report. Returns the results (no values in them) for code and tests.
 */
import * as vscode from 'vscode';
import { listConnections } from '../../core/airflow/connectionsApi';
import { listVariables } from '../../core/airflow/variablesApi';
import { UserFacingError } from '../../core/errors';
import { validateKey } from '../../core/secrets/secretNames';
import { explainVisibility, type CheckResult } from '../../core/secrets/visibilityCheck';
import { withAbortSignal } from '../../host/abortSignal';
import type { SecretsSources } from './environmentSecrets';
import { askKey, envKeyOf, keyRefOf, type KeyRef, type SecretsContext } from './secretsContext';
import { isSecretKind, KIND_WORDS, type SecretKeyNode, type SecretKind } from './secretsNodes';

export async function whyNotVisible(ctx: SecretsContext, arg: unknown, kindArg?: unknown, keyArg?: unknown): Promise<CheckResult[]> {
  ctx.services.trust.require();
  const ref = await refOf(ctx, arg, kindArg, keyArg);
  const src = await ctx.sources.sources(ref.envKey);
  const results = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Checking why Airflow may not see {0}…', ref.key), cancellable: true },
    (_p, token) => withAbortSignal(token, (signal) => runChecks(src, ref, signal)),
  );
  const problems = results.filter((r) => r.status === 'problem').map((r) => r.id);
  ctx.services.logger.info(`secrets: visibility of ${ref.kind} ${ref.key} on ${src.env.name}: ${problems.length ? `problems: ${problems.join(', ')}` : 'no problem found'}`);
  ctx.reports.show({ envKey: ref.envKey, envName: src.env.name, kind: ref.kind, key: ref.key, results });
  return results;
}

async function runChecks(src: SecretsSources, ref: KeyRef, signal: AbortSignal): Promise<CheckResult[]> {
  const [checks, metastore] = await Promise.all([
    explainVisibility({
      kind: ref.kind, key: ref.key, cfg: src.cfg, environmentRegion: src.env.region, secretsClient: src.secretsClient(), secretsClientFor: (region) => src.secretsClientIn(region), iamClient: src.iam(), kmsClient: src.kms(), signal,
      ...(src.env.executionRoleArn ? { executionRoleArn: src.env.executionRoleArn } : {}),
      ...(src.provider ? { amazonProviderVersion: src.provider.version } : {}),
    }),
    metastoreCheck(src, ref, signal),
  ]);
  return metastore ? [...checks, metastore] : checks;
}

/** Whether the metastore holds the key (by listing ids: no value is read); undefined when it does not. */
async function metastoreCheck(src: SecretsSources, ref: KeyRef, signal: AbortSignal): Promise<CheckResult | undefined> {
  const id = 'metastore';
  const title = vscode.l10n.t('In the metastore');
  try {
    const opts = { max: 10_000, signal };
    const keys = ref.kind === 'variable' ? (await listVariables(src.airflow(), opts)).map((v) => v.key) : (await listConnections(src.airflow(), opts)).map((c) => c.connectionId);
    if (!keys.includes(ref.key)) return undefined;
    return { id, title, status: 'ok', detail: vscode.l10n.t('The metastore holds {0}. Airflow uses it only when neither the secrets backend nor an environment variable has the same {1}.', ref.key, KIND_WORDS[ref.kind].one) };
  } catch (err) {
    if (signal.aborted) throw err;
    return { id, title, status: 'unknown', detail: vscode.l10n.t('The metastore could not be read through the Airflow API ({0}).', err instanceof Error ? err.message.split('\n')[0] : 'error'), fix: vscode.l10n.t('Check the Airflow API access of your role (airflow:InvokeRestApi or a web login).') };
  }
}

/** The key from a key node, `{ envKey, kind, key }`, (envKey, kind, key) arguments, else asked. */
async function refOf(ctx: SecretsContext, arg: unknown, kindArg: unknown, keyArg: unknown): Promise<KeyRef> {
  if (arg && typeof arg === 'object' && (arg as { kind?: unknown }).kind === 'secretKey') {
    const n = arg as SecretKeyNode;
    return { envKey: n.envKey, kind: n.what, key: n.key };
  }
  const ref = keyRefOf(arg);
  if (ref) return ref;
  const envKey = await envKeyOf(ctx, arg, vscode.l10n.t('Check a variable or connection of'));
  const kind = isSecretKind(kindArg) ? kindArg : await askKind(ctx);
  if (typeof keyArg === 'string') {
    const problem = validateKey(kind, keyArg);
    if (problem) throw new UserFacingError(problem);
    return { envKey, kind, key: keyArg };
  }
  return { envKey, kind, key: await askKey(kind, vscode.l10n.t('Why can\'t Airflow see this {0}?', KIND_WORDS[kind].one)) };
}

async function askKind(ctx: SecretsContext): Promise<SecretKind> {
  const picked = await ctx.services.prompts.pick('secrets.kind', [
    { label: vscode.l10n.t('Variable'), secretKind: 'variable' as const },
    { label: vscode.l10n.t('Connection'), secretKind: 'connection' as const },
  ], { title: vscode.l10n.t('Why can\'t Airflow see it?'), placeHolder: vscode.l10n.t('A variable or a connection') });
  if (!picked) throw new vscode.CancellationError();
  return picked.secretKind;
}
