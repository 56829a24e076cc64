/**
 * The TreeDataProvider: renders the model's nodes as TreeItems (icons and colours from the status
 * table, a tooltip with what matters before opening anything, `contextValue` for the menus). The
 * first getChildren call is what loads the SDK and lists: nothing happens before the view is seen.
 */
import * as vscode from 'vscode';
import type { MwaaEnvironment } from '../../core/mwaa/environment';
import { isRunsNode, type RunsNode } from '../runs/runNodes';
import type { RunsTree } from '../runs/runsTree';
import { runsTreeItem } from '../runs/runsTreeItems';
import type { BindingStore } from './bindingStore';
import type { EnvironmentsModel } from './environmentsModel';
import { accessMode, environmentDetails, environmentKey, type EnvNode } from './treeNodes';

export class EnvironmentsProvider implements vscode.TreeDataProvider<EnvNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<EnvNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private readonly parents = new Map<string, EnvNode | undefined>();
  private readonly subscriptions: Array<{ dispose(): void }> = [];
  private runs: RunsTree | undefined;

  constructor(private readonly model: EnvironmentsModel, private readonly bindings: BindingStore) {
    this.subscriptions.push(model.onDidChange(() => this.emitter.fire(undefined)), bindings.onDidChange(() => this.emitter.fire(undefined)));
  }

  /** DAGs, runs and import errors under each usable environment (the runs feature). */
  attachRuns(runs: RunsTree): void {
    this.runs = runs;
    this.subscriptions.push(runs.onDidChange((node) => this.emitter.fire(node)));
    this.emitter.fire(undefined);
  }

  async getChildren(node?: EnvNode): Promise<EnvNode[]> {
    if (!node) {
      await this.model.ensureLoaded();
      const roots = this.model.roots({ bindings: this.boundFolders() });
      this.parents.clear();
      this.envNodes.clear();
      this.index(roots, undefined);
      return roots;
    }
    if (isRunsNode(node)) return this.runs ? this.runs.children(node) : [];
    const children = childrenOf(node, this.runs);
    this.index(children, node);
    return children;
  }

  getParent(node: EnvNode): EnvNode | undefined {
    if (isRunsNode(node)) return this.runs?.parentOf(node) ?? this.environmentNodeOf(node);
    return this.parents.get(node.id);
  }

  getTreeItem(node: EnvNode): vscode.TreeItem {
    if (isRunsNode(node)) return runsTreeItem(node, this.runs!);
    return toTreeItem(node);
  }

  /** The environment node a top runs node hangs under (as last listed). */
  private environmentNodeOf(node: RunsNode): EnvNode | undefined {
    return this.envNodes.get(`env:${node.envKey}`);
  }

  private readonly envNodes = new Map<string, EnvNode>();

  /** The environment node currently shown for a key (for reveal). */
  async nodeFor(key: string): Promise<EnvNode | undefined> {
    const find = (nodes: readonly EnvNode[]): EnvNode | undefined => {
      for (const n of nodes) {
        if (n.kind === 'environment' && n.key === key) return n;
        const found = n.kind === 'profile' || n.kind === 'region' ? find(n.children) : undefined;
        if (found) return found;
      }
      return undefined;
    };
    return find(await this.getChildren());
  }

  private index(nodes: readonly EnvNode[], parent: EnvNode | undefined): void {
    for (const n of nodes) {
      this.parents.set(n.id, parent);
      if (n.kind === 'environment') this.envNodes.set(n.id, n);
      if (n.kind === 'profile' || n.kind === 'region') this.index(n.children, n);
    }
  }

  /** Environment key -> names of the workspace folders bound to it. */
  private boundFolders(): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const [uri, b] of Object.entries(this.bindings.all())) {
      const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.parse(uri));
      if (!folder) continue; // bindings of folders not open in this window
      const key = environmentKey(b);
      out.set(key, [...(out.get(key) ?? []), folder.name]);
    }
    return out;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.emitter.dispose();
  }
}

function childrenOf(node: EnvNode, runs: RunsTree | undefined): EnvNode[] {
  switch (node.kind) {
    case 'profile':
    case 'region':
      return [...node.children];
    case 'environment':
      // DAGs and import errors first: what a user opens most; not for an environment that cannot run anything.
      return [...(runs && node.env.statusInfo.usable !== 'no' ? runs.environmentChildren(node.key) : []), ...environmentDetails(node.env)];
    case 'detail':
      return [...(node.children ?? [])];
    case 'error':
      return [...node.children];
    default:
      return [];
  }
}

export function toTreeItem(node: Exclude<EnvNode, RunsNode>): vscode.TreeItem {
  const C = vscode.TreeItemCollapsibleState;
  switch (node.kind) {
    case 'profile': {
      const item = new vscode.TreeItem(node.profile, C.Expanded);
      item.iconPath = new vscode.ThemeIcon('account');
      item.contextValue = 'mwaa.profile';
      if (node.hasErrors) item.description = 'has errors';
      return withId(item, node.id);
    }
    case 'region': {
      const item = new vscode.TreeItem(node.region, C.Expanded);
      item.iconPath = new vscode.ThemeIcon('globe');
      item.contextValue = 'mwaa.region';
      if (node.hasErrors) item.description = 'has errors';
      return withId(item, node.id);
    }
    case 'environment':
      return environmentItem(node.env, node.boundTo, node.id);
    case 'detail': {
      const item = new vscode.TreeItem(node.label, node.children?.length ? C.Collapsed : C.None);
      item.description = node.value;
      item.tooltip = node.tooltip ?? `${node.label}: ${node.value}`;
      item.iconPath = new vscode.ThemeIcon(node.icon, node.warning ? new vscode.ThemeColor('charts.yellow') : undefined);
      item.contextValue = node.copy ? 'mwaa.detail.copyable' : 'mwaa.detail';
      return withId(item, node.id);
    }
    case 'error': {
      const item = new vscode.TreeItem(node.error.title, node.children.length ? C.Expanded : C.None);
      item.description = node.where;
      item.tooltip = new vscode.MarkdownString(`**${node.error.title}** (${node.where})\n\n${node.error.message}`);
      const transient = node.error.kind === 'throttled' || node.error.kind === 'network';
      item.iconPath = new vscode.ThemeIcon(transient ? 'warning' : 'error', new vscode.ThemeColor(transient ? 'charts.yellow' : 'charts.red'));
      item.contextValue = `mwaa.error.${node.error.kind}`;
      return withId(item, node.id);
    }
    case 'action': {
      const item = new vscode.TreeItem(node.action.label, C.None);
      item.iconPath = new vscode.ThemeIcon(node.action.command === 'mwaa.ssoLogin' ? 'terminal' : node.action.command === 'mwaa.refreshEnvironments' ? 'refresh' : 'go-to-file');
      item.command = { title: node.action.label, command: node.action.command, arguments: [...(node.action.args ?? [])] };
      item.contextValue = 'mwaa.action';
      return withId(item, node.id);
    }
    case 'message': {
      const item = new vscode.TreeItem(node.label, C.None);
      item.tooltip = node.tooltip;
      item.iconPath = new vscode.ThemeIcon(node.icon);
      if (node.action) item.command = { title: node.action.label, command: node.action.command, arguments: [...(node.action.args ?? [])] };
      item.contextValue = 'mwaa.message';
      return withId(item, node.id);
    }
  }
}

function environmentItem(env: MwaaEnvironment, boundTo: readonly string[], id: string): vscode.TreeItem {
  const info = env.statusInfo;
  const item = new vscode.TreeItem(env.name, vscode.TreeItemCollapsibleState.Collapsed);
  const version = env.airflowVersion.raw || '?';
  item.description = [version, info.label, boundTo.length ? `bound to ${boundTo.join(', ')}` : ''].filter(Boolean).join(' · ');
  item.iconPath = new vscode.ThemeIcon(info.icon, info.color ? new vscode.ThemeColor(info.color) : undefined);
  item.tooltip = environmentTooltip(env);
  // e.g. mwaa.environment.available, mwaa.environment.update_failed.bound: menus match on prefixes.
  item.contextValue = `mwaa.environment.${info.status.toLowerCase()}${boundTo.length ? '.bound' : ''}`;
  return withId(item, id);
}

export function environmentTooltip(env: MwaaEnvironment): vscode.MarkdownString {
  const md = new vscode.MarkdownString('', true);
  md.supportThemeIcons = true;
  const info = env.statusInfo;
  md.appendMarkdown(`**${escape(env.name)}** $(${info.icon.replace(/~spin$/, '')}) ${escape(info.label)}\n\n`);
  md.appendMarkdown(`${escape(info.description)}\n\n`);
  const rows: Array<[string, string | undefined]> = [
    ['Airflow', env.airflowVersion.display.replace(/^Airflow /, '')],
    ['Class', env.environmentClass],
    ['Workers', env.minWorkers !== undefined || env.maxWorkers !== undefined ? `${env.minWorkers ?? '?'}–${env.maxWorkers ?? '?'}` : undefined],
    ['Schedulers', env.schedulers?.toString()],
    ['Web server', env.webserverAccessMode ? accessMode(env.webserverAccessMode) : undefined],
    ['Profile', `${env.profile} · ${env.region}`],
  ];
  const u = env.lastUpdate;
  if (u) rows.push(['Last update', [u.status, u.createdAt?.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')].filter(Boolean).join(', ')]);
  for (const [k, v] of rows) if (v) md.appendMarkdown(`${k}: ${escape(v)}  \n`);
  if (u?.error) md.appendMarkdown(`\n$(warning) ${escape(`${u.error.code ?? 'Error'}: ${u.error.message ?? ''}`)}\n`);
  return md;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>$]/g, '\\$&');
}

function withId(item: vscode.TreeItem, id: string): vscode.TreeItem {
  item.id = id;
  return item;
}

/** The tree as plain data, through the same calls VS Code makes: the test seam. */
export interface TreeSnapshot {
  readonly id?: string;
  readonly label: string;
  readonly description?: string;
  readonly tooltip?: string;
  readonly icon?: string;
  readonly color?: string;
  readonly contextValue?: string;
  readonly command?: { command: string; arguments?: unknown[] };
  readonly children?: TreeSnapshot[];
  readonly taskLog?: unknown;
  readonly runLog?: unknown;
}

/**
 * `runs`: also descend into DAGs, runs and import errors (they read from Airflow, so the
 * environments' own snapshot leaves them closed).
 */
export async function snapshotTree(provider: EnvironmentsProvider, depth: number, node?: EnvNode, runs = false): Promise<TreeSnapshot[]> {
  const nodes = await provider.getChildren(node);
  const out: TreeSnapshot[] = [];
  for (const n of nodes) {
    const item = provider.getTreeItem(n);
    const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath : undefined;
    const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : item.tooltip;
    const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
    out.push({
      label,
      ...(item.id ? { id: item.id } : {}),
      ...(typeof item.description === 'string' ? { description: item.description } : {}),
      ...(tooltip ? { tooltip } : {}),
      ...(icon ? { icon: icon.id } : {}),
      ...(icon?.color ? { color: icon.color.id } : {}),
      ...(item.contextValue ? { contextValue: item.contextValue } : {}),
      ...(item.command ? { command: { command: item.command.command, ...(item.command.arguments ? { arguments: item.command.arguments } : {}) } } : {}),
      ...((n as { taskLog?: unknown }).taskLog ? { taskLog: (n as { taskLog?: unknown }).taskLog } : {}),
      ...((n as { runLog?: unknown }).runLog ? { runLog: (n as { runLog?: unknown }).runLog } : {}),
      ...(depth > 1 && item.collapsibleState !== vscode.TreeItemCollapsibleState.None && (runs || !isRunsNode(n)) ? { children: await snapshotTree(provider, depth - 1, n, runs) } : {}),
    });
  }
  return out;
}
