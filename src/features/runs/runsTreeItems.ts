/** TreeItems for the runs nodes: state icons and colours, descriptions, tooltips, contextValues. */
import * as vscode from 'vscode';
import { dagDescription, runDescription, runLabel, stateLook, taskDescription, taskLabel } from '../../core/airflow/runsView';
import { RUNS_COMMANDS } from './runsCommandIds';
import type { RunsNode } from './runNodes';
import type { RunsTree } from './runsTree';

export function runsTreeItem(node: RunsNode, tree: RunsTree): vscode.TreeItem {
  const C = vscode.TreeItemCollapsibleState;
  const icon = (id: string, color?: string) => new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
  let item: vscode.TreeItem;
  switch (node.kind) {
    case 'dags': {
      item = new vscode.TreeItem('DAGs', C.Collapsed);
      const filter = tree.filterOf(node.envKey);
      const dags = tree.dagsOf(node.envKey);
      const count = dags ? `${dags.total}${filter ? ' matching' : ''}` : undefined;
      item.description = [filter ? `filter: ${filter}` : undefined, count].filter(Boolean).join(' · ') || undefined;
      item.iconPath = icon(filter ? 'filter' : 'symbol-class');
      item.tooltip = filter ? `DAGs whose id contains "${filter}". Clear the filter to see all.` : 'The DAGs Airflow has parsed, 100 at a time.';
      item.contextValue = filter ? 'mwaa.dags.filtered' : 'mwaa.dags';
      break;
    }
    case 'importErrors': {
      item = new vscode.TreeItem('Import errors', C.Collapsed);
      const { errors } = tree.remoteImportErrorsOf(node.envKey);
      if (errors) item.description = errors.length ? `${errors.length} outside this workspace` : 'none outside this workspace';
      item.iconPath = icon(errors?.length ? 'warning' : 'bug', errors?.length ? 'charts.yellow' : undefined);
      item.tooltip = 'Files Airflow could not import. Those in a bound folder are in the Problems panel; the others are listed here.';
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
      for (const [k, v] of [['Schedule', node.dag.schedule ?? 'none'], ['Tags', node.dag.tags.join(', ')], ['Owners', node.dag.owners.join(', ')], ['File', node.dag.fileloc], ['Last run', node.lastRun ? `${node.lastRun.runId} (${node.lastRun.state})` : undefined]] as const) {
        if (v) md.appendMarkdown(`${k}: ${esc(v)}  \n`);
      }
      item.tooltip = md;
      item.contextValue = node.dag.isPaused ? 'mwaa.dag.paused' : 'mwaa.dag.active';
      break;
    }
    case 'run': {
      item = new vscode.TreeItem(runLabel(node.run), C.Collapsed);
      item.description = runDescription(node.run);
      const look = stateLook(node.run.state);
      item.iconPath = icon(look.icon, look.color);
      item.tooltip = `${node.run.runId}\n${look.label}${node.run.conf && Object.keys(node.run.conf).length ? `\nconf: ${JSON.stringify(node.run.conf)}` : ''}`;
      item.contextValue = `mwaa.run.${node.run.state || 'none'}`;
      break;
    }
    case 'task': {
      item = new vscode.TreeItem(taskLabel(node.ti), C.None);
      item.description = taskDescription(node.ti);
      const look = stateLook(node.ti.state);
      item.iconPath = icon(look.icon, look.color);
      item.tooltip = [`${node.ti.taskId}${node.ti.operator ? ` (${node.ti.operator})` : ''}`, look.label, `try ${node.ti.tryNumber}`, node.ti.startDate ? `started ${node.ti.startDate}` : ''].filter(Boolean).join('\n');
      item.contextValue = `mwaa.task.${node.ti.state ?? 'none'}`;
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
      item.command = { title: 'Load more', command: RUNS_COMMANDS.loadMore, arguments: [node] };
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
  return item;
}

function esc(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>$]/g, '\\$&');
}
