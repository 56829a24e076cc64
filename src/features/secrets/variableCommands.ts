/**
 * Create Variable… and Edit Variable…: the key (checked against Airflow's rules and the backend's
 * lookup pattern), where it goes, the value (a password box: it may be a secret), a confirmation
 * before anything is replaced, then the write. Code and tests pass `{ key, secretValue, target }`
 * (a field named so that a logged argument is redacted).
 */
import * as vscode from 'vscode';
import { UserFacingError } from '../../core/errors';
import { validateKey } from '../../core/secrets/secretNames';
import { withAbortSignal } from '../../host/abortSignal';
import type { SecretsSources } from './environmentSecrets';
import { chooseDestination, confirmOverwrite, describeDestination, writeVariable, type Destination } from './saveEntry';
import { askKey, envKeyOf, keyNodeOf, type SecretsContext } from './secretsContext';
import { readKeyValue } from './secretValues';

export interface VariableInput {
  readonly key?: string;
  /** The value (never logged: the command registry redacts secret-named fields). */
  readonly secretValue?: string;
  readonly target?: 'secret' | 'metastore';
}

/** What a save returns: where it went, never the value. */
export interface SaveResult {
  readonly key: string;
  readonly destination: 'secret' | 'metastore';
  readonly secretName?: string;
  readonly format?: 'uri' | 'json' | 'api';
}

const MAX_VALUE_CHARS = 1_000_000;

export async function createVariable(ctx: SecretsContext, arg: unknown, input: unknown): Promise<SaveResult> {
  const opts = readVariableInput(input);
  const envKey = await envKeyOf(ctx, arg, vscode.l10n.t('Create a variable on'));
  const src = await ctx.sources.sources(envKey, { fresh: true });
  const key = opts.key ?? (await askKey('variable', vscode.l10n.t('New variable on {0}', src.env.name)));
  const problem = validateKey('variable', key);
  if (problem) throw new UserFacingError(problem);
  const dest = await chooseDestination(ctx, src, 'variable', key, opts.target);
  const value = opts.secretValue ?? (await askValue(key, dest));
  return save(ctx, src, key, value, dest);
}

export async function editVariable(ctx: SecretsContext, arg: unknown, input: unknown): Promise<SaveResult> {
  const opts = readVariableInput(input);
  const node = await keyNodeOf(ctx, arg);
  if (node.what !== 'variable') throw new UserFacingError(vscode.l10n.t('{0} is a connection: use Edit Connection…', node.key));
  const src = await ctx.sources.sources(node.envKey);
  // The source Airflow uses is the one edited.
  const dest: Destination = node.winner === 'secret' && node.secret ? { where: 'secret', name: node.secret.name } : { where: 'metastore' };
  let value = opts.secretValue;
  if (value === undefined) {
    const current = await readKeyValue(src, node).catch(() => undefined);
    value = await askValue(node.key, dest, current?.what === 'variable' ? current.text : undefined);
  }
  return save(ctx, src, node.key, value, dest);
}

async function save(ctx: SecretsContext, src: SecretsSources, key: string, value: string, dest: Destination): Promise<SaveResult> {
  await confirmOverwrite(ctx, src, 'variable', key, dest);
  await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Saving variable {0}…', key), cancellable: true }, (_p, token) =>
    withAbortSignal(token, (signal) => writeVariable(src, key, value, dest, signal)));
  ctx.services.logger.info(`secrets: variable ${key} of ${src.env.name} saved to ${describeDestination(dest)}`);
  ctx.services.notify.info(vscode.l10n.t('Variable {0} saved to {1} of {2}.', key, describeDestination(dest), src.env.name), [], 'secrets');
  ctx.tree.relist(src.envKey, 'variable');
  return { key, destination: dest.where, ...(dest.where === 'secret' ? { secretName: dest.name } : {}) };
}

async function askValue(key: string, dest: Destination, current?: string): Promise<string> {
  const value = await vscode.window.showInputBox({
    title: vscode.l10n.t('Value of {0}', key),
    prompt: vscode.l10n.t('Saved as a plain string in {0} (Airflow reads a variable secret\'s whole text as the value).', describeDestination(dest)),
    password: true,
    ignoreFocusOut: true,
    ...(current !== undefined ? { value: current } : {}),
    validateInput: (v) => (v.length > MAX_VALUE_CHARS ? vscode.l10n.t('At most {0} characters.', MAX_VALUE_CHARS) : undefined),
  });
  if (value === undefined) throw new vscode.CancellationError();
  return value;
}

function readVariableInput(input: unknown): VariableInput {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object') throw new UserFacingError(vscode.l10n.t('Variable options must be an object: { key, secretValue, target }.'));
  const i = input as Record<string, unknown>;
  if (i.key !== undefined && typeof i.key !== 'string') throw new UserFacingError(vscode.l10n.t('key must be a string.'));
  if (i.secretValue !== undefined && (typeof i.secretValue !== 'string' || i.secretValue.length > MAX_VALUE_CHARS)) throw new UserFacingError(vscode.l10n.t('secretValue must be a string of at most {0} characters.', MAX_VALUE_CHARS));
  if (i.target !== undefined && i.target !== 'secret' && i.target !== 'metastore') throw new UserFacingError(vscode.l10n.t('target must be "secret" or "metastore".'));
  return i as VariableInput;
}
