/**
 * After a DAG file is uploaded, follows it until Airflow has parsed it (or reported an import
 * error for it) and says how long that took. One tracking per file: a newer upload replaces it.
 * Polls the environment's Airflow API only while a file is being followed.
 */
import * as fs from 'node:fs/promises';
import * as vscode from 'vscode';
import { describeError } from '../../core/errors';
import { mightContainDag } from '../../core/sync/dagDetection';
import type { SyncSession } from '../../core/sync/syncSessions';
import { waitUntilVisible, type VisibilityResult } from '../../core/sync/visibility';
import { COMMANDS } from '../../host/commandIds';
import type { Services } from '../../services/services';

export interface VisibilityReport {
  readonly key: string;
  readonly envKey: string;
  readonly result: VisibilityResult | { readonly kind: 'error'; readonly message: string };
}

// Owned by the runs feature, which may not be loaded (or may be missing): asked only if registered.
const IMPORT_ERRORS_COMMAND = COMMANDS.runs.refreshImportErrors;

const MAX_NOTES = 500;

export class VisibilityTracker implements vscode.Disposable {
  private readonly running = new Map<string, AbortController>();
  readonly reports: VisibilityReport[] = [];
  /** The last outcome per local file, for its explorer and tab tooltip (the status bar message fades). */
  private readonly notes = new Map<string, string>();
  private readonly noted = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidNote = this.noted.event;

  constructor(private readonly services: Pick<Services, 'environments' | 'logger' | 'notify'>) {}

  /** Starts following `file` (uploaded to `key` at `uploadedAt`) when Airflow would parse it. */
  async track(session: SyncSession, key: string, rel: string, file: string, uploadedAt: number): Promise<void> {
    const content = await fs.readFile(file).catch(() => undefined);
    if (!content || !mightContainDag(rel, content, session.filter.airflowIgnore)) return;
    const id = `${session.id}:${key}`;
    this.running.get(id)?.abort();
    const abort = new AbortController();
    this.running.set(id, abort);
    const envKey = session.binding.envKey;
    let result: VisibilityReport['result'];
    try {
      const services = this.services.environments; // the services bundle loads when work starts
      const env = await services.environment(envKey, { signal: abort.signal });
      result = await waitUntilVisible(services.airflow(env), { rel, since: uploadedAt, content: content.toString('utf8'), signal: abort.signal });
    } catch (err) {
      if (abort.signal.aborted) return; // replaced by a newer upload, or disposed
      result = { kind: 'error', message: describeError(err) };
    } finally {
      if (this.running.get(id) === abort) this.running.delete(id);
    }
    this.report({ key, envKey, result }, rel, file);
  }

  /** What Airflow made of the file's last upload ("visible to Airflow (hello) 3.0 s after upload"). */
  noteOf(uri: vscode.Uri): string | undefined {
    return this.notes.get(uri.fsPath);
  }

  private note(file: string, text: string | undefined): void {
    this.notes.delete(file);
    if (text) this.notes.set(file, text);
    if (this.notes.size > MAX_NOTES) this.notes.delete(this.notes.keys().next().value!);
    this.noted.fire(vscode.Uri.file(file));
  }

  private report(r: VisibilityReport, rel: string, file: string): void {
    this.reports.push(r);
    if (this.reports.length > 100) this.reports.shift();
    const secs = 'ms' in r.result ? `${(r.result.ms / 1000).toFixed(1)} s` : '';
    const at = new Date().toLocaleTimeString();
    this.note(file, r.result.kind === 'visible' ? vscode.l10n.t('visible to Airflow ({0}) {1} after the upload, at {2}', r.result.dagIds.join(', '), secs, at)
      : r.result.kind === 'import-error' ? vscode.l10n.t('Airflow could not import it ({0}), {1} after the upload', r.result.message.slice(0, 200), secs)
      : r.result.kind === 'timeout' ? vscode.l10n.t('not parsed by Airflow {0} after the upload', secs) : undefined);
    switch (r.result.kind) {
      case 'visible':
        this.services.logger.info(`DAG sync: ${rel} visible to Airflow (${r.result.dagIds.join(', ')}) ${secs} after upload`);
        vscode.window.setStatusBarMessage(vscode.l10n.t('$(eye) {0} visible to Airflow in {1}', r.result.dagIds.join(', '), secs), 10_000);
        // The walkthrough's "save a DAG and watch it reach Airflow" step completes on this.
        void vscode.commands.executeCommand('setContext', 'mwaa.dagReachedAirflow', true);
        break;
      case 'import-error':
        this.services.logger.warn(`DAG sync: Airflow could not import ${rel} (${secs} after upload): ${r.result.message}`);
        this.services.notify.warn(vscode.l10n.t('MWAA: Airflow could not import {0}: {1}', rel, r.result.message), [], 'sync');
        break;
      case 'timeout':
        this.services.logger.warn(`DAG sync: ${rel} uploaded, but Airflow had not parsed it ${secs} later; check the environment's DAG processing logs.`);
        break;
      case 'error':
        this.services.logger.warn(`DAG sync: could not follow ${rel} into Airflow: ${r.result.message}`);
        return;
    }
    void vscode.commands.getCommands(true).then((ids) => {
      if (ids.includes(IMPORT_ERRORS_COMMAND)) return vscode.commands.executeCommand(IMPORT_ERRORS_COMMAND, r.envKey);
      return undefined;
    }).then(undefined, (err: unknown) => this.services.logger.warn(`DAG sync: ${IMPORT_ERRORS_COMMAND} failed: ${describeError(err)}`));
  }

  dispose(): void {
    for (const a of this.running.values()) a.abort();
    this.running.clear();
    this.noted.dispose();
  }
}
