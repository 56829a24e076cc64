/**
 * The environments feature's test seams (test mode only, from src/testSeams.ts): the tree and the
 * live state as data. Each loads the explorer, as opening the view would.
 */
import * as vscode from 'vscode';
import type { TreeSnapshot } from '../../services/environmentTree';
import type { Services } from '../../services/services';
import type { EnvironmentsHandle } from './activation';
import { pendingProposals } from './bindingProposal';

export type { TreeSnapshot };

export const ENVIRONMENT_SEAMS = {
  /** `(depth = 3)` -> TreeSnapshot[]: the environments' own nodes (contributed ones left closed). */
  tree: '_mwaa.environmentsTree',
  /** `()` -> EnvironmentsState. */
  state: '_mwaa.environmentsState',
} as const;

export interface EnvironmentsState {
  readonly loaded: boolean;
  /** Keys of the environments being polled now. */
  readonly polling: readonly string[];
  /** Settle and deletion notices shown, oldest first. */
  readonly notifications: readonly string[];
  /** The bound-environment status bar item's text; absent when hidden. */
  readonly statusBar?: string;
  /** Binding proposals not yet bound or dismissed: the folder each would bind, or why it cannot be offered. */
  readonly proposals: readonly { target: string; environment: string; problem?: string }[];
  /** The proposed-binding status bar item's text; absent when hidden. */
  readonly proposalStatus?: string;
  /** What clicking it runs: `{ command, arguments }`. */
  readonly proposalCommand?: { readonly command: string; readonly arguments?: readonly unknown[] };
  /** Bound folders (file system paths). */
  readonly boundFolders: readonly string[];
  readonly environments: readonly { name: string; profile: string; region: string; status: string }[];
}

export function registerEnvironmentSeams(services: Services, handle: EnvironmentsHandle): void {
  services.commands.registerTable({
    [ENVIRONMENT_SEAMS.tree]: (depth?: number): Promise<TreeSnapshot[]> => handle.explorer.get().snapshot(typeof depth === 'number' ? depth : 3),
    [ENVIRONMENT_SEAMS.state]: (): EnvironmentsState => environmentsState(services, handle),
  });
}

function environmentsState(services: Services, handle: EnvironmentsHandle): EnvironmentsState {
  const explorer = handle.explorer.get();
  const { model } = services.environments;
  return {
    loaded: model.isLoaded,
    polling: explorer.polling,
    notifications: services.notify.recorded('environments').map((n) => n.message),
    statusBar: handle.statusBar.text,
    proposals: pendingProposals(services, services.context.globalState).map((p) => ({ target: p.target.fsPath, environment: p.environment, ...(p.problem ? { problem: p.problem } : {}) })),
    proposalStatus: handle.proposalStatus(),
    proposalCommand: handle.proposalCommand(),
    boundFolders: Object.keys(services.bindings.all()).map((u) => vscode.Uri.parse(u).fsPath),
    environments: model.environments().map((e) => ({ name: e.name, profile: e.profile, region: e.region, status: e.status })),
  };
}
