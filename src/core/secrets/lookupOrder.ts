/**
 * Where each variable or connection key is found, and which source Airflow uses: the secrets
 * backend first, then AIRFLOW_VAR_* / AIRFLOW_CONN_* environment variables, then the metastore
 * (Airflow 2's secrets search path, and Airflow 3's for workers).
 */
import type { SecretsBackendConfig } from './backendConfig';
import { keyOfSecretName, patternAdmits, type SecretKind } from './secretNames';
import type { SecretSummary } from './secretsStore';

export interface KeySources {
  key: string;
  secret?: SecretSummary;
  metastore?: boolean;
  envVar?: boolean;
  winner: 'secret' | 'envVar' | 'metastore';
  /** The secret exists under the prefix, but the lookup pattern keeps Airflow from asking for it. */
  secretIgnored?: boolean;
}

/** At most this many keys are merged (the tree pages far below it). */
export const MAX_MERGED_KEYS = 10_000;

/**
 * One entry per key, sorted by key. A secret that the lookup pattern excludes is attached only
 * when another source has the key (Airflow never sees it otherwise, so it is not listed).
 * `envVarKeys` are keys known to be set as environment variables (matched case-insensitively, as
 * Airflow upper-cases the key into the variable's name).
 */
export function mergeSources(
  kind: SecretKind,
  cfg: SecretsBackendConfig | undefined,
  secrets: readonly SecretSummary[],
  metastoreKeys: readonly string[],
  envVarKeys: readonly string[] = [],
): KeySources[] {
  const byKey = new Map<string, { secret?: SecretSummary; ignored?: boolean; metastore?: boolean; envVar?: boolean }>();
  const entry = (key: string) => {
    let e = byKey.get(key);
    if (!e && byKey.size < MAX_MERGED_KEYS) {
      e = {};
      byKey.set(key, e);
    }
    return e;
  };
  if (cfg) {
    for (const s of secrets.slice(0, MAX_MERGED_KEYS)) {
      const key = keyOfSecretName(cfg, kind, s.name);
      if (key === undefined) continue;
      const e = entry(key);
      if (!e || e.secret) continue;
      e.secret = s;
      // A pattern that cannot be evaluated here counts as admitting: the backend is asked.
      if (patternAdmits(cfg, kind, key) === false) e.ignored = true;
    }
  }
  for (const k of metastoreKeys.slice(0, MAX_MERGED_KEYS)) {
    const e = entry(k);
    if (e) e.metastore = true;
  }
  if (envVarKeys.length) {
    const upper = new Set(envVarKeys.slice(0, MAX_MERGED_KEYS).map((k) => k.toUpperCase()));
    const known = new Set<string>();
    for (const [key, e] of byKey) {
      known.add(key.toUpperCase());
      if (upper.has(key.toUpperCase())) e.envVar = true;
    }
    for (const k of envVarKeys.slice(0, MAX_MERGED_KEYS)) {
      if (known.has(k.toUpperCase())) continue;
      known.add(k.toUpperCase());
      const e = entry(k);
      if (e) e.envVar = true;
    }
  }
  const out: KeySources[] = [];
  for (const [key, e] of byKey) {
    const winner = e.secret && !e.ignored ? 'secret' : e.envVar ? 'envVar' : e.metastore ? 'metastore' : undefined;
    if (!winner) continue;
    const ks: KeySources = { key, winner };
    if (e.secret) ks.secret = e.secret;
    if (e.ignored) ks.secretIgnored = true;
    if (e.metastore) ks.metastore = true;
    if (e.envVar) ks.envVar = true;
    out.push(ks);
  }
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
