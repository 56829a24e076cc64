/**
 * "Run Task Locally | Debug Task Locally" above each task and "Run DAG Locally | Debug DAG
 * Locally" above each DAG, in Python files under a bound folder, or in any DAG file once an
 * Airflow version is chosen for the workspace (`mwaa.diagnostics.airflowVersion`, or a pick).
 * Only in a trusted workspace (the commands run the file). Registered at activation, so it stays
 * cheap: a bounded text scan (core/localRun/taskLocations), nothing of the runtime.
 */
import * as vscode from 'vscode';
import { findLocalRunSites, MAX_SCANNED_CHARS } from '../../core/localRun/taskLocations';
import { COMMANDS } from '../../host/commandIds';
import { PICKED_AIRFLOW_VERSION_KEY } from '../../services/localRuntime/runtimeApi';
import type { Services } from '../../services/services';

/** What a lens hands its command (and what the commands accept from other code). */
export interface LensArgs {
  readonly file: string;
  /** Absent for a task whose DAG the file does not say: the command asks which. */
  readonly dagId?: string;
  readonly taskId?: string;
}

export class LocalRunLenses implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly services: Services) {
    const refresh = () => this.changed.fire();
    this.subscriptions = [
      services.bindings.onDidChange(refresh),
      services.trust.onDidGrant(refresh),
      services.settings.onDidChangeSetting('diagnostics.airflowVersion', refresh),
    ];
  }

  /** After a run picked a version for the workspace, lenses may now apply to unbound files. */
  refresh(): void {
    this.changed.fire();
  }

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.services.trust.isTrusted || doc.uri.scheme !== 'file' || !doc.uri.fsPath.endsWith('.py') || !this.applies(doc.uri)) return [];
    if (doc.getText().length > MAX_SCANNED_CHARS) return [];
    const text = doc.getText();
    // Airflow's own DAG discovery skips files without both words (safe mode); so do the lenses.
    if (!/airflow/i.test(text) || !/dag/i.test(text)) return [];
    const sites = findLocalRunSites(text);
    const file = doc.uri.toString();
    const lenses: vscode.CodeLens[] = [];
    const pair = (line: number, what: 'Task' | 'DAG', args: LensArgs, label: string) => {
      const range = new vscode.Range(line, 0, line, 0);
      const [run, debug] = what === 'Task' ? [COMMANDS.localRun.runTask, COMMANDS.localRun.debugTask] : [COMMANDS.localRun.runDag, COMMANDS.localRun.debugDag];
      lenses.push(
        new vscode.CodeLens(range, { title: vscode.l10n.t('$(play) Run {0} Locally', what), tooltip: vscode.l10n.t('Run {0} on this machine, with the environment\'s Airflow', label), command: run, arguments: [args] }),
        new vscode.CodeLens(range, { title: vscode.l10n.t('$(debug-alt) Debug {0} Locally', what), tooltip: vscode.l10n.t('Debug {0} on this machine: breakpoints in this file, its helpers and plugins are hit', label), command: debug, arguments: [args] }),
      );
    };
    for (const d of sites.dags) pair(d.line, 'DAG', { file, dagId: d.dagId }, vscode.l10n.t('every task of {0}', d.dagId));
    for (const t of sites.tasks) {
      const args: LensArgs = t.dagId ? { file, dagId: t.dagId, taskId: t.taskId } : { file, taskId: t.taskId };
      pair(t.line, 'Task', args, t.dagId ? `${t.dagId}.${t.taskId}` : t.taskId);
    }
    return lenses;
  }

  private applies(uri: vscode.Uri): boolean {
    if (this.services.bindings.bindingOf(uri)) return true;
    if (this.services.settings.airflowVersion(uri)) return true;
    return typeof this.services.context.workspaceState.get<unknown>(PICKED_AIRFLOW_VERSION_KEY) === 'string';
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.changed.dispose();
  }
}
