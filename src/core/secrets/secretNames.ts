/**
 * Secret names of variables and connections, as the SecretsManagerBackend builds them:
 * `<prefix><sep><key>` (just `<key>` with an empty prefix), looked up only when the key matches the
 * kind's lookup pattern.
 */
import type { SecretsBackendConfig } from './backendConfig';
import { compilePythonPattern } from './pythonPattern';

export type SecretKind = 'variable' | 'connection';

/** Secrets Manager's limit and alphabet for secret names. */
export const MAX_SECRET_NAME = 512;
const SECRET_NAME_CHARS = /^[A-Za-z0-9/_+=.@-]+$/;

/** Airflow's limits: ID_LEN for variable keys, 200 for connection ids (REST API and CLI). */
const MAX_KEY: Record<SecretKind, number> = { variable: 250, connection: 200 };

export function prefixOf(cfg: SecretsBackendConfig, kind: SecretKind): string | undefined {
  return kind === 'variable' ? cfg.variablesPrefix : cfg.connectionsPrefix;
}

export function lookupPatternOf(cfg: SecretsBackendConfig, kind: SecretKind): string | undefined {
  return kind === 'variable' ? cfg.variablesLookupPattern : cfg.connectionsLookupPattern;
}

/**
 * Whether the backend looks the key up at all: true without a pattern, false when the pattern
 * excludes it, undefined when the pattern cannot be evaluated here.
 */
export function patternAdmits(cfg: SecretsBackendConfig, kind: SecretKind, key: string): boolean | undefined {
  const pattern = lookupPatternOf(cfg, kind);
  if (!pattern) return true;
  const compiled = compilePythonPattern(pattern);
  return 'error' in compiled ? undefined : compiled.test(key);
}

/** The secret the backend reads for a key, or undefined when the prefix is off or the pattern excludes the key. */
export function secretNameFor(cfg: SecretsBackendConfig, kind: SecretKind, key: string): string | undefined {
  if (cfg.kind !== 'secretsManager') return undefined;
  const prefix = prefixOf(cfg, kind);
  if (prefix === undefined || patternAdmits(cfg, kind, key) === false) return undefined;
  return joinName(prefix, cfg.sep, key);
}

export function joinName(prefix: string, sep: string, key: string): string {
  return prefix ? `${prefix}${sep}${key}` : key;
}

/**
 * The key a secret name stands for (the inverse of the naming, whatever the lookup pattern says),
 * or undefined when the name is not under the kind's prefix.
 */
export function keyOfSecretName(cfg: SecretsBackendConfig, kind: SecretKind, name: string): string | undefined {
  if (cfg.kind !== 'secretsManager') return undefined;
  const prefix = prefixOf(cfg, kind);
  if (prefix === undefined) return undefined;
  if (prefix === '') return name || undefined;
  const head = `${prefix}${cfg.sep}`;
  return name.startsWith(head) && name.length > head.length ? name.slice(head.length) : undefined;
}

/** Why a key cannot be stored as a secret for Airflow, or undefined when it can. */
export function validateKey(kind: SecretKind, key: string): string | undefined {
  const what = kind === 'variable' ? 'A variable key' : 'A connection id';
  if (typeof key !== 'string' || key === '') return `${what} cannot be empty.`;
  if (key.length > MAX_KEY[kind]) return `${what} may be at most ${MAX_KEY[kind]} characters long (this one has ${key.length}).`;
  if (key.trim() !== key) return `${what} cannot start or end with spaces.`;
  if (kind === 'connection' && !/^[A-Za-z0-9_.-]+$/.test(key)) {
    return `${what} may hold only letters, digits, "_", "." and "-" (Airflow's rule for connection ids).`;
  }
  if (!SECRET_NAME_CHARS.test(key)) {
    return `${what} stored as a secret may hold only letters, digits and / _ + = . @ - (Secrets Manager's rule for secret names).`;
  }
  if (key === '.' || key === '..' || key.split('/').some((part) => part === '.' || part === '..')) return `${what} cannot be "." or ".." or contain such a path segment.`;
  return undefined;
}

/** Why a full secret name is not one Secrets Manager accepts, or undefined. */
export function validateSecretName(name: string): string | undefined {
  if (typeof name !== 'string' || name === '') return 'A secret name cannot be empty.';
  if (name.length > MAX_SECRET_NAME) return `A secret name may be at most ${MAX_SECRET_NAME} characters long (this one has ${name.length}).`;
  if (!SECRET_NAME_CHARS.test(name)) return 'A secret name may hold only letters, digits and / _ + = . @ - (Secrets Manager\'s rule).';
  return undefined;
}
