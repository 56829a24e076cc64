/**
 * The secrets backend an environment's AirflowConfigurationOptions configure (`secrets.backend`,
 * `secrets.backend_kwargs`), read the way Airflow and the Amazon provider's SecretsManagerBackend
 * read it: unparseable kwargs are dropped (so the backend's default prefixes apply), a `null`
 * prefix turns that kind off, a prefix loses its trailing separator characters.
 */
import { isRegionCode, quoteRegion } from '../aws/region';
import { compilePythonPattern } from './pythonPattern';

export const SECRETS_MANAGER_BACKEND = 'airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend';

/** Class paths of the Secrets Manager backend across Airflow releases (1.10's contrib one too). */
const SECRETS_MANAGER_CLASSES = new Set([SECRETS_MANAGER_BACKEND, 'airflow.contrib.secrets.aws_secrets_manager.SecretsManagerBackend']);

/** The backend's defaults when backend_kwargs does not name a prefix. */
export const DEFAULT_PREFIXES = { connections: 'airflow/connections', variables: 'airflow/variables', config: 'airflow/config' } as const;

export interface SecretsBackendConfig {
  kind: 'secretsManager' | 'other';
  className: string;
  /** Undefined: connections are never looked up in the backend (`null` in backend_kwargs). */
  connectionsPrefix?: string;
  variablesPrefix?: string;
  configPrefix?: string;
  connectionsLookupPattern?: string;
  variablesLookupPattern?: string;
  sep: string;
  /** `region_name` in backend_kwargs: where the backend looks instead of the environment's region. */
  region?: string;
  /** `full_url_mode` in backend_kwargs (Amazon provider before 9.0.0 only). */
  fullUrlMode?: boolean;
  /** `role_arn` in backend_kwargs: the backend assumes this role instead of using the execution role. */
  roleArn?: string;
  /** Which configuration options this was read from (Airflow 3 tasks prefer `workers.secrets_backend`). */
  source?: 'secrets.backend' | 'workers.secrets_backend';
  /** What is wrong or surprising in the options, as plain sentences (never a value of a credential). */
  problems: string[];
}

const KNOWN_KWARGS = new Set([
  'connections_prefix', 'variables_prefix', 'config_prefix', 'connections_lookup_pattern', 'variables_lookup_pattern',
  'config_lookup_pattern', 'sep', 'extra_conn_words', 'full_url_mode', 'are_secret_values_urlencoded', 'region_name',
  'profile_name', 'role_arn', 'endpoint_url', 'api_version', 'use_ssl', 'verify', 'config_kwargs', 'botocore_config',
  'assume_role_method', 'assume_role_kwargs', 'session_kwargs', 'aws_session_token', 'aws_access_key_id', 'aws_secret_access_key',
]);

const CREDENTIAL_KWARGS = ['aws_access_key_id', 'aws_secret_access_key', 'aws_session_token'];

/** The backend the options configure, or undefined when they configure none. */
export function readSecretsBackend(options: Readonly<Record<string, string>> | undefined): SecretsBackendConfig | undefined {
  const opts = normalizedOptions(options);
  const workerClass = opts.get('workers.secrets_backend');
  const source = workerClass ? 'workers.secrets_backend' : 'secrets.backend';
  const className = workerClass ?? opts.get('secrets.backend');
  if (!className) return undefined;
  const problems: string[] = [];
  if (workerClass && opts.get('secrets.backend') && opts.get('secrets.backend') !== workerClass) {
    problems.push('workers.secrets_backend differs from secrets.backend: Airflow 3 tasks use workers.secrets_backend, the scheduler and API server secrets.backend.');
  }
  const kwargsKey = workerClass ? 'workers.secrets_backend_kwargs' : 'secrets.backend_kwargs';
  const kwargs = parseKwargs(opts.get(kwargsKey), kwargsKey, problems);
  const kind = SECRETS_MANAGER_CLASSES.has(className) ? 'secretsManager' : 'other';
  const cfg: SecretsBackendConfig = { kind, className, sep: '/', source, problems };
  if (kind === 'other') return cfg;

  const sep = kwargs.sep;
  if (typeof sep === 'string' && sep !== '') cfg.sep = sep;
  else if (sep !== undefined) problems.push(`${kwargsKey}: "sep" must be a non-empty string; the backend's "/" is assumed.`);
  const prefix = (name: string, fallback: string): string | undefined => readPrefix(kwargs, name, fallback, cfg.sep, kwargsKey, problems);
  const connections = prefix('connections_prefix', DEFAULT_PREFIXES.connections);
  const variables = prefix('variables_prefix', DEFAULT_PREFIXES.variables);
  const config = prefix('config_prefix', DEFAULT_PREFIXES.config);
  if (connections !== undefined) cfg.connectionsPrefix = connections;
  if (variables !== undefined) cfg.variablesPrefix = variables;
  if (config !== undefined) cfg.configPrefix = config;
  for (const [name, field] of [['connections_lookup_pattern', 'connectionsLookupPattern'], ['variables_lookup_pattern', 'variablesLookupPattern']] as const) {
    const p = kwargs[name];
    if (typeof p === 'string' && p !== '') {
      cfg[field] = p;
      const compiled = compilePythonPattern(p);
      if ('error' in compiled) problems.push(`${kwargsKey}: ${name} cannot be checked here: ${compiled.error}.`);
    } else if (p !== undefined && p !== null && p !== '') problems.push(`${kwargsKey}: ${name} must be a string (a regular expression).`);
  }
  if (typeof kwargs.region_name === 'string' && kwargs.region_name.trim()) {
    cfg.region = kwargs.region_name.trim();
    if (!isRegionCode(cfg.region)) problems.push(`${kwargsKey}: region_name ${quoteRegion(cfg.region)} is not a region code such as "eu-west-1": the backend cannot reach Secrets Manager.`);
  }
  if (typeof kwargs.role_arn === 'string' && kwargs.role_arn.trim()) cfg.roleArn = kwargs.role_arn.trim();
  if (typeof kwargs.full_url_mode === 'boolean') cfg.fullUrlMode = kwargs.full_url_mode;
  else if (kwargs.full_url_mode !== undefined) problems.push(`${kwargsKey}: full_url_mode must be true or false.`);
  noteUnknownKwargs(kwargs, kwargsKey, problems);
  return cfg;
}

/** The configuration options that turn the Secrets Manager backend on, for the "how to" explanation. */
export function backendSetupOptions(prefixes: { connections?: string; variables?: string } = {}): Record<string, string> {
  return {
    'secrets.backend': SECRETS_MANAGER_BACKEND,
    'secrets.backend_kwargs': JSON.stringify({
      connections_prefix: prefixes.connections ?? DEFAULT_PREFIXES.connections,
      variables_prefix: prefixes.variables ?? DEFAULT_PREFIXES.variables,
    }),
  };
}

/** Keys trimmed and lower-cased (MWAA's keys are `section.key`); values trimmed; bounded. */
function normalizedOptions(options: Readonly<Record<string, string>> | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(options ?? {}).slice(0, 1000)) {
    if (typeof v === 'string' && v.length <= 64 * 1024) out.set(k.trim().toLowerCase(), v.trim());
  }
  return out;
}

function parseKwargs(raw: string | undefined, key: string, problems: string[]): Record<string, unknown> {
  if (raw === undefined || raw === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    problems.push(`${key} is not valid JSON (${(err as Error).message.slice(0, 120)}): Airflow ignores it, so the backend's defaults apply (connections under ${DEFAULT_PREFIXES.connections}, variables under ${DEFAULT_PREFIXES.variables}).`);
    return {};
  }
  if (parsed === null) return {};
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    problems.push(`${key} is not a JSON object: Airflow ignores it, so the backend's defaults apply (connections under ${DEFAULT_PREFIXES.connections}, variables under ${DEFAULT_PREFIXES.variables}).`);
    return {};
  }
  return parsed as Record<string, unknown>;
}

/** Python's `prefix.rstrip(sep)`: strips trailing characters found in sep (not the suffix). */
function rstripChars(text: string, chars: string): string {
  let end = text.length;
  while (end > 0 && chars.includes(text[end - 1]!)) end--;
  return text.slice(0, end);
}

function readPrefix(kwargs: Record<string, unknown>, name: string, fallback: string, sep: string, key: string, problems: string[]): string | undefined {
  if (!(name in kwargs)) return fallback;
  const v = kwargs[name];
  if (v === null) return undefined;
  if (typeof v !== 'string') {
    problems.push(`${key}: ${name} must be a string or null; Airflow would fail to start the backend with this value.`);
    return undefined;
  }
  return v ? rstripChars(v, sep) : '';
}

function noteUnknownKwargs(kwargs: Record<string, unknown>, key: string, problems: string[]): void {
  for (const name of Object.keys(kwargs).slice(0, 50)) {
    if (CREDENTIAL_KWARGS.includes(name)) {
      problems.push(`${key} holds ${name}: credentials in configuration options are visible to anyone who can read the environment; let the execution role read the secrets instead.`);
    } else if (!KNOWN_KWARGS.has(name) && /prefix|pattern|sep/i.test(name)) {
      const close = [...KNOWN_KWARGS].find((k) => /prefix|pattern|sep/.test(k) && similar(k, name));
      problems.push(`${key} has "${name.slice(0, 60)}", which the backend does not read as a setting${close ? ` (did you mean "${close}"?)` : ''}.`);
    }
  }
}

/** Names one or two edits apart ("connection_prefix" for "connections_prefix"). */
function similar(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  if (Math.abs(x.length - y.length) > 2) return false;
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length]! <= 2;
}
