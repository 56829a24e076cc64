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
    const how = runtime.built ? `built in ${seconds(runtime.buildMs)}` : 'already built';
    services.notify.info(`The local Airflow ${runtime.airflowVersion} runtime (Python ${runtime.pythonVersion}) is ready: ${how}.`, [], NOTICE_SOURCE);
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
    environment: `the bound environment ${t.binding?.name ?? ''} (GetEnvironment)`,
    binding: `the binding to ${t.binding?.name ?? ''}`,
    setting: 'mwaa.diagnostics.airflowVersion',
    picked: 'your choice for this workspace',
    given: 'the command',
  };
  return [
    `# Local MWAA runtime: Airflow ${t.airflowVersion}`,
    '',
    `| | |`,
    `| --- | --- |`,
    `| Airflow | ${t.airflowVersion} (from ${source[t.versionSource]}) |`,
    `| Python | ${d.pythonVersion}${d.python ? ` (\`${d.python}\`)` : ''} |`,
    `| Built | ${d.built ? `yes${d.sizeMb !== undefined ? `, ${d.sizeMb} MB` : ''}` : 'no: run **MWAA: Build Local Runtime**'} |`,
    `| Key | \`${d.key}\` |`,
    `| Folder | \`${d.dir}\` |`,
    `| Runtimes folder | \`${d.root}\` (shared by every workspace) |`,
    `| DAGs folder | \`${t.dagsFolder}\` |`,
    `| requirements.txt | ${t.requirementsFile ? `\`${t.requirementsFile}\`` : 'none found beside or above the DAGs folder'} |`,
    `| plugins | ${t.pluginsFolder ? `\`${t.pluginsFolder}\`` : 'none found beside or above the DAGs folder'} |`,
    `| uv | ${d.uv ?? 'not looked for yet'} |`,
    `| Parse worker | ${d.worker === 'warm' ? 'running (Airflow imported)' : 'not running'} |`,
    '',
  ].join('\n');
}
