/**
 * Names a secret meant for a key is often created under by mistake: the other kind's prefix, the
 * backend's default prefix, no prefix, another separator, a singular prefix, another case.
 */
import { DEFAULT_PREFIXES, type SecretsBackendConfig } from './backendConfig';
import { joinName, prefixOf, validateSecretName, type SecretKind } from './secretNames';

export const MAX_NEAR_MISSES = 12;

export interface NearMiss {
  name: string;
  /** What differs, as a phrase: "under the connections prefix". */
  why: string;
}

export function nearMissNames(cfg: SecretsBackendConfig, kind: SecretKind, key: string): NearMiss[] {
  const prefix = prefixOf(cfg, kind) ?? '';
  const sep = cfg.sep;
  const other: SecretKind = kind === 'variable' ? 'connection' : 'variable';
  const otherPrefix = prefixOf(cfg, other);
  const own = DEFAULT_PREFIXES[kind === 'variable' ? 'variables' : 'connections'];
  const out: NearMiss[] = [];
  const add = (name: string, why: string) => {
    if (out.length < MAX_NEAR_MISSES && !out.some((m) => m.name === name) && !validateSecretName(name)) out.push({ name, why });
  };
  if (otherPrefix) add(joinName(otherPrefix, sep, key), `under the ${other === 'variable' ? 'variables' : 'connections'} prefix`);
  if (prefix !== own) add(joinName(own, '/', key), 'under the backend\'s default prefix');
  if (prefix) {
    add(key, 'without the prefix');
    for (const s of ['/', '-', '_', ':', '.']) if (s !== sep) add(`${prefix}${s}${key}`, `with "${s}" instead of "${sep}" between prefix and key`);
    add(`${prefix}${sep}${sep}${key}`, 'with a doubled separator');
    const flipped = prefix.endsWith('s') ? prefix.slice(0, -1) : `${prefix}s`;
    add(joinName(flipped, sep, key), `under "${flipped}" instead of "${prefix}"`);
  }
  if (key.toLowerCase() !== key) add(joinName(prefix, sep, key.toLowerCase()), 'with the key in lower case');
  const name = joinName(prefix, sep, key);
  return out.filter((m) => m.name !== name);
}
