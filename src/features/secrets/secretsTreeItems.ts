/**
 * TreeItems of the secrets nodes: a key says where it is found and which source Airflow uses
 * (icon, description, and a tooltip that gives the lookup order as the reason). No value appears
 * anywhere but on the lines of a revealed value.
 */
import * as vscode from 'vscode';
import { KIND_WORDS, type SecretKeyNode, type SecretsGroupNode, type SecretsNode } from './secretsNodes';

/** Airflow's lookup order, said once for every tooltip that needs the reason. */
export function lookupOrder(what: SecretKeyNode['what']): string {
  const env = what === 'variable' ? 'AIRFLOW_VAR_<KEY>' : 'AIRFLOW_CONN_<CONN_ID>';
  return vscode.l10n.t('Airflow looks up a {0} in the secrets backend first, then in environment variables (`{1}`), then in the metastore, and uses the first it finds.', KIND_WORDS[what].one, env);
}

export function groupItem(node: SecretsGroupNode): vscode.TreeItem {
  const words = KIND_WORDS[node.what];
  const item = new vscode.TreeItem(words.plural, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.iconPath = new vscode.ThemeIcon(node.what === 'variable' ? 'symbol-variable' : 'plug');
  item.tooltip = vscode.l10n.t('The environment\'s {0}: in the secrets backend (AWS Secrets Manager), the metastore (through the Airflow API), or both. {1} Values are read only when you ask.', words.plural.toLowerCase(), lookupOrder(node.what));
  item.contextValue = `mwaa.secrets.${node.what}`;
  return item;
}

export function secretsTreeItem(node: SecretsNode, revealed: (id: string) => boolean): vscode.TreeItem {
  switch (node.kind) {
    case 'secretsGroup':
      return groupItem(node);
    case 'secretKey':
      return keyItem(node, revealed(node.id));
    case 'secretDetail': {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      if (node.description !== undefined) item.description = node.description;
      if (node.tooltip) item.tooltip = node.tooltip;
      item.iconPath = new vscode.ThemeIcon(node.icon);
      item.contextValue = node.revealed ? 'mwaa.secretDetail.revealed' : 'mwaa.secretDetail';
      return item;
    }
    case 'secretsMessage': {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.id = node.id;
      if (node.tooltip) item.tooltip = node.tooltip;
      item.iconPath = new vscode.ThemeIcon(node.icon, node.icon === 'error' ? new vscode.ThemeColor('charts.red') : node.icon === 'warning' ? new vscode.ThemeColor('charts.yellow') : undefined);
      if (node.command) item.command = { title: node.label, command: node.command.command, arguments: [...node.command.args] };
      item.contextValue = 'mwaa.secretsMessage';
      return item;
    }
  }
}

function keyItem(node: SecretKeyNode, isRevealed: boolean): vscode.TreeItem {
  const item = new vscode.TreeItem(node.key, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = node.id;
  item.description = keyDescription(node) + (isRevealed ? vscode.l10n.t(' · value shown') : '');
  const look = winnerLook(node);
  item.iconPath = new vscode.ThemeIcon(look.icon, look.color ? new vscode.ThemeColor(look.color) : undefined);
  item.tooltip = keyTooltip(node);
  // e.g. mwaa.secret.variable.secret, mwaa.secret.connection.metastore.revealed: menus match on these.
  item.contextValue = `mwaa.secret.${node.what}.${node.winner}${isRevealed ? '.revealed' : ''}`;
  return item;
}

/** "Secrets Manager", "metastore", "Secrets Manager · shadows metastore". */
export function keyDescription(node: SecretKeyNode): string {
  if (node.secretIgnored) return vscode.l10n.t('{0} · secret ignored (lookup pattern)', node.winner === 'envVar' ? 'environment variable' : 'metastore');
  if (node.secret && node.metastore) return node.winner === 'secret' ? vscode.l10n.t('Secrets Manager · shadows metastore') : vscode.l10n.t('metastore · secret not read');
  if (node.secret) return vscode.l10n.t('Secrets Manager');
  if (node.metastore) return 'metastore';
  return node.winner === 'envVar' ? vscode.l10n.t('environment variable') : '';
}

function winnerLook(node: SecretKeyNode): { icon: string; color?: string } {
  if (node.winner === 'secret') return node.metastore ? { icon: 'lock', color: 'charts.yellow' } : { icon: 'lock' };
  if (node.winner === 'envVar') return { icon: 'symbol-constant' };
  return { icon: 'database' };
}

export function keyTooltip(node: SecretKeyNode): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown(`**${esc(node.key)}** (${KIND_WORDS[node.what].one})\n\n`);
  if (node.secret) {
    const changed = node.secret.lastChanged ? vscode.l10n.t(', last changed {0}', node.secret.lastChanged.toISOString()) : '';
    md.appendMarkdown(vscode.l10n.t('- Secrets Manager: {0}{1}{2}\n', code(node.secret.name), changed, node.secretIgnored ? ' (not read: the lookup pattern excludes this key)' : ''));
  } else if (node.secretName) {
    md.appendMarkdown(vscode.l10n.t('- Secrets Manager: no secret {0}\n', code(node.secretName)));
  }
  md.appendMarkdown(vscode.l10n.t('- Metastore: {0}\n\n', node.metastore ? 'yes' : 'no'));
  const source = node.winner === 'secret' ? vscode.l10n.t('the secret') : node.winner === 'envVar' ? vscode.l10n.t('the environment variable') : vscode.l10n.t('the metastore entry');
  md.appendMarkdown(vscode.l10n.t('Airflow uses **{0}**. {1}\n\n', source, lookupOrder(node.what)));
  md.appendMarkdown(vscode.l10n.t('The value is read only when you choose Show Value, and hidden again when you collapse the key.'));
  return md;
}

/** A code span: markdown escapes do not apply inside one, and secret names hold no backtick (dropped if one did). */
function code(text: string): string {
  return `\`${text.replace(/`/g, '')}\``;
}

function esc(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>$]/g, '\\$&');
}
