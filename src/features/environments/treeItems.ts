/**
 * The environments feature's nodes as TreeItems: icons and colours from the status table, a
 * tooltip with what matters before opening anything, `contextValue` for the menus.
 */
import * as vscode from 'vscode';
import { DEFAULT_CREDENTIALS, defaultCredentialsSource } from '../../core/aws/defaultChain';
import type { MwaaEnvironment } from '../../core/mwaa/environment';
import { COMMANDS } from '../../host/commandIds';
import { rowLabel } from '../../host/treeItemLabel';
import { accessMode, type EnvNode, type ProfileNode, type RegionNode } from './treeNodes';

export function toTreeItem(node: EnvNode): vscode.TreeItem {
  const C = vscode.TreeItemCollapsibleState;
  switch (node.kind) {
    case 'profile':
      return node.profile === DEFAULT_CREDENTIALS ? defaultCredentialsItem(node) : levelItem(node, node.profile, 'account');
    case 'region':
      return levelItem(node, node.region, 'globe');
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
      item.iconPath = new vscode.ThemeIcon(actionIcon(node.action.command));
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

/** A profile or region level: expanded, and marked when something under it failed. */
function levelItem(node: ProfileNode | RegionNode, label: string, icon: string): vscode.TreeItem {
  const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.Expanded);
  item.iconPath = new vscode.ThemeIcon(icon);
  item.contextValue = `mwaa.${node.kind}`;
  if (node.hasErrors) item.description = vscode.l10n.t('has errors');
  return withId(item, node.id);
}

/** The default chain's node: says where its credentials come from. */
function defaultCredentialsItem(node: ProfileNode): vscode.TreeItem {
  const item = levelItem(node, DEFAULT_CREDENTIALS, 'key');
  const source = defaultCredentialsSource();
  item.description = [source, node.hasErrors ? vscode.l10n.t('has errors') : ''].filter(Boolean).join(' · ');
  item.tooltip = vscode.l10n.t("Credentials from {0}, not from a profile of your AWS config files (the AWS CLI's default chain: environment variables, then container credentials, then instance metadata).", source);
  return item;
}

function actionIcon(command: string): string {
  if (command === COMMANDS.environments.ssoLogin) return 'terminal';
  if (command === COMMANDS.credentials.ssoSignIn) return 'sign-in';
  return command === COMMANDS.environments.refresh ? 'refresh' : 'go-to-file';
}

function environmentItem(env: MwaaEnvironment, boundTo: readonly string[], id: string): vscode.TreeItem {
  const info = env.statusInfo;
  const item = new vscode.TreeItem(env.name, vscode.TreeItemCollapsibleState.Collapsed);
  const version = env.airflowVersion.raw || '?';
  item.description = [version, info.label, boundTo.length ? vscode.l10n.t('bound to {0}', boundTo.join(', ')) : ''].filter(Boolean).join(' · ');
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
    [vscode.l10n.t('Airflow'), env.airflowVersion.display.replace(/^Airflow /, '')],
    [vscode.l10n.t('Class'), env.environmentClass],
    [vscode.l10n.t('Workers'), env.minWorkers !== undefined || env.maxWorkers !== undefined ? `${env.minWorkers ?? '?'}–${env.maxWorkers ?? '?'}` : undefined],
    [vscode.l10n.t('Schedulers'), env.schedulers?.toString()],
    [vscode.l10n.t('Web server'), env.webserverAccessMode ? accessMode(env.webserverAccessMode) : undefined],
    [vscode.l10n.t('Profile'), `${env.profile} · ${env.region}`],
  ];
  const u = env.lastUpdate;
  if (u) rows.push([vscode.l10n.t('Last update'), [u.status, u.createdAt?.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC')].filter(Boolean).join(', ')]);
  for (const [k, v] of rows) if (v) md.appendMarkdown(`${k}: ${escape(v)}  \n`);
  if (u?.error) md.appendMarkdown(`\n$(warning) ${escape(`${u.error.code ?? 'Error'}: ${u.error.message ?? ''}`)}\n`);
  return md;
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>$]/g, '\\$&');
}

function withId(item: vscode.TreeItem, id: string): vscode.TreeItem {
  item.id = id;
  item.accessibilityInformation = rowLabel(item);
  return item;
}
