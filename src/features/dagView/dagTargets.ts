/**
 * Which DAG a "DAG view" command means: a DAG node of the MWAA tree (`{envKey, dag: {dagId}}`), a
 * CodeLens or caller's `{envKey?, dagId, file?}`, or, from the palette, the environment and DAG the
 * user picks. Everything given is checked here; a file must be a local Python file.
 */
import * as vscode from 'vscode';
import { isTaskId } from '../../core/airflow/dagStructure';
import { UserFacingError } from '../../core/errors';
import { environmentKey } from '../../core/mwaa/environmentKey';
import type { Services } from '../../services/services';

export interface DagViewTarget {
  /** The environment whose Airflow is read; absent: the local parse of `file`. */
  readonly envKey?: string;
  readonly dagId: string;
  /** The local file that defines the DAG (fsPath), when known. */
  readonly file?: string;
}

/** One panel per DAG: the environment's DAG, or a local file's. */
export const panelKey = (t: DagViewTarget): string => (t.envKey ? JSON.stringify([t.envKey, t.dagId]) : JSON.stringify(['local', t.file, t.dagId]));

const isEnvKey = (v: unknown): v is string => {
  if (typeof v !== 'string' || v.length > 600 || !v.startsWith('[')) return false;
  try {
    const parts: unknown = JSON.parse(v);
    return Array.isArray(parts) && parts.length === 3 && parts.every((p) => typeof p === 'string' && p.length > 0);
  } catch {
    return false;
  }
};

/** A DAG target from a command argument; undefined when the argument names none. */
export function targetFromArg(arg: unknown): DagViewTarget | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const a = arg as Record<string, unknown>;
  const dag = a.dag && typeof a.dag === 'object' ? (a.dag as Record<string, unknown>) : undefined;
  const dagId = dag?.dagId ?? a.dagId;
  if (!isTaskId(dagId)) return undefined;
  const envKey = isEnvKey(a.envKey) ? a.envKey : undefined;
  const file = typeof a.file === 'string' ? localPythonFile(a.file) : undefined;
  if (!envKey && !file) return undefined;
  return { dagId, ...(envKey ? { envKey } : {}), ...(file ? { file } : {}) };
}

/** A `file:` URI string or an absolute path to a .py file; undefined otherwise. */
function localPythonFile(value: string): string | undefined {
  let fsPath: string;
  try {
    fsPath = value.startsWith('file:') ? vscode.Uri.parse(value, true).fsPath : value;
  } catch {
    return undefined;
  }
  return /^(\/|[A-Za-z]:[\\/])/.test(fsPath) && fsPath.toLowerCase().endsWith('.py') && !fsPath.includes('\0') ? fsPath : undefined;
}

/** The environment key of the folder a file is bound in, if it is. */
export function boundEnvKey(services: Services, file: vscode.Uri): string | undefined {
  const b = services.bindings.bindingOf(file);
  return b ? environmentKey(b.binding) : undefined;
}

/** From the palette: an environment, then one of its DAGs (filtered by Airflow as you type). */
export async function pickTarget(services: Services): Promise<DagViewTarget | undefined> {
  services.trust.require();
  const env = await services.environments.pickEnvironment(undefined, vscode.l10n.t('Open the DAG view of a DAG in'));
  const client = services.environments.airflow(env);
  const items: vscode.QuickPickItem[] = [];
  // Bounded: a picker of more than 1,000 DAGs helps no one; typing narrows.
  for await (const page of client.allDags()) {
    items.push(...page.map((d) => ({ label: d.dagId, description: [d.isPaused ? vscode.l10n.t('paused') : undefined, d.tags.join(', ')].filter(Boolean).join(' · ') })));
    if (items.length >= 1000) break;
  }
  if (!items.length) throw new UserFacingError(`${env.name} has no DAGs yet: upload one, then open its DAG view.`);
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('DAG view: a DAG of {0}', env.name), placeHolder: vscode.l10n.t('DAG id'), matchOnDescription: true });
  return picked ? { envKey: environmentKey(env), dagId: picked.label } : undefined;
}
