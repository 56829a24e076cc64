/**
 * The status bar item of the environment bound to the active workspace folder: its name and
 * status icon (spinning while it updates). Clicking it focuses the environment in the tree. The
 * status shown is whatever the explorer last listed or polled; the item itself never calls AWS,
 * and exists from activation (a bound folder shows its environment before the view is opened).
 */
import * as vscode from 'vscode';
import type { MwaaEnvironment } from '../../core/mwaa/environment';
import { environmentKey } from '../../core/mwaa/environmentKey';
import { COMMANDS } from '../../host/commandIds';
import { activeFolder, type BindingStore } from '../../services/bindings';

/** What the item needs of the environments model, once the explorer is loaded. */
export interface StatusSource {
  find(key: string): MwaaEnvironment | undefined;
  onDidChange(listener: () => void): { dispose(): void };
}

export class BoundStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mwaa.boundEnvironment', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: Array<{ dispose(): void }> = [];
  private source: StatusSource | undefined;

  constructor(private readonly bindings: BindingStore) {
    this.item.name = 'MWAA Environment';
    this.item.command = COMMANDS.environments.revealBound;
    this.subscriptions.push(
      bindings.onDidChange(() => this.update()),
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.update()),
    );
    this.update();
  }

  /** The explorer's model, when it has loaded: statuses from then on. */
  attach(source: StatusSource): void {
    this.source = source;
    this.subscriptions.push(source.onDidChange(() => this.update()));
    this.update();
  }

  /** What the item shows now (also read by tests). */
  get text(): string | undefined {
    return this.item.text || undefined;
  }

  update(): void {
    const folder = activeFolder();
    const binding = folder && this.bindings.get(folder.uri);
    if (!binding) {
      this.item.hide();
      this.item.text = '';
      return;
    }
    const env = this.source?.find(environmentKey(binding));
    const icon = env ? env.statusInfo.icon : 'cloud';
    this.item.text = `$(${icon}) ${binding.name}`;
    const status = env ? `${env.statusInfo.label}: ${env.statusInfo.description}` : vscode.l10n.t('Status not loaded yet: open the MWAA view.');
    const dest = binding.bucket ? `s3://${binding.bucket}/${binding.dagS3Path ? binding.dagS3Path + '/' : ''}` : undefined;
    const boundTo = dest ? vscode.l10n.t('Bound to folder *{0}*, DAGs go to {1}', folder.name, dest) : vscode.l10n.t('Bound to folder *{0}*', folder.name);
    this.item.tooltip = new vscode.MarkdownString(`**${binding.name}** (${binding.profile} · ${binding.region})  \n${status}  \n${boundTo}`);
    const severity = env?.statusInfo.severity;
    this.item.backgroundColor =
      severity === 'error' ? new vscode.ThemeColor('statusBarItem.errorBackground') : severity === 'warning' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
