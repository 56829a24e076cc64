/**
 * Create Connection… and Edit Connection…: where it goes, then the form (or, from code and tests,
 * `{ connectionId, fields, target }`); the fields are checked before anything is written, the id
 * against Airflow's rules and the backend's lookup pattern, and a secret is written in the format
 * the environment's Amazon provider reads.
 */
import * as vscode from 'vscode';
import { describeError, isCancellation, UserFacingError } from '../../core/errors';
import { connectionFormatFor, validateConnectionFields, type ConnectionFields } from '../../core/secrets/connectionFormat';
import { validateKey } from '../../core/secrets/secretNames';
import type { SecretsSources } from './environmentSecrets';
import type { FieldError, FormSubmission } from './formSubmission';
import { listPrefix } from './groupListing';
import { confirmOverwrite, currentConnection, describeDestination, writeConnection, type Destination } from './saveEntry';
import { secretNameOrProblem } from './secretNaming';
import { envKeyOf, keyNodeOf, type SecretsContext } from './secretsContext';
import { readKeyValue } from './secretValues';
import type { SaveResult } from './variableCommands';

export interface ConnectionInput {
  readonly connectionId?: string;
  /** With the password inside (a secret-named field: a logged argument is redacted). */
  readonly fields?: ConnectionFields;
  readonly target?: 'secret' | 'metastore';
}

type Where = Destination['where'];

export async function createConnection(ctx: SecretsContext, arg: unknown, input: unknown): Promise<SaveResult | undefined> {
  const opts = readConnectionInput(input);
  const envKey = await envKeyOf(ctx, arg, vscode.l10n.t('Create a connection on'));
  const src = await ctx.sources.sources(envKey, { fresh: true });
  const where = await chooseWhere(ctx, src, opts.target);
  let result: SaveResult | undefined;
  const submit = async (s: FormSubmission) => {
    result = await submitConnection(ctx, src, s, where, false);
  };
  if (opts.connectionId !== undefined && opts.fields) {
    await submitOrThrow(submit, { connectionId: opts.connectionId, fields: opts.fields, keepPassword: false });
    return result;
  }
  const prefix = where === 'secret' ? listPrefix(src, 'connection') : undefined;
  const saved = await ctx.forms.show({
    title: vscode.l10n.t('New connection on {0}', src.env.name),
    destination: destinationSentence(src, where, prefix ? vscode.l10n.t('{0}<connection id>', prefix) : undefined),
    ...(prefix ? { namePrefix: prefix } : {}),
  }, formHandler(submit));
  if (!saved) throw new vscode.CancellationError();
  return result;
}

export async function editConnection(ctx: SecretsContext, arg: unknown, input: unknown): Promise<SaveResult | undefined> {
  const opts = readConnectionInput(input);
  const node = await keyNodeOf(ctx, arg);
  if (node.what !== 'connection') throw new UserFacingError(vscode.l10n.t('{0} is a variable: use Edit Variable…', node.key));
  const src = await ctx.sources.sources(node.envKey);
  const where: Where = node.winner === 'secret' && node.secret ? 'secret' : 'metastore';
  let result: SaveResult | undefined;
  const submit = async (s: FormSubmission) => {
    result = await submitConnection(ctx, src, s, where, true, node.secret?.name);
  };
  if (opts.fields) {
    await submitOrThrow(submit, { connectionId: node.key, fields: opts.fields, keepPassword: opts.fields.password === undefined });
    return result;
  }
  const current = await readKeyValue(src, node);
  const fields = current.what === 'connection' ? current.fields : undefined;
  // The password stays here: the form gets the other fields and whether one is set.
  const { password, ...shown } = fields ?? { connType: '' };
  const unreadable = current.what === 'connection' && current.problem ? vscode.l10n.t(' The current secret is not a connection Airflow can read ({0}): saving replaces it.', current.problem) : '';
  const saved = await ctx.forms.show({
    title: vscode.l10n.t('Edit connection {0} on {1}', node.key, src.env.name),
    destination: destinationSentence(src, where, node.secret?.name) + unreadable,
    connectionId: node.key,
    fields: shown,
    hasPassword: password !== undefined && password !== '',
  }, formHandler(submit));
  if (!saved) throw new vscode.CancellationError();
  return result;
}

/** Checks, asks before overwriting, keeps the current password when asked, writes. */
async function submitConnection(ctx: SecretsContext, src: SecretsSources, s: FormSubmission, where: Where, editing: boolean, existingName?: string): Promise<SaveResult> {
  const idProblem = validateKey('connection', s.connectionId);
  if (idProblem) throw new FieldProblem([{ field: 'connectionId', message: idProblem }]);
  let dest: Destination = { where: 'metastore' };
  if (where === 'secret') {
    const named = existingName ? { name: existingName } : secretNameOrProblem(src, 'connection', s.connectionId);
    if ('problem' in named) throw new FieldProblem([{ field: 'connectionId', message: named.problem }]);
    dest = { where: 'secret', name: named.name };
  }
  let fields = s.fields;
  const problems = validateConnectionFields(fields);
  if (problems.length) throw new FieldProblem(problems.map((message) => ({ message })));
  await confirmOverwrite(ctx, src, 'connection', s.connectionId, dest);
  if (editing && s.keepPassword) {
    const now = await currentConnection(src, s.connectionId, dest);
    if (now?.password) fields = { ...fields, password: now.password };
  }
  const format = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Saving connection {0}…', s.connectionId) }, () => writeConnection(src, s.connectionId, fields, dest));
  ctx.services.logger.info(`secrets: connection ${s.connectionId} of ${src.env.name} saved to ${describeDestination(dest)} (${format})`);
  ctx.services.notify.info(vscode.l10n.t('Connection {0} saved to {1} of {2}{3}.', s.connectionId, describeDestination(dest), src.env.name, format === 'api' ? '' : ` as ${format.toUpperCase()}`), [], 'secrets');
  ctx.tree.relist(src.envKey, 'connection');
  return { key: s.connectionId, destination: dest.where, format, ...(dest.where === 'secret' ? { secretName: dest.name } : {}) };
}

/** Problems to show beside the form's fields (thrown by submitConnection). */
class FieldProblem extends Error {
  constructor(readonly errors: FieldError[]) {
    super(errors.map((e) => e.message).join(' '));
  }
}

/** For the form: problems go back to it, a declined overwrite keeps it open. */
function formHandler(submit: (s: FormSubmission) => Promise<void>) {
  return async (s: FormSubmission): Promise<FieldError[] | undefined> => {
    try {
      await submit(s);
      return undefined;
    } catch (err) {
      if (err instanceof FieldProblem) return err.errors;
      if (isCancellation(err)) return [{ message: vscode.l10n.t('Not saved: nothing was overwritten.') }];
      return [{ message: describeError(err) }];
    }
  };
}

async function submitOrThrow(submit: (s: FormSubmission) => Promise<void>, s: FormSubmission): Promise<void> {
  try {
    await submit(s);
  } catch (err) {
    if (err instanceof FieldProblem) throw new UserFacingError(err.message);
    throw err;
  }
}

async function chooseWhere(ctx: SecretsContext, src: SecretsSources, requested: Where | undefined): Promise<Where> {
  const prefix = listPrefix(src, 'connection');
  if (requested === 'secret' && prefix === undefined) {
    const p = secretNameOrProblem(src, 'connection', 'x');
    throw new UserFacingError('problem' in p ? p.problem : vscode.l10n.t('{0} does not read connections from Secrets Manager.', src.env.name));
  }
  if (requested) return requested;
  if (prefix === undefined) return 'metastore';
  const picked = await ctx.services.prompts.pick('secrets.destination', [
    { label: vscode.l10n.t('Secrets Manager'), description: vscode.l10n.t('{0}<connection id>', prefix), detail: vscode.l10n.t('Airflow looks in the secrets backend first: this is the connection it uses.'), where: 'secret' as const },
    { label: vscode.l10n.t('Airflow metastore'), description: vscode.l10n.t('through the Airflow API'), detail: vscode.l10n.t('Used only when the secrets backend has no such connection.'), where: 'metastore' as const },
  ], { title: vscode.l10n.t('Where should the connection be saved?'), ignoreFocusOut: true });
  if (!picked) throw new vscode.CancellationError();
  return picked.where;
}

function destinationSentence(src: SecretsSources, where: Where, name: string | undefined): string {
  if (where === 'metastore') return vscode.l10n.t('Saved in the metastore of {0} through the Airflow API.', src.env.name);
  const format = connectionFormatFor(src.provider?.version, { fullUrlMode: src.cfg?.fullUrlMode });
  const provider = src.provider ? vscode.l10n.t('Amazon provider {0}, pinned for Airflow {1}', src.provider.version, src.provider.fromAirflow) : vscode.l10n.t('the Amazon provider version is unknown');
  return vscode.l10n.t('Saved as the Secrets Manager secret {0} in {1} format ({2}).', name ?? '', format === 'json' ? 'JSON' : 'URI', provider);
}

function readConnectionInput(input: unknown): ConnectionInput {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object') throw new UserFacingError(vscode.l10n.t('Connection options must be an object: { connectionId, fields, target }.'));
  const i = input as Record<string, unknown>;
  if (i.connectionId !== undefined && typeof i.connectionId !== 'string') throw new UserFacingError(vscode.l10n.t('connectionId must be a string.'));
  if (i.target !== undefined && i.target !== 'secret' && i.target !== 'metastore') throw new UserFacingError(vscode.l10n.t('target must be "secret" or "metastore".'));
  if (i.fields !== undefined && (!i.fields || typeof i.fields !== 'object' || typeof (i.fields as { connType?: unknown }).connType !== 'string')) {
    throw new UserFacingError(vscode.l10n.t('fields must be an object with at least connType.'));
  }
  const f = i.fields as Record<string, unknown> | undefined;
  if (f) {
    const port = f.port;
    if (port !== undefined && !(Number.isInteger(port) && (port as number) >= 1 && (port as number) <= 65535)) throw new UserFacingError(vscode.l10n.t('fields.port must be a whole number from 1 to 65535.'));
    for (const k of ['connType', 'host', 'login', 'password', 'schema'] as const) {
      if (f[k] !== undefined && (typeof f[k] !== 'string' || (f[k] as string).length > 10_000)) throw new UserFacingError(vscode.l10n.t('fields.{0} must be a string of at most 10000 characters.', k));
    }
    if (f.extra !== undefined && (!f.extra || typeof f.extra !== 'object' || Array.isArray(f.extra) || JSON.stringify(f.extra).length > 60_000)) {
      throw new UserFacingError(vscode.l10n.t('fields.extra must be a JSON object of at most 60000 characters.'));
    }
  }
  return i as ConnectionInput;
}
