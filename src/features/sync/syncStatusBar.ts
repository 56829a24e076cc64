/**
 * One status bar item for every pending upload: "$(cloud-upload) 2 files waiting", uploading
 * (spinning), failed or in conflict; hidden when nothing is pending. Clicking it lists what is
 * pending with what can be done (retry, compare, overwrite, pull).
 */
import * as vscode from 'vscode';
import { describeCounts, type QueueCounts } from '../../core/sync/queueEvents';
import { count } from '../../core/text/counts';
import { COMMANDS } from '../../host/commandIds';

/** The item's text for the summed counts ('' = hide). */
export function statusText(c: QueueCounts): string {
  if (c.conflicts) return vscode.l10n.t('$(warning) {0} in conflict', count(c.conflicts, 'file'));
  if (c.failed) return vscode.l10n.t('$(error) {0} failed', count(c.failed, 'upload'));
  if (c.paused && c.waiting) return vscode.l10n.t('$(cloud-upload) {0} waiting for credentials', count(c.waiting, 'file'));
  if (c.uploading) return vscode.l10n.t('$(sync~spin) Uploading {0}', count(c.waiting, 'file'));
  if (c.waiting) return vscode.l10n.t('$(cloud-upload) {0} waiting', count(c.waiting, 'file'));
  return '';
}

export function sumCounts(all: readonly QueueCounts[]): QueueCounts {
  return all.reduce<QueueCounts>(
    (a, c) => ({ waiting: a.waiting + c.waiting, uploading: a.uploading + c.uploading, failed: a.failed + c.failed, conflicts: a.conflicts + c.conflicts, paused: a.paused || c.paused }),
    { waiting: 0, uploading: 0, failed: 0, conflicts: 0, paused: false },
  );
}

export class SyncStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('mwaa.dagSync', vscode.StatusBarAlignment.Left, 49);
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly counts: () => QueueCounts) {
    this.item.name = vscode.l10n.t('MWAA DAG Sync');
    this.item.command = COMMANDS.sync.showStatus;
  }

  /** Coalesces a burst of queue events into one repaint per animation-ish tick. */
  update(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.paint();
    }, 50);
  }

  paint(): void {
    const c = this.counts();
    const text = statusText(c);
    if (!text) {
      this.item.hide();
      this.item.text = '';
      return;
    }
    this.item.text = text;
    this.item.tooltip = vscode.l10n.t('MWAA DAG sync: {0}. Click to see them and retry.', describeCounts(c));
    this.item.backgroundColor = c.conflicts || c.failed ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.item.dispose();
  }
}
