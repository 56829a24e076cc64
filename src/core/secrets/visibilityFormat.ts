/**
 * Is the secret's text what Airflow expects? A variable is the plain string (a key/value pair
 * saved from the console's default tab is not); a connection is a URI or JSON the provider
 * version reads. Results never quote the value.
 */
import type { SecretsBackendConfig } from './backendConfig';
import { connectionFormatFor, parseConnectionSecret } from './connectionFormat';
import { atLeast, FULL_URL_MODE_REMOVED_IN } from './providerVersion';
import type { SecretKind } from './secretNames';
import type { CheckResult } from './visibilityTypes';

export const FORMAT_CHECK = 'format';
const TITLE = 'The secret is in a format Airflow reads';

/** The check for a value already read (undefined: the secret holds no text). */
export function formatCheck(kind: SecretKind, name: string, value: string | undefined, cfg: SecretsBackendConfig, providerVersion?: string): CheckResult {
  if (value === undefined) {
    return { id: FORMAT_CHECK, title: TITLE, status: 'problem', detail: `The secret ${name} holds binary data only; Airflow reads the secret's text (SecretString).`, fix: 'Store the value as the secret\'s text (plaintext).' };
  }
  return kind === 'variable' ? variableFormat(name, value) : connectionFormat(name, value, cfg, providerVersion);
}

function variableFormat(name: string, value: string): CheckResult {
  let parsed: unknown;
  try {
    parsed = value.trim().startsWith('{') ? JSON.parse(value) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const entries = Object.entries(parsed as Record<string, unknown>);
    if (entries.length === 1 && typeof entries[0]![1] === 'string') {
      return {
        id: FORMAT_CHECK, title: TITLE, status: 'problem',
        detail: `The secret ${name} holds a JSON key/value pair (the console's default "Key/value" form): Variable.get returns that whole JSON text, not the value inside it.`,
        fix: 'Store the plain value as the secret\'s text (the console\'s "Plaintext" tab), or edit it here as a variable.',
      };
    }
    return { id: FORMAT_CHECK, title: TITLE, status: 'ok', detail: `The secret ${name} holds a JSON object with ${entries.length} keys: Variable.get returns its text, and Variable.get(..., deserialize_json=True) the object.` };
  }
  if (value === '') {
    return { id: FORMAT_CHECK, title: TITLE, status: 'ok', detail: `The secret ${name} holds an empty string: Airflow returns it as the variable's value.` };
  }
  return { id: FORMAT_CHECK, title: TITLE, status: 'ok', detail: `The secret ${name} holds a plain string, as Airflow expects of a variable.` };
}

function connectionFormat(name: string, value: string, cfg: SecretsBackendConfig, providerVersion?: string): CheckResult {
  const removed = cfg.fullUrlMode !== undefined && atLeast(providerVersion, FULL_URL_MODE_REMOVED_IN) === true;
  const mode = removed ? undefined : cfg.fullUrlMode;
  const note = removed ? ` (full_url_mode in backend_kwargs is ignored: the Amazon provider removed it in ${FULL_URL_MODE_REMOVED_IN})` : '';
  const parsed = parseConnectionSecret(value, providerVersion, mode === undefined ? {} : { fullUrlMode: mode });
  if ('error' in parsed) {
    const format = connectionFormatFor(providerVersion, mode === undefined ? {} : { fullUrlMode: mode });
    return {
      id: FORMAT_CHECK, title: TITLE, status: 'problem',
      detail: `Airflow cannot build a connection from the secret ${name}: ${parsed.error}${note}`,
      fix: `Store it as ${format === 'json' ? 'JSON (conn_type, host, login, password, schema, port, extra)' : 'a URI (conn-type://login:password@host:port/schema?extra)'}: edit the connection here to rewrite it in that form.`,
    };
  }
  return {
    id: FORMAT_CHECK, title: TITLE, status: 'ok',
    detail: `The secret ${name} is a ${parsed.format === 'json' ? 'JSON' : 'URI'} connection of type "${parsed.fields.connType}"${providerVersion ? ` that the Amazon provider ${providerVersion} reads` : ''}${note}.`,
  };
}
