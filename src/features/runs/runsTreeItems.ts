/** TreeItems for the runs nodes: state icons and colours, descriptions, tooltips, contextValues. */
import * as vscode from 'vscode';
import { dagDescription, formatTimestamp, importErrorsDescription, runDescription, runLabel, stateLook, taskDescription, taskLabel } from '../../core/airflow/runsView';
import type { TaskInstance } from '../../core/airflow/models';
import { COMMANDS } from '../../host/commandIds';
import { rowLabel } from '../../host/treeItemLabel';
import type { RunsNode } from './runNodes';
import type { RunsTree } from './runsTree';

export function runsTreeItem(node: RunsNode, tree: RunsTree): vscode.TreeItem {
  const C = vscode.TreeItemCollapsibleState;
  const icon = (id: string, color?: string) => new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
  let item: vscode.TreeItem;
  switch (node.kind) {
    case 'dags': {
      item = new vscode.TreeItem('DAGs', C.Collapsed);
      // The count is on the "Load more…" line: this line is drawn before the DAGs are read.
      const filter = tree.filterOf(node.envKey);
      if (filter) item.description = vscode.l10n.t('filter: {0}', filter);
      item.iconPath = icon(filter ? 'filter' : 'symbol-class');
      item.tooltip = filter ? vscode.l10n.t('DAGs whose id contains "{0}". Clear the filter to see all.', filter) : vscode.l10n.t('The DAGs Airflow has parsed, 100 at a time.');
      item.contextValue = filter ? 'mwaa.dags.filtered' : 'mwaa.dags';
      break;
    }
    case 'importErrors': {
      item = new vscode.TreeItem(vscode.l10n.t('Import errors'), C.Collapsed);
      const { errors, inWorkspace = 0 } = tree.remoteImportErrorsOf(node.envKey);
      if (errors) item.description = importErrorsDescription(inWorkspace, errors.length);
      const any = (errors?.length ?? 0) + inWorkspace > 0;
      item.iconPath = icon(any ? 'warning' : 'bug', any ? 'charts.yellow' : undefined);
      item.tooltip = vscode.l10n.t('Files Airflow could not import. Those in a bound folder are in the Problems panel; the others are listed here.');
      item.contextValue = 'mwaa.importErrors';
      break;
    }
    case 'dag': {
      item = new vscode.TreeItem(node.dag.dagId, C.Collapsed);
      item.description = dagDescription(node.dag, node.lastRun);
      const look = node.lastRun ? stateLook(node.lastRun.state) : undefined;
      item.iconPath = node.dag.isPaused ? icon('debug-pause', 'disabledForeground') : look ? icon(look.icon.replace('~spin', ''), look.color) : icon('symbol-event');
      const md = new vscode.MarkdownString();
      md.appendMarkdown(`**${esc(node.dag.dagId)}**${node.dag.isPaused ? ' (paused)' : ''}\n\n`);
      if (node.dag.description) md.appendMarkdown(`${esc(node.dag.description)}\n\n`);
      for (const [k, v] of [[vscode.l10n.t('Schedule'), node.dag.schedule ?? 'none'], [vscode.l10n.t('Tags'), node.dag.tags.join(', ')], [vscode.l10n.t('Owners'), node.dag.owners.join(', ')], [vscode.l10n.t('File'), node.dag.fileloc], [vscode.l10n.t('Last run'), node.lastRun ? `${node.lastRun.runId} (${node.lastRun.state})` : undefined]] as const) {
        if (v) md.appendMarkdown(`${k}: ${esc(v)}  \n`);
      }
      item.tooltip = md;
      item.contextValue = node.dag.isPaused ? 'mwaa.dag.paused' : 'mwaa.dag.active';
      break;
    }
    case 'run': {
      const conf = node.run.conf && Object.keys(node.run.conf).length ? vscode.l10n.t('\nconf: {0}', JSON.stringify(node.run.conf)) : '';
      item = stateItem(runLabel(node.run), C.Collapsed, node.run.state, runDescription(node.run), (look) => `${node.run.runId}\n${look}${conf}`);
      item.contextValue = `mwaa.run.${node.run.state || 'none'}`;
      break;
    }
    case 'task': {
      const ti = node.ti;
      item = stateItem(taskLabel(ti), C.None, ti.state, taskDescription(ti), (look) => taskTooltip(ti, look));
      item.contextValue = `mwaa.task.${ti.state ?? 'none'}`;
      break;
    }
    case 'importError': {
      const summary = node.error.stackTrace.trim().split('\n').at(-1) ?? '';
      item = new vscode.TreeItem(node.error.filename.split('/').at(-1) || node.error.filename, C.None);
      item.description = summary;
      item.tooltip = `${node.error.filename}\n\n${node.error.stackTrace}`;
      item.iconPath = icon('error', 'charts.red');
      item.contextValue = 'mwaa.importError';
      break;
    }
    case 'loadMore':
      item = new vscode.TreeItem(node.label, C.None);
      item.iconPath = icon('ellipsis');
      item.command = { title: vscode.l10n.t('Load more'), command: COMMANDS.runs.loadMore, arguments: [node] };
      item.contextValue = 'mwaa.loadMore';
      break;
    case 'runsMessage':
      item = new vscode.TreeItem(node.label, C.None);
      item.iconPath = icon(node.icon, node.icon === 'error' ? 'charts.red' : undefined);
      item.tooltip = node.tooltip;
      if (node.command) item.command = { title: node.label, command: node.command.command, arguments: node.command.args };
      item.contextValue = 'mwaa.runsMessage';
      break;
  }
  item.id = node.id;
  item.accessibilityInformation ??= rowLabel(item);
  return item;
}

function taskTooltip(ti: TaskInstance, look: string): string {
  return [
    `${ti.taskId}${ti.operator ? ` (${ti.operator})` : ''}`, look, vscode.l10n.t('try {0}', ti.tryNumber),
    ti.startDate ? vscode.l10n.t('started {0}', formatTimestamp(ti.startDate) ?? ti.startDate) : '',
    ti.endDate ? vscode.l10n.t('ended {0}', formatTimestamp(ti.endDate) ?? ti.endDate) : '',
  ].filter(Boolean).join('\n');
}


/** A run or task instance line: the state's icon and colour, and a tooltip that names the state. */
function stateItem(label: string, collapsible: vscode.TreeItemCollapsibleState, state: string | undefined, description: string, tooltip: (stateLabel: string) => string): vscode.TreeItem {
  const item = new vscode.TreeItem(label, collapsible);
  const look = stateLook(state);
  item.description = description;
  item.iconPath = new vscode.ThemeIcon(look.icon, look.color ? new vscode.ThemeColor(look.color) : undefined);
  item.tooltip = tooltip(look.label);
  item.accessibilityInformation = rowLabel(item, look.label);
  return item;
}

function esc(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>$]/g, '\\$&');
}
