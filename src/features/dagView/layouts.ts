/**
 * Graph layouts for every DAG view panel: computed by elkjs on one warm worker thread (its own
 * bundle, loaded on the first layout), remembered by structure and collapsed groups, so opening a
 * view again or expanding a group back costs nothing. A panel asks as soon as it has its data,
 * while its webview is still starting, so the layout is usually there when the webview is.
 */
import type * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import type * as LayoutWorkerModule from '../../core/dagView/layoutWorker';
import { layoutInput, type Placed } from '../../core/dagView/graphModel';
import type { LayoutReply } from '../../core/dagView/messages';
import type { DagViewModel } from '../../core/dagView/viewModel';
import { collapsedKey } from '../../core/dagView/viewTypes';

/** Layouts kept (a 200-task layout is about 60 KB). */
const MAX_CACHED = 40;

export class Layouts implements vscode.Disposable {
  private client: LayoutWorkerModule.LayoutWorkerClient | undefined;
  private readonly cache = new Map<string, Promise<Placed>>();

  /** The layout of the model's graph with these groups collapsed (unknown group ids are ignored). */
  async layout(model: DagViewModel, collapsed: readonly string[]): Promise<LayoutReply> {
    const groups = new Set(model.groups.map((g) => g.id));
    const kept = [...new Set(collapsed.filter((g) => groups.has(g)))].sort();
    const key = `${model.key}|${collapsedKey(kept)}`;
    let placed = this.cache.get(key);
    if (placed) {
      // Most recently used last: the first entry is the one to drop.
      this.cache.delete(key);
    } else {
      placed = this.worker().layout(layoutInput(model.tasks, model.groups, new Set(kept)));
      placed.catch(() => this.cache.delete(key));
    }
    this.cache.set(key, placed);
    while (this.cache.size > MAX_CACHED) this.cache.delete(this.cache.keys().next().value!);
    try {
      return { structureKey: model.key, collapsed: kept, placed: await placed };
    } catch (err) {
      return { structureKey: model.key, collapsed: kept, error: describeError(err) };
    }
  }

  get stats(): { layouts: number; starts: number } | undefined {
    return this.client?.stats;
  }

  private worker(): LayoutWorkerModule.LayoutWorkerClient {
    if (!this.client) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the `dagLayout` bundle, loaded on the first layout
      const { LayoutWorkerClient } = require('../../core/dagView/layoutWorker') as typeof LayoutWorkerModule;
      this.client = new LayoutWorkerClient();
    }
    return this.client;
  }

  dispose(): void {
    this.client?.dispose();
    this.cache.clear();
  }
}
