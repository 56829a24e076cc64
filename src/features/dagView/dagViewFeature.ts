/**
 * The DAG view's lazily loaded part (the `dagView` bundle): one panel per DAG, opened from the
 * tree's DAG node, the CodeLens above a DAG, the palette, or "Reveal Task in DAG View" from the
 * editor (which also shows the task under the cursor).
 */
import * as vscode from 'vscode';
import { UserFacingError } from '../../core/errors';
import { findLocalRunSites, MAX_SCANNED_CHARS } from '../../core/localRun/taskLocations';
import { COMMANDS } from '../../host/commandIds';
import type { CommandTable } from '../../host/commands';
import type { LazyPart } from '../../host/lazyFeature';
import type { Services } from '../../services/services';
import { boundEnvKey, panelKey, pickTarget, targetFromArg, type DagViewTarget } from './dagTargets';
import type { LoadedView } from './airflowSource';
import { DagViewPanel } from './dagViewPanel';
import { Layouts } from './layouts';

export interface DagViewPart extends LazyPart {
  readonly commands: CommandTable;
  readonly panels: ReadonlyMap<string, DagViewPanel>;
  open(target: DagViewTarget, taskId?: string, view?: () => LoadedView): Promise<DagViewPanel>;
  readonly layouts: Layouts;
}

export function createDagView(services: Services): DagViewPart {
  const panels = new Map<string, DagViewPanel>();
  const layouts = new Layouts();

  /**
   * The DAG's panel (made and read if new); `view`: show what it returns instead of reading (the
   * bench), made once the panel's webview is on its way, as a read would be.
   */
  const open = async (target: DagViewTarget, taskId?: string, view?: () => LoadedView): Promise<DagViewPanel> => {
    const key = panelKey(target);
    let panel = panels.get(key);
    if (!panel) {
      panel = new DagViewPanel(services, layouts, target, () => panels.delete(key));
      panels.set(key, panel);
      if (!view) void panel.load();
    }
    if (view) panel.present(view());
    panel.reveal(taskId);
    return panel;
  };

  const openDagView = async (arg?: unknown): Promise<string | undefined> => {
    let target = targetFromArg(arg) ?? (arg === undefined ? await pickTarget(services) : undefined);
    if (!target) {
      if (arg !== undefined) throw new UserFacingError(vscode.l10n.t('Open DAG View works on a DAG of the MWAA view, a DAG definition in the editor, or a DAG picked from the palette.'));
      return undefined;
    }
    if (!target.envKey && target.file) {
      const envKey = boundEnvKey(services, vscode.Uri.file(target.file));
      if (envKey) target = { ...target, envKey };
    }
    return panelKey((await open(target)).target);
  };

  const revealTask = async (uri?: unknown): Promise<string | undefined> => {
    const editor = vscode.window.activeTextEditor;
    const doc = uri instanceof vscode.Uri ? await vscode.workspace.openTextDocument(uri) : editor?.document;
    if (!doc || doc.uri.scheme !== 'file' || doc.languageId !== 'python') throw new UserFacingError(vscode.l10n.t('Reveal Task in DAG View works in a Python DAG file: put the cursor on a task.'));
    if (doc.getText().length > MAX_SCANNED_CHARS) throw new UserFacingError(vscode.l10n.t('This file is too large to look for tasks in.'));
    const line = editor && editor.document === doc ? editor.selection.active.line : 0;
    const sites = findLocalRunSites(doc.getText());
    const task = [...sites.tasks].reverse().find((t) => t.line <= line);
    const dag = task?.dagId ?? [...sites.dags].reverse().find((d) => d.line <= line)?.dagId ?? sites.dags[0]?.dagId;
    if (!dag) throw new UserFacingError(vscode.l10n.t('No DAG is defined in this file (a DAG(...) call, a `with DAG(...)` block or an @dag function).'));
    const envKey = boundEnvKey(services, doc.uri);
    const panel = await open({ dagId: dag, file: doc.uri.fsPath, ...(envKey ? { envKey } : {}) }, task?.taskId);
    return task ? task.taskId : panelKey(panel.target);
  };

  return {
    commands: {
      [COMMANDS.dagView.open]: openDagView,
      [COMMANDS.dagView.revealTask]: revealTask,
    },
    panels,
    open,
    layouts,
    dispose: () => {
      [...panels.values()].forEach((p) => p.dispose());
      layouts.dispose();
    },
  };
}
