/**
 * The secret a key is written to, from the environment's backend settings, or the sentence that
 * says why Airflow would not read one (no vscode: tested under node).
 */
import { secretNameFor } from '../../core/secrets/secretNames';
import type { SecretsSources } from './environmentSecrets';
import { KIND_WORDS, type SecretKind } from './secretsNodes';

/** The secret name for a key, or why there can be none (said to the user as it is). */
export function secretNameOrProblem(src: Pick<SecretsSources, 'cfg' | 'env'>, kind: SecretKind, key: string): { name: string } | { problem: string } {
  const cfg = src.cfg;
  const words = KIND_WORDS[kind];
  if (!cfg) return { problem: `${src.env.name} has no secrets backend configured, so Airflow would not read a secret: save it in the metastore, or turn on a secrets backend first.` };
  if (cfg.kind !== 'secretsManager') return { problem: `${src.env.name}'s secrets backend is ${cfg.className}; only AWS Secrets Manager is written here.` };
  const prefix = kind === 'variable' ? cfg.variablesPrefix : cfg.connectionsPrefix;
  if (prefix === undefined) return { problem: `${kind === 'variable' ? 'variables_prefix' : 'connections_prefix'} is null in ${src.env.name}'s secrets.backend_kwargs, so Airflow never looks for ${words.plural.toLowerCase()} in Secrets Manager.` };
  const name = secretNameFor(cfg, kind, key);
  if (!name) {
    const pattern = kind === 'variable' ? cfg.variablesLookupPattern : cfg.connectionsLookupPattern;
    return { problem: `${kind === 'variable' ? 'variables_lookup_pattern' : 'connections_lookup_pattern'} ${JSON.stringify(pattern ?? '')} does not match ${JSON.stringify(key)}, so Airflow would not look it up in Secrets Manager: choose a key the pattern matches, or save it in the metastore.` };
  }
  return { name };
}
