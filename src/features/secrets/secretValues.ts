/**
 * Reading a key's value from the source Airflow uses, only when the user asks (Show Value, Edit),
 * and turning it into lines for the tree. Values go to the caller and nowhere else: errors name
 * the key and the source, never the value.
 */
import { getConnection } from '../../core/airflow/connectionsApi';
import { getVariable } from '../../core/airflow/variablesApi';
import { UserFacingError } from '../../core/errors';
import { parseConnectionSecret, type ConnectionFields } from '../../core/secrets/connectionFormat';
import { COMMANDS } from '../../host/commandIds';
import type { SecretsSources } from './environmentSecrets';
import type { SecretDetailNode, SecretKeyNode } from './secretsNodes';

/** Characters of a value shown on one line (the tooltip holds more). */
const LINE_CHARS = 300;
const TOOLTIP_CHARS = 4000;

/** A variable's value as text, or a connection's fields (with its raw secret when it is not readable). */
export type KeyValue =
  | { readonly what: 'variable'; readonly text: string }
  | { readonly what: 'connection'; readonly fields?: ConnectionFields; readonly raw?: string; readonly problem?: string };

/** Reads the value from the source that wins (the secret when there is one, else the metastore). */
export async function readKeyValue(src: SecretsSources, node: SecretKeyNode, signal?: AbortSignal): Promise<KeyValue> {
  const fromSecret = node.winner === 'secret' && node.secret;
  if (fromSecret) {
    const text = await src.store().getValue(node.secret!.name, signal);
    if (text === undefined) throw gone(node, `secret ${node.secret!.name}`);
    if (node.what === 'variable') return { what: 'variable', text };
    const parsed = parseConnectionSecret(text, src.provider?.version, { fullUrlMode: src.cfg?.fullUrlMode });
    return 'error' in parsed ? { what: 'connection', raw: text, problem: parsed.error } : { what: 'connection', fields: parsed.fields };
  }
  if (node.what === 'variable') {
    const text = await getVariable(src.airflow(), node.key, signal);
    if (text === undefined) throw gone(node, 'the metastore');
    return { what: 'variable', text };
  }
  const fields = await getConnection(src.airflow(), node.key, signal);
  if (!fields) throw gone(node, 'the metastore');
  return { what: 'connection', fields };
}

function gone(node: SecretKeyNode, where: string): UserFacingError {
  return new UserFacingError(`${node.key} is no longer in ${where}: refresh the list.`, [{ label: 'Refresh', command: COMMANDS.secrets.refresh, args: [node.envKey] }]);
}

/** The value as lines under the key node (marked revealed: dropped with the value). */
export function valueLines(node: SecretKeyNode, value: KeyValue): SecretDetailNode[] {
  const line = (suffix: string, label: string, text: string | undefined): SecretDetailNode => ({
    kind: 'secretDetail', id: `${node.id}:value:${suffix}`, envKey: node.envKey, parentId: node.id, label, icon: 'eye', revealed: true,
    description: text === undefined ? '(not set)' : oneLine(text, LINE_CHARS),
    ...(text !== undefined && text.length > 0 ? { tooltip: text.slice(0, TOOLTIP_CHARS) } : {}),
  });
  if (value.what === 'variable') return [line('text', 'Value', value.text)];
  if (!value.fields) return [line('raw', `Value (not read as a connection: ${value.problem ?? 'unknown format'})`, value.raw)];
  const f = value.fields;
  return [
    line('type', 'Connection type', f.connType),
    line('host', 'Host', f.host),
    line('login', 'Login', f.login),
    line('password', 'Password', f.password),
    line('port', 'Port', f.port === undefined ? undefined : String(f.port)),
    line('schema', 'Schema', f.schema),
    line('extra', 'Extra', f.extra && Object.keys(f.extra).length ? JSON.stringify(f.extra) : undefined),
  ];
}

/** One line of text: control characters (a newline too) shown as `⏎`/`�`, cut with `…`. */
export function oneLine(text: string, max: number): string {
  const flat = text.replace(/\r?\n/g, '⏎').replace(/[\u0000-\u001f\u007f-\u009f]/g, '\uFFFD');
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
