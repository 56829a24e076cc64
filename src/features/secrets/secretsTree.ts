/**
 * The secrets tree's reading side: the children of "Variables" / "Connections" (listed on each
 * expansion and refresh), the lines under a key (its sources, and its value while revealed), and
 * the node objects by id so a change fires on the object the view holds.
 */
import type * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { WorkspaceTrust } from '../../services/trust';
import type { EnvironmentSecrets } from './environmentSecrets';
import { listGroup } from './groupListing';
import type { GroupNodes } from './groupNodes';
import { RevealedValues } from './revealedValues';
import { readKeyValue, valueLines } from './secretValues';
import { KIND_WORDS, secretNodeIds, type SecretDetailNode, type SecretKeyNode, type SecretsGroupNode, type SecretsMessageNode, type SecretsNode } from './secretsNodes';

export interface SecretsTreeDeps {
  readonly sources: EnvironmentSecrets;
  readonly groups: GroupNodes;
  readonly trust: WorkspaceTrust;
  readonly logger: Logger;
  /** Renders a node (or everything) again. */
  readonly fire: (node: SecretsNode | undefined) => void;
}

export class SecretsTree implements vscode.Disposable {
  private readonly nodes = new Map<string, SecretsNode>();
  readonly revealed: RevealedValues;

  constructor(private readonly deps: SecretsTreeDeps) {
    this.revealed = new RevealedValues((id) => this.fireId(id));
  }

  async children(node: SecretsNode): Promise<SecretsNode[]> {
    if (node.kind === 'secretsGroup') return this.groupChildren(node);
    if (node.kind === 'secretKey') return this.keyChildren(node);
    return [];
  }

  parentOf(node: SecretsNode): SecretsNode | undefined {
    if (!node.parentId) return undefined;
    return this.nodes.get(node.parentId) ?? this.deps.groups.of(node.envKey).find((g) => g.id === node.parentId);
  }

  byId(id: string): SecretsNode | undefined {
    return this.nodes.get(id) ?? this.deps.groups.of().find((g) => g.id === id);
  }

  /** Key nodes as last listed under an environment's group. */
  keysOf(group: SecretsGroupNode): SecretKeyNode[] {
    return [...this.nodes.values()].filter((n): n is SecretKeyNode => n.kind === 'secretKey' && n.parentId === group.id);
  }

  /** Lists an environment's groups again (its configuration too); revealed values are dropped. */
  refresh(envKey: string): void {
    this.deps.sources.forget(envKey);
    this.revealed.dropWhere((id) => this.nodes.get(id)?.envKey === envKey);
    for (const g of this.deps.groups.of(envKey)) this.deps.fire(g);
  }

  /** Lists one group again after a write (the configuration read stays). */
  relist(envKey: string, what: SecretsGroupNode['what']): void {
    this.deps.fire(this.deps.groups.get(envKey, what));
  }

  /** Reads the value of a key and shows it under the key until hidden. */
  async reveal(node: SecretKeyNode, signal?: AbortSignal): Promise<void> {
    const src = await this.deps.sources.sources(node.envKey, signal ? { signal } : {});
    const value = await readKeyValue(src, node, signal);
    this.revealed.set(node.id, valueLines(node, value));
    this.fireId(node.id);
  }

  /** Drops a revealed value (and those under a collapsed group); true when one was shown. */
  hide(node: SecretsNode): boolean {
    const dropped = node.kind === 'secretsGroup'
      ? this.revealed.dropWhere((id) => this.nodes.get(id)?.parentId === node.id)
      : this.revealed.drop(node.id) ? [node.id] : [];
    for (const id of dropped) this.fireId(id);
    return dropped.length > 0;
  }

  private fireId(id: string): void {
    const node = this.nodes.get(id);
    if (node) this.deps.fire(node);
  }

  private async groupChildren(group: SecretsGroupNode): Promise<SecretsNode[]> {
    let out: SecretsNode[];
    if (!this.deps.trust.isTrusted) {
      out = [this.message(group, 'untrusted', 'Not listed in Restricted Mode', `This workspace is not trusted, so the MWAA Toolkit makes no AWS call. Trust the workspace to see the environment's ${KIND_WORDS[group.what].plural.toLowerCase()}.`, 'shield', { command: 'workbench.trust.manage', args: [] })];
    } else {
      try {
        out = await listGroup(group, await this.deps.sources.sources(group.envKey));
      } catch (err) {
        const text = describeError(err);
        this.deps.logger.warn(`secrets tree: ${group.id}: ${text}`);
        out = [this.message(group, 'error', `Could not list: ${text.split('\n')[0]!.slice(0, 160)}`, text, 'error')];
      }
    }
    this.replaceChildren(group, out);
    return out;
  }

  /** Where the key is found, then (while revealed) its value. */
  private keyChildren(node: SecretKeyNode): SecretsNode[] {
    const out: SecretDetailNode[] = [];
    const detail = (suffix: string, label: string, description: string, tooltip: string, icon: string): SecretDetailNode =>
      ({ kind: 'secretDetail', id: `${node.id}:${suffix}`, envKey: node.envKey, parentId: node.id, label, description, tooltip, icon });
    if (node.secret) {
      const changed = node.secret.lastChanged ? `changed ${node.secret.lastChanged.toISOString().replace(/\.\d+Z$/, 'Z')}` : 'last change unknown';
      const use = node.winner === 'secret' ? ' · used' : node.secretIgnored ? ' · not read: the lookup pattern excludes this key' : '';
      out.push(detail('secret', `Secrets Manager: ${node.secret.name}`, `${changed}${use}`, node.secret.arn ?? node.secret.name, 'lock'));
    } else if (node.secretName) {
      out.push(detail('secret', 'Secrets Manager: not found', node.secretName, `Airflow would look for the secret ${node.secretName}.`, 'circle-slash'));
    }
    if (node.metastore) {
      out.push(detail('metastore', 'Metastore (Airflow API)', node.winner === 'metastore' ? 'used' : 'shadowed by the secret', node.winner === 'metastore' ? 'Airflow reads this one.' : 'Airflow finds the secret first and never reads this one.', 'database'));
    }
    const value = this.revealed.lines(node.id);
    const all = [...out, ...(value ?? [])];
    for (const n of all) this.nodes.set(n.id, n);
    return all;
  }

  private replaceChildren(group: SecretsGroupNode, children: SecretsNode[]): void {
    const old = [...this.nodes.values()].filter((n) => n.parentId === group.id || this.nodes.get(n.parentId ?? '')?.parentId === group.id);
    for (const n of old) this.nodes.delete(n.id);
    // A key listed again keeps its revealed value only while the same key is still there.
    const keep = new Set(children.map((c) => c.id));
    this.revealed.dropWhere((id) => id.startsWith(secretNodeIds.keyPrefix(group.envKey, group.what)) && !keep.has(id));
    for (const c of children) this.nodes.set(c.id, c);
  }

  private message(parent: SecretsNode, suffix: string, label: string, tooltip: string, icon: string, command?: SecretsMessageNode['command']): SecretsMessageNode {
    return { kind: 'secretsMessage', id: `${parent.id}:${suffix}`, envKey: parent.envKey, parentId: parent.id, label, tooltip, icon, ...(command ? { command } : {}) };
  }

  dispose(): void {
    this.revealed.clear();
    this.nodes.clear();
  }
}
