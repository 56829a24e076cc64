/**
 * A connection as a Secrets Manager secret: a URI, or JSON where the environment's Amazon provider
 * reads it (see providerVersion.ts). Parsing follows what the provider and Airflow do with the
 * text, so "it parses here" means "Airflow builds this connection from it". No message ever
 * quotes the secret's text or a field's value.
 */
import type { ConnectionFields } from './connectionFields';
import { formatConnectionUri, normalizeConnType, parseConnectionUri, parseExtraText } from './connectionUri';
import { formatSupport, JSON_INFERRED_FROM, parseVersion } from './providerVersion';

export type { ConnectionFields } from './connectionFields';

export type ConnectionSecretFormat = 'uri' | 'json';

/** Secrets Manager's limit for a SecretString, in bytes. */
export const MAX_SECRET_BYTES = 65_536;

/** The field names the provider's JSON reader accepts for each part (7.0.0 and later). */
const ALIASES: Record<keyof ConnectionFields | 'connType', readonly string[]> = {
  login: ['login', 'user', 'username', 'user_name'],
  password: ['password', 'pass', 'key'],
  host: ['host', 'remote_host', 'server'],
  port: ['port'],
  schema: ['database', 'schema'],
  connType: ['conn_type', 'conn_id', 'connection_type', 'engine'],
  extra: ['extra'],
};

/** Airflow's own JSON form (Connection.from_json), what the text meets before provider 7.0.0. */
const CORE_NAMES = new Set(['conn_type', 'description', 'host', 'login', 'password', 'schema', 'port', 'extra']);

/**
 * The format to write a connection secret in: JSON where the provider reads it by itself (7.0.0
 * and later, or `full_url_mode: false` before), else a URI, which every version reads.
 */
export function connectionFormatFor(amazonProviderVersion: string | undefined, opts: { fullUrlMode?: boolean } = {}): ConnectionSecretFormat {
  const support = formatSupport(amazonProviderVersion, opts.fullUrlMode);
  if (!support.uri) return 'json';
  return parseVersion(amazonProviderVersion) && support.json && !support.jsonCoreNamesOnly ? 'json' : 'uri';
}

export function formatConnectionSecret(f: ConnectionFields, format: ConnectionSecretFormat): string {
  if (format === 'uri') return formatConnectionUri(f);
  const out: Record<string, unknown> = { conn_type: f.connType };
  for (const k of ['host', 'login', 'password', 'schema', 'port'] as const) if (f[k] !== undefined && f[k] !== '') out[k] = f[k];
  if (f.extra && Object.keys(f.extra).length) out.extra = f.extra;
  return JSON.stringify(out);
}

/** The connection Airflow builds from a secret's text, or why it builds none (or a wrong one). */
export function parseConnectionSecret(
  text: string,
  providerVersion?: string,
  opts: { fullUrlMode?: boolean; airflowMajor?: number } = {},
): { fields: ConnectionFields; format: ConnectionSecretFormat } | { error: string } {
  if (typeof text !== 'string') return { error: 'The secret has no text value (a binary secret): Airflow reads only SecretString.' };
  if (Buffer.byteLength(text) > MAX_SECRET_BYTES) return { error: `The secret is larger than ${MAX_SECRET_BYTES} bytes.` };
  const trimmed = text.trim();
  if (!trimmed) return { error: 'The secret is empty: Airflow treats an empty connection secret as not found.' };
  const support = formatSupport(providerVersion, opts.fullUrlMode);
  const version = providerVersion ? `Amazon provider ${providerVersion}` : 'this Amazon provider';
  if (trimmed.startsWith('{')) {
    if (!support.json) {
      return { error: `The secret is JSON, but the ${version} reads connection secrets as URIs only (JSON from ${JSON_INFERRED_FROM}, or with "full_url_mode": false in backend_kwargs): store it as a URI.` };
    }
    const parsed = parseJsonConnection(trimmed, support.jsonCoreNamesOnly, version);
    return 'error' in parsed ? parsed : { fields: parsed.fields, format: 'json' };
  }
  if (!support.uri) {
    return { error: `The secret is not JSON, but with "full_url_mode": false the ${version} reads JSON connection secrets only: store it as JSON with conn_type, host, login, password, port, schema and extra.` };
  }
  const parsed = parseConnectionUri(trimmed, opts.airflowMajor === undefined ? {} : { airflowMajor: opts.airflowMajor });
  return 'error' in parsed ? parsed : { fields: parsed.fields, format: 'uri' };
}

function parseJsonConnection(text: string, coreNamesOnly: boolean, version: string): { fields: ConnectionFields } | { error: string } {
  let obj: Record<string, unknown>;
  try {
    const v: unknown = JSON.parse(text);
    if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error('not an object');
    obj = v as Record<string, unknown>;
  } catch (err) {
    // JSON.parse's message quotes the text; only the position is kept.
    const at = /position (\d+)/.exec((err as Error).message)?.[1];
    return { error: `The secret starts with "{" but is not a valid JSON object${at ? ` (error at character ${at})` : ''}.` };
  }
  if (coreNamesOnly) {
    const unknown = Object.keys(obj).filter((k) => !CORE_NAMES.has(k));
    if (unknown.length) {
      return { error: `With the ${version}, Airflow reads JSON connections with the names conn_type, host, login, password, schema, port and extra only; rename or remove ${unknown.slice(0, 5).map((k) => `"${k.slice(0, 40)}"`).join(', ')}.` };
    }
  }
  const pick = (field: keyof typeof ALIASES): unknown => {
    const names = coreNamesOnly ? [field === 'connType' ? 'conn_type' : field] : ALIASES[field];
    const hit = Object.keys(obj).find((k) => names.includes(k));
    return hit === undefined ? undefined : obj[hit];
  };
  const connType = pick('connType');
  if (typeof connType !== 'string' || !connType.trim()) {
    return { error: 'The JSON has no conn_type (a connection type such as "postgres" or "aws"): Airflow cannot tell which hook to use.' };
  }
  const fields: ConnectionFields = { connType: normalizeConnType(connType.trim()) };
  for (const k of ['host', 'login', 'password', 'schema'] as const) {
    const v = pick(k);
    if (v === undefined || v === null || v === '') continue;
    if (typeof v !== 'string' && typeof v !== 'number') return { error: `The JSON's ${k} must be a string.` };
    fields[k] = String(v);
  }
  const port = pick('port');
  if (port !== undefined && port !== null && port !== '') {
    const n = typeof port === 'number' ? port : typeof port === 'string' && /^\s*\d+\s*$/.test(port) ? Number(port) : NaN;
    if (!Number.isInteger(n)) return { error: 'The JSON\'s port must be a whole number.' };
    fields.port = n;
  }
  const extra = pick('extra');
  if (extra !== undefined && extra !== null && extra !== '') {
    if (typeof extra === 'string') {
      const e = parseExtraText(extra);
      if ('error' in e) return { error: 'The JSON\'s extra is a string that is not a JSON object.' };
      fields.extra = e.extra;
    } else if (typeof extra === 'object' && !Array.isArray(extra)) fields.extra = extra as Record<string, unknown>;
    else return { error: 'The JSON\'s extra must be an object.' };
  }
  return { fields };
}

const CONN_TYPE = /^[A-Za-z0-9_-]{1,100}$/;
const MAX_FIELD = 1000;

/** What keeps these fields from making a good connection secret (empty when nothing does). */
export function validateConnectionFields(f: ConnectionFields): string[] {
  const problems: string[] = [];
  if (!f || typeof f !== 'object') return ['The connection has no fields.'];
  if (typeof f.connType !== 'string' || !f.connType.trim()) problems.push('The connection type is required (such as "postgres", "http" or "aws").');
  else if (!CONN_TYPE.test(f.connType)) problems.push('The connection type may hold only letters, digits, "_" and "-" (at most 100).');
  for (const k of ['host', 'login', 'password', 'schema'] as const) {
    const v = f[k];
    if (v === undefined) continue;
    if (typeof v !== 'string') problems.push(`The ${k} must be text.`);
    else if (v.length > MAX_FIELD * (k === 'password' ? 16 : 1)) problems.push(`The ${k} is too long.`);
    else if (k !== 'password' && /[\s\u0000-\u001f]/.test(v)) problems.push(`The ${k} cannot contain spaces or control characters.`);
  }
  if (f.port !== undefined && !(Number.isInteger(f.port) && f.port >= 1 && f.port <= 65535)) problems.push('The port must be a whole number from 1 to 65535.');
  if (f.extra !== undefined) {
    if (!f.extra || typeof f.extra !== 'object' || Array.isArray(f.extra)) problems.push('The extra must be a JSON object (such as {"region_name": "eu-west-1"}).');
    else {
      try {
        JSON.stringify(f.extra);
      } catch {
        problems.push('The extra cannot be written as JSON.');
      }
    }
  }
  if (!problems.length && Buffer.byteLength(formatConnectionSecret(f, 'json')) > MAX_SECRET_BYTES) {
    problems.push(`The connection is larger than a secret may be (${MAX_SECRET_BYTES} bytes).`);
  }
  return problems;
}
