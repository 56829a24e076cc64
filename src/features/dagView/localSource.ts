/**
 * The DAG view of a DAG that is not deployed: its structure from the local runtime's parse (the
 * warm DagBag worker, which now reports each DAG's tasks and groups). It runs the file's top-level
 * code, so only in a trusted workspace; there are no runs to show.
 */
import * as vscode from 'vscode';
import { UserFacingError } from '../../core/errors';
import { structuresOf } from '../../core/dagView/localStructure';
import { DagViewModel } from '../../core/dagView/viewModel';
import type { Services } from '../../services/services';
import { sourcesIn, type LoadedView, type TaskSource } from './airflowSource';

export async function loadLocal(services: Services, file: string, dagId: string, why: string | undefined, signal?: AbortSignal): Promise<LoadedView> {
  services.trust.require();
  const uri = vscode.Uri.file(file);
  const target = await services.runtime.targetFor(uri, { interactive: true });
  if (!target) throw new UserFacingError(vscode.l10n.t('The DAG view needs an Airflow version to parse {0} locally: bind the folder to an environment, or pick a version when asked.', dagId));
  const runtime = await services.runtime.ensure(target, { mode: 'ask', signal });
  if (!runtime) throw new UserFacingError(vscode.l10n.t('The DAG view of {0} needs the local runtime (Airflow {1}) to parse it: build it when asked.', dagId, target.airflowVersion));
  const result = await services.runtime.parseFile(target, runtime, file, signal);
  const local = structuresOf(result)?.get(dagId);
  if (!local) {
    const error = result.errors[0];
    throw new UserFacingError(error
      ? `${dagId} could not be parsed locally: ${error.message}${error.line ? ` (line ${error.line})` : ''}`
      : vscode.l10n.t('Airflow {0} found no DAG {1} in {2}.', runtime.airflowVersion, dagId, vscode.workspace.asRelativePath(uri)));
  }
  const { structure } = local;
  const found = sourcesIn(file, dagId, structure);
  const sources = new Map<string, TaskSource>(found.sources);
  // A task function's own line (a @task, a python_callable) where the text scan found no call.
  for (const [id, fn] of local.functions) if (!sources.has(id) && samePath(fn.file, file)) sources.set(id, { file, line: fn.line - 1 });
  const notices = [vscode.l10n.t('{0}: shown from a local parse with Airflow {1} (no runs).', why ?? vscode.l10n.t('Not deployed'), runtime.airflowVersion)];
  if (structure.truncated) notices.push(vscode.l10n.t('Only the first {0} tasks are shown.', structure.tasks.length));
  const model = new DagViewModel({
    dagId, title: vscode.l10n.t('{0} · local parse', dagId), source: 'local', tasks: structure.tasks, groups: structure.groups,
    linked: [...sources.keys()], canAct: false, notices,
  });
  model.setRuns([], 0);
  return { model, sources, ...(found.dagSource ? { dagSource: found.dagSource } : {}) };
}

function samePath(a: string, b: string): boolean {
  return vscode.Uri.file(a).fsPath === vscode.Uri.file(b).fsPath;
}
