import * as vscode from 'vscode';

/**
 * What a screen reader says for a tree row: what the row shows (label, its line), not its whole
 * tooltip (which VS Code reads when no label is given).
 */
export function rowLabel(item: vscode.TreeItem, extra?: string): vscode.AccessibilityInformation {
  const label = typeof item.label === 'string' ? item.label : item.label?.label ?? '';
  const description = typeof item.description === 'string' ? item.description : '';
  return { label: [label, extra, description].filter(Boolean).join(', ') };
}
