/**
 * The runs feature's test seams (test mode only, from src/testSeams.ts): an environment's runs
 * subtree as data, and polling / notification state.
 */
import type { TreeSnapshot } from '../../services/environmentTree';
import type { Services } from '../../services/services';
import type { RunsHandle } from './activation';
import type { RunsState } from './runsFeature';

export type { RunsState, TreeSnapshot };
export type { RunEndNotice } from './runEndNotices';

export const RUNS_SEAMS = {
  /** `(envKey, depth = 3)` -> TreeSnapshot[]: the nodes under the environment, contributed ones opened. */
  tree: '_mwaa.runsTree',
  /** `(envKey?)` -> RunsState (`clientCalls` only with an envKey). */
  state: '_mwaa.runsState',
} as const;

export function registerRunsSeams(services: Services, handle: RunsHandle): void {
  services.commands.registerTable({
    [RUNS_SEAMS.tree]: (envKey: string, depth?: number) => runsTree(services, envKey, typeof depth === 'number' ? depth : 3),
    [RUNS_SEAMS.state]: (envKey?: string): Promise<RunsState> => handle.runs.get().state(envKey),
  });
}

async function runsTree(services: Services, envKey: string, depth: number): Promise<TreeSnapshot[]> {
  const host = services.environmentTree.host;
  const env = await host.nodeFor(envKey);
  if (!env) throw new Error(`environment ${envKey} is not in the tree`);
  return host.snapshot(depth, env, true);
}
