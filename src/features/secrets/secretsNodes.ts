/**
 * The secrets part of the environments tree as plain data: under an environment, "Variables" and
 * "Connections"; under each, one node per key (where it is found, which source Airflow uses) and
 * messages; under a key, where it is found and, only while revealed, its value.
 */
import type { KeySources } from '../../core/secrets/lookupOrder';
import type { SecretKind } from '../../core/secrets/secretNames';
import type { SecretSummary } from '../../core/secrets/secretsStore';

export type { SecretKind };

/** Which source Airflow reads a key from (its lookup order decides). */
export type SecretWinner = KeySources['winner'];

interface Base {
  readonly id: string;
  readonly envKey: string;
  /** Id of the parent secrets node; undefined for the two nodes directly under the environment. */
  readonly parentId?: string;
}

export interface SecretsGroupNode extends Base {
  readonly kind: 'secretsGroup';
  readonly what: SecretKind;
}

/** A key and where it was found when last listed (no value: values are read only when asked). */
export interface SecretKeyNode extends Base {
  readonly kind: 'secretKey';
  readonly what: SecretKind;
  readonly key: string;
  readonly secret?: SecretSummary;
  readonly metastore: boolean;
  readonly winner: SecretWinner;
  /** A secret is there, but the lookup pattern keeps Airflow from asking for it. */
  readonly secretIgnored?: boolean;
  /** The secret name Airflow looks up for this key (undefined: the backend does not look). */
  readonly secretName?: string;
}

/** A line under a key: a source, or (only while revealed) the value or a field of it. */
export interface SecretDetailNode extends Base {
  readonly kind: 'secretDetail';
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon: string;
  /** Part of a revealed value: dropped with it. */
  readonly revealed?: boolean;
}

/** A problem, an empty listing or an offer ("Turn on a secrets backend…"), said in place. */
export interface SecretsMessageNode extends Base {
  readonly kind: 'secretsMessage';
  readonly label: string;
  readonly tooltip?: string;
  readonly icon: string;
  readonly command?: { readonly command: string; readonly args: readonly unknown[] };
}

export type SecretsNode = SecretsGroupNode | SecretKeyNode | SecretDetailNode | SecretsMessageNode;

const KINDS: ReadonlySet<string> = new Set(['secretsGroup', 'secretKey', 'secretDetail', 'secretsMessage']);

export function isSecretsNode(node: { kind: string }): node is SecretsNode {
  return KINDS.has(node.kind);
}

export function isSecretKind(v: unknown): v is SecretKind {
  return v === 'variable' || v === 'connection';
}

// Ids avoid the word "secret": command arguments are logged redacted, and `secret:…` reads as one.
export const secretNodeIds = {
  group: (envKey: string, what: SecretKind) => `${what}s:${envKey}`,
  /** What every key id of a group starts with. */
  keyPrefix: (envKey: string, what: SecretKind) => `${what}:${envKey}:`,
  key: (envKey: string, what: SecretKind, key: string) => `${secretNodeIds.keyPrefix(envKey, what)}${JSON.stringify(key)}`,
};

/** "Variables" / "Connections", "variable" / "connection". */
export const KIND_WORDS: Readonly<Record<SecretKind, { readonly plural: string; readonly one: string; readonly title: string }>> = {
  variable: { plural: 'Variables', one: 'variable', title: 'Variable' },
  connection: { plural: 'Connections', one: 'connection', title: 'Connection' },
};
