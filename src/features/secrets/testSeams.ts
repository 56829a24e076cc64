/**
 * The secrets feature's test seams (test mode only, from src/testSeams.ts): an environment's
 * Variables and Connections as data, the feature's state, the connection form's messages, a
 * collapse, and where the extension keeps logs and state (so a test can search them for values).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { TreeSnapshot } from '../../services/environmentTree';
import type { Services } from '../../services/services';
import { itemSnapshot } from '../../services/treeItemSnapshot';
import type { SecretsHandle } from './activation';
import type { SecretsState } from './secretsFeature';
import type { SecretsNode } from './secretsNodes';

export type { SecretsState, TreeSnapshot };

export const SECRETS_SEAMS = {
  /** `(envKey, depth = 3)` -> TreeSnapshot[]: Variables and Connections with what is under them. */
  tree: '_mwaa.secretsTree',
  /** `()` -> SecretsState & { storage }. */
  state: '_mwaa.secretsState',
  /** `(message)` -> { saved, errors? }: a message to the open connection form, as its page would post it. */
  formMessage: '_mwaa.secretsFormMessage',
  /** `(nodeId)` -> what the view does when that node collapses. */
  collapse: '_mwaa.secretsCollapse',
} as const;

/** Where the extension writes: logs, storage, the user's settings folder. */
export interface SecretsStorage {
  readonly logDir: string;
  readonly globalStorage: string;
  readonly workspaceStorage?: string;
  readonly userDir: string;
  /** globalState and workspaceState as JSON text. */
  readonly stateText: string;
}

export function registerSecretsSeams(services: Services, handle: SecretsHandle): void {
  services.commands.registerTable({
    [SECRETS_SEAMS.tree]: (envKey: string, depth?: number) => snapshot(handle, [handle.groups.get(envKey, 'variable'), handle.groups.get(envKey, 'connection')], typeof depth === 'number' ? depth : 3),
    [SECRETS_SEAMS.state]: (): SecretsState & { storage: SecretsStorage } => ({ ...handle.part.get().state(), storage: storage(services) }),
    [SECRETS_SEAMS.formMessage]: async (message: unknown) => {
      const form = handle.part.get().ctx.forms.current;
      if (!form) throw new Error('no connection form is open');
      return form.receive(message);
    },
    [SECRETS_SEAMS.collapse]: (id: string) => {
      const part = handle.part.get();
      const node = part.ctx.tree.byId(id);
      if (node) part.collapsed(node);
      return node !== undefined;
    },
  });
}

async function snapshot(handle: SecretsHandle, nodes: readonly SecretsNode[], depth: number): Promise<TreeSnapshot[]> {
  const part = handle.part.get();
  const out: TreeSnapshot[] = [];
  for (const n of nodes) {
    const item = part.treeItem(n);
    const open = depth > 1 && item.collapsibleState !== vscode.TreeItemCollapsibleState.None;
    out.push({
      ...itemSnapshot(item),
      ...(open ? { children: await snapshot(handle, await part.children(n), depth - 1) } : {}),
    });
  }
  return out;
}

function storage(services: Services): SecretsStorage {
  const { context } = services;
  const state = (m: vscode.Memento) => Object.fromEntries(m.keys().map((k) => [k, m.get(k)]));
  return {
    logDir: path.dirname(context.logUri.fsPath),
    globalStorage: context.globalStorageUri.fsPath,
    ...(context.storageUri ? { workspaceStorage: context.storageUri.fsPath } : {}),
    // …/User/globalStorage/<extension id>: the user folder holds settings.json and the state database.
    userDir: path.dirname(path.dirname(context.globalStorageUri.fsPath)),
    stateText: JSON.stringify({ global: state(context.globalState), workspace: state(context.workspaceState) }),
  };
}
