/**
 * Where a variable or connection is written and how: a secret named by the environment's prefix
 * and lookup pattern (a variable as the plain string, a connection as a URI or JSON, whichever the
 * environment's Amazon provider reads), or the metastore through the Airflow API. Anything already
 * there is overwritten only after the user confirms.
 */
import * as vscode from 'vscode';
import { getConnection, listConnections, setConnection } from '../../core/airflow/connectionsApi';
import { getVariable, setVariable } from '../../core/airflow/variablesApi';
import { UserFacingError } from '../../core/errors';
import { connectionFormatFor, formatConnectionSecret, parseConnectionSecret, type ConnectionFields } from '../../core/secrets/connectionFormat';
import type { SecretsSources } from './environmentSecrets';
import { listPrefix as listPrefixOf } from './groupListing';
import { secretNameOrProblem } from './secretNaming';
import type { SecretsContext } from './secretsContext';
import { KIND_WORDS, type SecretKind } from './secretsNodes';

export type Destination = { readonly where: 'secret'; readonly name: string } | { readonly where: 'metastore' };

/** Secrets Manager's limit on a secret's text. */
export const MAX_SECRET_BYTES = 65_536;

/**
 * Where a new entry goes: `requested` when given (refused with the reason when a secret is not
 * possible), else a secret when the backend reads one (asked when the metastore is also possible).
 */
export async function chooseDestination(ctx: SecretsContext, src: SecretsSources, kind: SecretKind, key: string, requested?: 'secret' | 'metastore'): Promise<Destination> {
  const named = secretNameOrProblem(src, kind, key);
  if (requested === 'metastore') return { where: 'metastore' };
  if (requested === 'secret') {
    if ('problem' in named) throw new UserFacingError(named.problem);
    return { where: 'secret', name: named.name };
  }
  if ('problem' in named) {
    // No backend: the metastore is the only place, nothing to ask. A backend that would not read
    // this key (a lookup pattern): say so before writing elsewhere.
    if (src.cfg?.kind !== 'secretsManager' || listPrefixOf(src, kind) === undefined) return { where: 'metastore' };
    const answer = await ctx.services.prompts.confirm('secrets.metastoreOnly', `${named.problem}`, { modal: true }, vscode.l10n.t('Save in the Metastore'));
    if (answer !== vscode.l10n.t('Save in the Metastore')) throw new vscode.CancellationError();
    return { where: 'metastore' };
  }
  const picked = await ctx.services.prompts.pick('secrets.destination', [
    { label: vscode.l10n.t('Secrets Manager'), description: named.name, detail: vscode.l10n.t('Airflow looks in the secrets backend first: this is the value it uses.'), where: 'secret' as const },
    { label: vscode.l10n.t('Airflow metastore'), description: vscode.l10n.t('through the Airflow API'), detail: vscode.l10n.t('Used only when the secrets backend has no such key.'), where: 'metastore' as const },
  ], { title: vscode.l10n.t('Where should {0} be saved?', key), ignoreFocusOut: true });
  if (!picked) throw new vscode.CancellationError();
  return picked.where === 'secret' ? { where: 'secret', name: named.name } : { where: 'metastore' };
}

export function describeDestination(dest: Destination): string {
  return dest.where === 'secret' ? vscode.l10n.t('Secrets Manager secret {0}', dest.name) : vscode.l10n.t('the metastore (Airflow API)');
}

/** Asks before replacing what is there; a "no" cancels quietly. */
export async function confirmOverwrite(ctx: SecretsContext, src: SecretsSources, kind: SecretKind, key: string, dest: Destination, signal?: AbortSignal): Promise<void> {
  const existing = await existingAt(src, kind, key, dest, signal);
  if (!existing) return;
  const answer = await ctx.services.prompts.confirm(
    'secrets.overwrite',
    vscode.l10n.t('{0} {1} already exists in {2}{3}. Overwrite it?', KIND_WORDS[kind].title, key, describeDestination(dest), existing.changed ? ` (last changed ${existing.changed})` : ''),
    { modal: true, warning: true, detail: vscode.l10n.t('The current value is replaced; Secrets Manager keeps the previous version as AWSPREVIOUS.') },
    vscode.l10n.t('Overwrite'),
  );
  if (answer !== vscode.l10n.t('Overwrite')) throw new vscode.CancellationError();
}

async function existingAt(src: SecretsSources, kind: SecretKind, key: string, dest: Destination, signal?: AbortSignal): Promise<{ changed?: string } | undefined> {
  if (dest.where === 'secret') {
    const d = await src.store().describe(dest.name, signal);
    return d && !d.deletedDate ? { ...(d.lastChanged ? { changed: d.lastChanged.toISOString() } : {}) } : undefined;
  }
  if (kind === 'variable') return (await getVariable(src.airflow(), key, signal)) === undefined ? undefined : {};
  // Only the ids: a connection's fields (its password) are not read to ask this.
  const ids = await listConnections(src.airflow(), { max: 10_000, ...(signal ? { signal } : {}) });
  return ids.some((c) => c.connectionId === key) ? {} : undefined;
}

export async function writeVariable(src: SecretsSources, key: string, value: string, dest: Destination, signal?: AbortSignal): Promise<void> {
  if (dest.where === 'metastore') return setVariable(src.airflow(), key, value, signal);
  checkSize(value, key);
  await src.store().put(dest.name, value, { description: `Airflow variable ${key} (MWAA environment ${src.env.name})`, ...(signal ? { signal } : {}) });
}

export async function writeConnection(src: SecretsSources, id: string, fields: ConnectionFields, dest: Destination, signal?: AbortSignal): Promise<'uri' | 'json' | 'api'> {
  if (dest.where === 'metastore') {
    await setConnection(src.airflow(), id, fields, signal);
    return 'api';
  }
  const format = connectionFormatFor(src.provider?.version, { fullUrlMode: src.cfg?.fullUrlMode });
  const text = formatConnectionSecret(fields, format);
  checkSize(text, id);
  await src.store().put(dest.name, text, { description: `Airflow connection ${id} (MWAA environment ${src.env.name})`, ...(signal ? { signal } : {}) });
  return format;
}

/** A connection as it is now (for Edit: the password left empty in the form keeps this one). */
export async function currentConnection(src: SecretsSources, id: string, dest: Destination, signal?: AbortSignal): Promise<ConnectionFields | undefined> {
  if (dest.where === 'metastore') return getConnection(src.airflow(), id, signal);
  const text = await src.store().getValue(dest.name, signal);
  if (text === undefined) return undefined;
  const parsed = parseConnectionSecret(text, src.provider?.version, { fullUrlMode: src.cfg?.fullUrlMode });
  return 'error' in parsed ? undefined : parsed.fields;
}

function checkSize(text: string, key: string): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_SECRET_BYTES) throw new UserFacingError(vscode.l10n.t('{0}: the value is {1} bytes; Secrets Manager stores at most {2} bytes in one secret.', key, bytes, MAX_SECRET_BYTES));
}
