import * as vscode from 'vscode';
import type { TreeSnapshot } from './environmentTree';

/** A tree item as data (what tests and the tree snapshots compare): label, line, icon, menus, click. */
export function itemSnapshot(item: vscode.TreeItem): TreeSnapshot {
  const icon = item.iconPath instanceof vscode.ThemeIcon ? item.iconPath : undefined;
  const tooltip = item.tooltip instanceof vscode.MarkdownString ? item.tooltip.value : item.tooltip;
  const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
  return {
    label,
    ...(item.id ? { id: item.id } : {}),
    ...(typeof item.description === 'string' ? { description: item.description } : {}),
    ...(tooltip ? { tooltip } : {}),
    ...(icon ? { icon: icon.id } : {}),
    ...(icon?.color ? { color: icon.color.id } : {}),
    ...(item.contextValue ? { contextValue: item.contextValue } : {}),
    ...(item.command ? { command: { command: item.command.command, ...(item.command.arguments ? { arguments: item.command.arguments } : {}) } } : {}),
  };
}
