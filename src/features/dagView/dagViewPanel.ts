/**
 * One DAG view panel: the webview, the data behind it (a DagViewModel), the follower that keeps it
 * current, and the messages both ways. Every message from the webview is checked for shape
 * (core/dagView/messages) and its ids against what this panel showed before anything is done.
 */
import * as vscode from 'vscode';
import type { TaskInstance } from '../../core/airflow/models';
import { readRunInstances } from '../../core/airflow/runInstances';
import { describeError, isCancellation } from '../../core/errors';
import { parseWebviewMessage, type HostMessage, type WebviewMessage } from '../../core/dagView/messages';
import { DagViewModel } from '../../core/dagView/viewModel';
import type { ViewUpdate } from '../../core/dagView/viewTypes';
import type { Services } from '../../services/services';
import { isNotFound, loadFromAirflow, RUN_PAGE, type LoadedView } from './airflowSource';
import type { DagViewTarget } from './dagTargets';
import { loadLocal } from './localSource';
import type { Layouts } from './layouts';
import { RunFollower } from './runFollower';
import { clearTask, markRun, openLog, openTask, type ActionContext, type ActionResult } from './viewActions';
import { dagViewHtml, resourceRoots, VIEW_TYPE } from './webviewHtml';

/** What the panel last did, for the test seams and the bench. */
export interface PanelEvents {
  readonly painted: { seq: number; ms: number; at: number }[];
  readonly actions: { type: WebviewMessage['type']; result: ActionResult }[];
  readonly refused: number;
}

export class DagViewPanel implements vscode.Disposable {
  readonly panel: vscode.WebviewPanel;
  private view: LoadedView | undefined;
  private follower: RunFollower | undefined;
  private seq = 0;
  private ready = false;
  private select: string | undefined;
  /** The run the webview shows when the person picked one (its cells go first in an init). */
  private shownRun: string | undefined;
  private loading: Promise<void> | undefined;
  private readonly abort = new AbortController();
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly waiters: { seq: number; resolve: (ms: number) => void }[] = [];
  readonly events: { painted: PanelEvents['painted']; actions: PanelEvents['actions']; refused: number } = { painted: [], actions: [], refused: 0 };
  /** Set when the panel's own message handling fails (shown in the panel's status line too). */
  lastError: string | undefined;

  constructor(private readonly services: Services, private readonly layouts: Layouts, readonly target: DagViewTarget, private readonly onDispose: () => void) {
    const extensionUri = services.context.extensionUri;
    this.panel = vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('DAG {0}', target.dagId), { viewColumn: vscode.ViewColumn.Active, preserveFocus: false }, {
      enableScripts: true, localResourceRoots: resourceRoots(extensionUri),
    });
    this.panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'mwaa.svg');
    this.panel.webview.html = dagViewHtml(this.panel.webview, extensionUri, vscode.l10n.t('DAG {0}', target.dagId));
    this.subscriptions.push(
      this.panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m)),
      this.panel.onDidChangeViewState(() => this.follower?.kick()),
      this.panel.onDidDispose(() => this.dispose()),
      // Trusting the workspace lets the view read what it could not.
      services.trust.onDidGrant(() => void this.load()),
    );
  }

  get model(): DagViewModel | undefined {
    return this.view?.model;
  }

  get followStats(): RunFollower['stats'] | undefined {
    return this.follower?.stats;
  }

  get sources(): LoadedView['sources'] | undefined {
    return this.view?.sources;
  }

  /** Reads everything (again) and shows it; an error is said in the panel, never lost. */
  load(): Promise<void> {
    this.loading ??= this.read().finally(() => (this.loading = undefined));
    return this.loading;
  }

  private async read(): Promise<void> {
    this.post({ type: 'status', text: vscode.l10n.t('Reading…'), busy: true });
    const { services, target } = this;
    try {
      if (!services.trust.isTrusted) {
        this.show({ model: untrustedModel(target), sources: new Map() });
        return;
      }
      this.show(await this.readView());
    } catch (err) {
      if (isCancellation(err)) return;
      this.lastError = describeError(err);
      this.post({ type: 'status', text: vscode.l10n.t('Could not read {0}: {1}', target.dagId, this.lastError), busy: false });
      services.logger.warn(`DAG view ${target.dagId}: ${this.lastError}`);
      if (!this.view) this.show({ model: messageModel(target, vscode.l10n.t('Could not read {0}: {1}', target.dagId, this.lastError)), sources: new Map() });
    }
  }

  private async readView(): Promise<LoadedView> {
    const { services, target } = this;
    const signal = this.abort.signal;
    if (!target.envKey) return loadLocal(services, target.file!, target.dagId, undefined, signal);
    try {
      return await loadFromAirflow(services, { ...target, envKey: target.envKey }, signal);
    } catch (err) {
      if (!isNotFound(err) || !target.file) throw err;
      return loadLocal(services, target.file, target.dagId, vscode.l10n.t('Not deployed to its environment yet (Airflow answered 404)'), signal);
    }
  }

  /** Shows data read elsewhere (the bench's synthetic answers) instead of reading. */
  present(view: LoadedView): void {
    this.show(view);
  }

  private show(view: LoadedView): void {
    this.view = view;
    // Laid out while the webview starts: usually ready by the time it asks.
    if (view.model.tasks.length) void this.layouts.layout(view.model, []);
    this.follower?.dispose();
    this.follower = undefined;
    if (view.client && this.target.envKey) {
      this.follower = new RunFollower({
        envKey: this.target.envKey, model: view.model, client: view.client, hub: this.services.runUpdates, logger: this.services.logger,
        visible: () => this.panel.visible, intervalMs: () => this.services.settings.runsPollSeconds() * 1000,
        onUpdate: (u) => this.sendUpdate(u),
      });
      this.follower.kick();
    }
    void this.sendInit();
    this.post({ type: 'status', text: '', busy: false });
  }

  /** The whole view (with its default layout), once the webview is ready. */
  private async sendInit(): Promise<void> {
    const view = this.view;
    if (!this.ready || !view) return;
    const layout = view.model.tasks.length ? await this.layouts.layout(view.model, []) : undefined;
    if (this.view !== view) return; // read again meanwhile: that read sends its own
    const select = this.select !== undefined ? view.model.findTask(this.select) : undefined;
    this.select = undefined;
    const data = view.model.snapshot();
    // The shown run's cells first, the other runs' right after: the graph paints from a message a
    // run's size, not all runs' (5,000 cells for 200 tasks and 25 runs).
    const first = data.runs.some((r) => r.runId === this.shownRun) ? this.shownRun : data.runs[0]?.runId;
    const later = data.cells.filter((c) => c.runId !== first);
    this.post({ type: 'init', seq: ++this.seq, data: { ...data, cells: data.cells.filter((c) => c.runId === first) }, ...(select ? { select } : {}), ...(layout ? { layout } : {}) });
    if (later.length) this.sendUpdate({ runs: [], cells: later, runsTotal: data.runsTotal });
  }

  private sendUpdate(update: ViewUpdate): void {
    if (this.ready) this.post({ type: 'update', seq: ++this.seq, update });
  }

  private post(m: HostMessage): void {
    if (this.ready) void this.panel.webview.postMessage(m);
  }

  /**
   * A read of a run's task instances applied as a poll's would be (the bench); `full` sends the
   * whole view again instead of the update, as a view without incremental updates would. The seq
   * of the message sent.
   */
  async applyRead(runId: string, tis: readonly TaskInstance[], full = false): Promise<number> {
    const update = this.view?.model.applyInstances(runId, tis, false);
    if (full) await this.sendInit();
    else if (update) this.sendUpdate(update);
    return this.seq;
  }

  /** Brings the panel forward; with a task, shows and focuses it in the graph. */
  reveal(taskId?: string): void {
    this.panel.reveal(undefined, false);
    if (!taskId) return;
    const known = this.ready && !this.loading ? this.view?.model.findTask(taskId) : undefined;
    if (known) this.post({ type: 'select', taskId: known });
    else this.select = taskId;
  }

  /** Resolves with the webview's paint time once message `seq` (or a later one) is on screen. */
  whenPainted(seq = this.seq): Promise<number> {
    const done = this.events.painted.find((p) => p.seq >= seq);
    if (done) return Promise.resolve(done.ms);
    return new Promise((resolve) => this.waiters.push({ seq, resolve }));
  }

  get lastSeq(): number {
    return this.seq;
  }

  private async onMessage(raw: unknown): Promise<void> {
    const m = parseWebviewMessage(raw);
    if (!m) {
      this.events.refused++;
      this.services.logger.warn(`DAG view ${this.target.dagId}: refused a message from the webview that is not one of ours`);
      return;
    }
    try {
      await this.handle(m);
    } catch (err) {
      if (isCancellation(err)) return;
      this.lastError = describeError(err);
      this.post({ type: 'status', text: this.lastError, busy: false });
      this.services.notify.warn(vscode.l10n.t('DAG view: {0}', this.lastError));
    }
  }

  /** Handles one checked message (the test seams call this as the webview would). */
  async handle(m: WebviewMessage): Promise<ActionResult | undefined> {
    switch (m.type) {
      case 'ready':
        this.ready = true;
        if (this.view) await this.sendInit();
        else void this.load();
        return undefined;
      case 'layout':
        if (this.view) this.post({ type: 'layout', layout: await this.layouts.layout(this.view.model, m.collapsed) });
        return undefined;
      case 'painted':
        this.notePainted(m.seq, m.ms);
        return undefined;
      case 'refresh':
        await this.load();
        return undefined;
      case 'loadMore':
        await this.loadMore();
        return undefined;
      case 'selectRun':
        this.shownRun = m.runId;
        return undefined;
      default:
        return this.act(m);
    }
  }

  private notePainted(seq: number, ms: number): void {
    if (seq > this.seq) return; // not a message we sent
    this.events.painted.push({ seq, ms, at: Date.now() });
    if (this.events.painted.length > 50) this.events.painted.shift();
    for (const w of this.waiters.filter((x) => x.seq <= seq)) w.resolve(ms);
    this.waiters.splice(0, this.waiters.length, ...this.waiters.filter((x) => x.seq > seq));
  }

  private async act(m: Exclude<WebviewMessage, { type: 'ready' | 'painted' | 'refresh' | 'loadMore' | 'selectRun' | 'layout' }>): Promise<ActionResult> {
    const view = this.view;
    let result: ActionResult;
    if (!view || (m.type !== 'markRun' && !view.model.hasTask(m.taskId))) {
      result = { done: false, why: vscode.l10n.t('That task is not in this view.') };
    } else {
      const ctx = this.actionContext(view);
      result = m.type === 'openTask' ? await openTask(ctx, m.taskId)
        : m.type === 'openLog' ? await openLog(ctx, m.runId, m.taskId)
        : m.type === 'clearTask' ? await clearTask(ctx, m.runId, m.taskId)
        : await markRun(ctx, m.runId, m.state);
    }
    this.events.actions.push({ type: m.type, result });
    if (this.events.actions.length > 50) this.events.actions.shift();
    if (!result.done && result.why !== 'not confirmed') this.post({ type: 'status', text: result.why, busy: false });
    return result;
  }

  private actionContext(view: LoadedView): ActionContext {
    return {
      services: this.services, envKey: this.target.envKey, model: view.model, sources: view.sources,
      ...(view.dagSource ? { dagSource: view.dagSource } : {}), panelColumn: this.panel.viewColumn,
      refreshRun: async (runId) => {
        if (this.follower) await this.follower.refreshRun(runId);
      },
    };
  }

  private async loadMore(): Promise<void> {
    const view = this.view;
    if (!view?.client || !this.target.envKey || view.model.runCount >= view.model.runsTotal) return;
    const page = await view.client.listRuns([this.target.dagId], { limit: RUN_PAGE, offset: view.model.runCount });
    const added = view.model.appendRuns(page.items, page.total);
    const read = await readRunInstances(view.client, added.runs.map((r) => ({ dagId: this.target.dagId, runId: r.runId })));
    const cells = view.model.applyRunsInstances(added.runs.map((r) => r.runId), read.items, !read.truncated)?.cells ?? [];
    this.sendUpdate({ ...added, cells });
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.abort.abort();
    this.follower?.dispose();
    this.subscriptions.forEach((s) => s.dispose());
    this.panel.dispose();
    for (const w of this.waiters.splice(0)) w.resolve(-1);
    this.onDispose();
  }
}

function untrustedModel(target: DagViewTarget): DagViewModel {
  return messageModel(target, vscode.l10n.t('This workspace is not trusted, so the DAG view does not call AWS or run DAG code to parse it. Trust the workspace (Manage Workspace Trust) to see the DAG.'));
}

function messageModel(target: DagViewTarget, notice: string): DagViewModel {
  const model = new DagViewModel({ dagId: target.dagId, title: target.dagId, source: target.envKey ? 'airflow' : 'local', tasks: [], groups: [], linked: [], canAct: false, notices: [notice] });
  model.setRuns([], 0);
  return model;
}
