/**
 * MWAA: Build Local Runtime and MWAA: Show Local Runtime, for the active file's folder (its bound
 * environment's Airflow), a folder given, or one picked.
 */
import * as vscode from 'vscode';
import type { Runtime } from '../../core/runtime/runtimeTypes';
import type { RuntimeDescription, RuntimeTarget } from '../../services/localRuntime/runtimeApi';
import type { Services } from '../../services/services';
import { chooseFolder } from './folderParse';
import { NOTICE_SOURCE } from './localRuntimeTypes';
import { seconds } from './parseFindings';

async function targetOf(services: Services, arg: unknown): Promise<RuntimeTarget> {
  services.trust.require();
  const folder = await chooseFolder(services, arg);
  const target = await services.runtime.targetFor(folder, { interactive: true });
  if (!target) throw new vscode.CancellationError();
  return target;
}

export async function buildRuntime(services: Services, arg: unknown): Promise<Runtime | undefined> {
  const target = await targetOf(services, arg);
  const runtime = await services.runtime.ensure(target, { mode: 'build' });
  if (runtime) {
    const how = runtime.built ? vscode.l10n.t('built in {0}', seconds(runtime.buildMs)) : vscode.l10n.t('already built');
    services.notify.info(vscode.l10n.t('The local Airflow {0} runtime (Python {1}) is ready: {2}.', runtime.airflowVersion, runtime.pythonVersion, how), [], NOTICE_SOURCE);
  }
  return runtime;
}

export async function showRuntime(services: Services, arg: unknown, options: { open?: boolean } = {}): Promise<RuntimeDescription> {
  const target = await targetOf(services, arg);
  const d = await services.runtime.describe(target);
  if (options.open !== false) {
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: describeMarkdown(d) });
    await vscode.window.showTextDocument(doc, { preview: true });
  }
  return d;
}

export function describeMarkdown(d: RuntimeDescription): string {
  const t = d.target;
  const source: Record<RuntimeTarget['versionSource'], string> = {
    environment: vscode.l10n.t('the bound environment {0} (GetEnvironment)', t.binding?.name ?? ''),
    binding: vscode.l10n.t('the binding to {0}', t.binding?.name ?? ''),
    setting: 'mwaa.diagnostics.airflowVersion',
    picked: vscode.l10n.t('your choice for this workspace'),
    given: vscode.l10n.t('the command'),
  };
  return [
    vscode.l10n.t('# Local MWAA runtime: Airflow {0}', t.airflowVersion),
    '',
    `| | |`,
    `| --- | --- |`,
    vscode.l10n.t('| Airflow | {0} (from {1}) |', t.airflowVersion, source[t.versionSource]),
    vscode.l10n.t('| Python | {0}{1} |', d.pythonVersion, d.python ? ` (\`${d.python}\`)` : ''),
    vscode.l10n.t('| Built | {0} |', d.built ? `yes${d.sizeMb !== undefined ? `, ${d.sizeMb} MB` : ''}` : 'no: run **MWAA: Build Local Runtime**'),
    vscode.l10n.t('| Key | `{0}` |', d.key),
    vscode.l10n.t('| Folder | `{0}` |', d.dir),
    vscode.l10n.t('| Runtimes folder | `{0}` (shared by every workspace) |', d.root),
    vscode.l10n.t('| DAGs folder | `{0}` |', t.dagsFolder),
    vscode.l10n.t('| requirements.txt | {0} |', t.requirementsFile ? `\`${t.requirementsFile}\`` : 'none found beside or above the DAGs folder'),
    vscode.l10n.t('| plugins | {0} |', t.pluginsFolder ? `\`${t.pluginsFolder}\`` : 'none found beside or above the DAGs folder'),
    vscode.l10n.t('| uv | {0} |', d.uv ?? 'not looked for yet'),
    vscode.l10n.t('| Parse worker | {0} |', d.worker === 'warm' ? 'running (Airflow imported)' : 'not running'),
    '',
  ].join('\n');
}
