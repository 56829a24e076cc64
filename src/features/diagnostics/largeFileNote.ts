import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import type { Notifier } from '../../host/notify';
import { MAX_LINT_BYTES } from './documentFilters';

/** Logs every skipped file; tells the user once per session so large files do not nag. */
export class LargeFileNote {
  private shown = false;
  private readonly logged = new Set<string>();

  constructor(private readonly logger: Logger, private readonly notify: Notifier) {}

  skipped(uri: vscode.Uri): void {
    const key = uri.toString();
    if (this.logged.has(key)) return;
    this.logged.add(key);
    const mb = MAX_LINT_BYTES / 1024 / 1024;
    this.logger.info(`diagnostics: ${uri.toString(true)} is larger than ${mb} MB; not linted`);
    if (this.shown) return;
    this.shown = true;
    this.notify.info(
      vscode.l10n.t('MWAA: {0} is larger than {1} MB and is not checked for Airflow problems (nor are other files that size).', vscode.workspace.asRelativePath(uri), mb),
      [],
      'diagnostics',
    );
  }
}
