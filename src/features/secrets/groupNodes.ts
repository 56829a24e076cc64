import { secretNodeIds, type SecretKind, type SecretsGroupNode } from './secretsNodes';

/**
 * The "Variables" and "Connections" nodes of each environment, one object per id for the life of
 * the window: the view matches refreshed elements by reference, so a node fired as changed must be
 * the very object it was given. Made at activation (cheap); the rest of the feature loads on the
 * first expansion.
 */
export class GroupNodes {
  private readonly nodes = new Map<string, SecretsGroupNode>();

  get(envKey: string, what: SecretKind): SecretsGroupNode {
    const id = secretNodeIds.group(envKey, what);
    let node = this.nodes.get(id);
    if (!node) {
      node = { kind: 'secretsGroup', id, envKey, what };
      this.nodes.set(id, node);
    }
    return node;
  }

  /** The group nodes made so far for an environment (or for all). */
  of(envKey?: string): SecretsGroupNode[] {
    return [...this.nodes.values()].filter((n) => envKey === undefined || n.envKey === envKey);
  }
}
