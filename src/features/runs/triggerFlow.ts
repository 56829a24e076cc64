/**
 * Triggering a DAG: which environment and DAG (from a tree node, a CodeLens, or quick picks), the
 * conf (an input box whose JSON is validated as it is typed, with the error's position, or an
 * untitled JSON editor pre-filled with the DAG's params), an optional logical date, then the call.
 */
import * as vscode from 'vscode';
import { parseConf } from '../../core/airflow/confJson';
import { logicalDateProblem } from '../../core/airflow/logicalDate';
import type { Dag, DagRun } from '../../core/airflow/models';
import { UserFacingError } from '../../core/errors';
import type { MwaaEnvironment } from '../../core/mwaa/environment';
import { environmentKey } from '../../core/mwaa/environmentKey';
import type { DagNode } from './runNodes';
import type { RunsTree } from './runsTree';

/** What a trigger needs: given in full by callers that know it (CodeLens, tests), else asked. */
export interface TriggerTarget {
  readonly envKey: string;
  readonly dagId: string;
}

export interface TriggerOptions {
  /** A conf object, or JSON text validated like the input box does. */
  readonly conf?: Record<string, unknown>;
  readonly confText?: string;
  /** ISO 8601 with a timezone; null or absent: now. */
  readonly logicalDate?: string | null;
}

export interface TriggerDeps {
  readonly tree: RunsTree;
  readonly pickEnvironment: (arg: unknown, purpose: string) => Promise<MwaaEnvironment>;
  readonly requireTrust: () => void;
}

export function isTriggerTarget(v: unknown): v is TriggerTarget {
  return !!v && typeof v === 'object' && typeof (v as TriggerTarget).envKey === 'string' && typeof (v as TriggerTarget).dagId === 'string';
}

/** The target from a DAG node, a {envKey, dagId}, or quick picks of the environment, then the DAG. */
export async function resolveTarget(deps: TriggerDeps, arg: unknown): Promise<TriggerTarget> {
  const node = arg as DagNode | undefined;
  if (node && typeof node === 'object' && node.kind === 'dag') return { envKey: node.envKey, dagId: node.dag.dagId };
  if (isTriggerTarget(arg)) return arg;
  const env = await deps.pickEnvironment(arg, vscode.l10n.t('Trigger a DAG on'));
  const envKey = environmentKey(env);
  const dagId = await pickDag(deps.tree, envKey, env.name);
  return { envKey, dagId };
}

async function pickDag(tree: RunsTree, envKey: string, envName: string): Promise<string> {
  const { client } = await tree.client(envKey);
  const items = (async () => {
    const all: Dag[] = [];
    for await (const page of client.allDags()) all.push(...page);
    return all.map((d) => ({ label: d.dagId, description: [d.isPaused ? 'paused' : '', d.schedule ?? '', d.tags.join(', ')].filter(Boolean).join(' · '), dagId: d.dagId }));
  })();
  const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Trigger a DAG on {0}', envName), placeHolder: vscode.l10n.t('DAG id'), matchOnDescription: true });
  if (!picked) throw new vscode.CancellationError();
  return picked.dagId;
}

/** The input box's message for a conf text: undefined when it is valid. */
export function confValidation(text: string): string | undefined {
  const r = parseConf(text);
  return r.ok ? undefined : r.message;
}

/** Asks for the conf; "Edit in editor" (a title button) opens the JSON editor instead and ends here. */
export async function askConf(target: TriggerTarget, envName: string, openEditor: () => Promise<void>): Promise<Record<string, unknown> | 'editor'> {
  const box = vscode.window.createInputBox();
  box.title = vscode.l10n.t('Trigger {0} on {1}', target.dagId, envName);
  box.prompt = vscode.l10n.t('Conf for the run as a JSON object (empty for none). Enter to continue.');
  box.placeholder = '{"key": "value"}';
  const editorButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('go-to-file'), tooltip: vscode.l10n.t('Edit in editor (pre-filled with the DAG\'s params)') };
  box.buttons = [editorButton];
  box.ignoreFocusOut = true;
  try {
    return await new Promise<Record<string, unknown> | 'editor'>((resolve, reject) => {
      box.onDidChangeValue((v) => (box.validationMessage = confValidation(v)));
      box.onDidTriggerButton((b) => {
        if (b !== editorButton) return;
        box.hide();
        openEditor().then(() => resolve('editor'), reject);
      });
      box.onDidAccept(() => {
        const r = parseConf(box.value);
        if (!r.ok) {
          box.validationMessage = r.message;
          return;
        }
        resolve(r.conf);
        box.hide();
      });
      box.onDidHide(() => reject(new vscode.CancellationError()));
      box.show();
    });
  } finally {
    box.dispose();
  }
}

/** Asks for an optional logical date; empty means now. */
export async function askLogicalDate(major: 2 | 3): Promise<string | null> {
  const value = await vscode.window.showInputBox({
    title: vscode.l10n.t('Logical date (optional)'),
    prompt: vscode.l10n.t('Empty: now{0}. Else ISO 8601 with a timezone, e.g. 2025-01-31T00:00:00Z.', major === 3 ? ' (sent as null, as Airflow 3 requires)' : ''),
    validateInput: (v) => (logicalDateProblem(v) ?? null),
    ignoreFocusOut: true,
  });
  if (value === undefined) throw new vscode.CancellationError();
  return value.trim() || null;
}

/** The conf from options, validated before any call; a bad text says where it breaks. */
export function confFromOptions(options: TriggerOptions): Record<string, unknown> | undefined {
  if (options.conf !== undefined) {
    if (options.conf === null || typeof options.conf !== 'object' || Array.isArray(options.conf)) throw new UserFacingError(vscode.l10n.t('The conf must be a JSON object such as {"key": "value"}.'));
    return options.conf;
  }
  if (options.confText !== undefined) {
    const r = parseConf(options.confText);
    if (!r.ok) throw new UserFacingError(vscode.l10n.t('The conf is not valid: {0}', r.message));
    return r.conf;
  }
  return undefined;
}

export async function triggerRun(deps: TriggerDeps, target: TriggerTarget, conf: Record<string, unknown>, logicalDate: string | null): Promise<{ env: MwaaEnvironment; run: DagRun }> {
  deps.requireTrust();
  if (logicalDate && logicalDateProblem(logicalDate)) throw new UserFacingError(vscode.l10n.t('Not a logical date: {0}. {1}', logicalDate, String(logicalDateProblem(logicalDate))));
  const { env, client } = await deps.tree.client(target.envKey);
  const run = await client.trigger(target.dagId, { conf, ...(logicalDate ? { logicalDate } : {}) });
  return { env, run };
}
