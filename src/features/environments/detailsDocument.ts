/**
 * "Show Environment Details": a read-only markdown document (a virtual document, so it cannot be
 * saved over anything) with the normalised environment. The model holds no secrets:
 * AirflowConfigurationOptions are dropped when GetEnvironment output is normalised.
 */
import * as vscode from 'vscode';
import type { MwaaEnvironment } from '../../core/mwaa/environment';
import { environmentKey } from '../../core/mwaa/environmentKey';
import { dagFolderConsoleUrl, dagFolderS3Uri, mwaaConsoleUrl } from '../../core/mwaa/links';
import type { EnvironmentsModel } from '../../services/environmentsModel';
import { accessMode } from './treeNodes';

export const DETAILS_SCHEME = 'mwaa-environment';

export function detailsUri(env: Pick<MwaaEnvironment, 'profile' | 'region' | 'name'>): vscode.Uri {
  // The key in the query identifies the environment; the path gives the tab a readable title.
  return vscode.Uri.from({ scheme: DETAILS_SCHEME, path: `/${env.name}.md`, query: environmentKey(env) });
}

export class DetailsDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  private readonly open = new Set<string>();
  private readonly subscription: { dispose(): void };

  constructor(private readonly model: EnvironmentsModel) {
    // Polling updates the model: re-render the documents that are open so they stay current.
    this.subscription = model.onDidChange(() => {
      for (const u of this.open) this.emitter.fire(vscode.Uri.parse(u));
    });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    this.open.add(uri.toString());
    const env = this.model.find(uri.query);
    if (!env) return `# Environment not listed\n\nThis environment is no longer in the MWAA view. Refresh the view, then open its details again.\n`;
    return renderDetails(env);
  }

  dispose(): void {
    this.subscription.dispose();
    this.emitter.dispose();
  }
}

export function renderDetails(env: MwaaEnvironment): string {
  const lines: string[] = [`# ${env.name}`, '', `${env.statusInfo.label}: ${env.statusInfo.description}`, ''];
  const table: Array<[string, string | undefined]> = [
    ['Status', env.status],
    ['Airflow', env.airflowVersion.display],
    ['Environment class', env.environmentClass],
    ['Workers', env.minWorkers !== undefined ? `${env.minWorkers}–${env.maxWorkers ?? '?'}` : undefined],
    ['Schedulers', env.schedulers?.toString()],
    ['Web server', env.webserverUrl],
    ['Web server access', env.webserverAccessMode ? accessMode(env.webserverAccessMode) : undefined],
    ['Profile / region', `${env.profile} / ${env.region}`],
    ['ARN', env.arn],
    ['Execution role', env.executionRoleArn],
    ['Bucket', env.bucket],
    ['DAGs folder', dagFolderS3Uri(env)],
    ['Requirements', artifact(env.requirements)],
    ['Plugins', artifact(env.plugins)],
    ['Startup script', artifact(env.startupScript)],
    ['Maintenance window', env.weeklyMaintenanceWindowStart],
    ['Created', env.createdAt?.toISOString()],
  ];
  lines.push('| | |', '|---|---|');
  for (const [k, v] of table) if (v) lines.push(`| ${k} | ${cell(v)} |`);
  if (env.lastUpdate) {
    const u = env.lastUpdate;
    lines.push('', '## Last update', '', `- Status: ${u.status ?? 'unknown'}`, `- Started: ${u.createdAt?.toISOString() ?? 'unknown'}`);
    if (u.source) lines.push(`- Source: ${u.source}`);
    if (u.error) lines.push(`- Error: \`${u.error.code ?? 'error'}\` ${u.error.message ?? ''}`);
  }
  if (env.logGroups.length) {
    lines.push('', '## Logs', '', '| Kind | Enabled | Level | Log group |', '|---|---|---|---|');
    for (const g of env.logGroups) lines.push(`| ${g.kind} | ${g.enabled ? 'yes' : 'no'} | ${g.level ?? ''} | ${cell(g.name ?? '')} |`);
  }
  const tags = Object.entries(env.tags);
  if (tags.length) {
    lines.push('', '## Tags', '');
    for (const [k, v] of tags) lines.push(`- ${cell(k)}: ${cell(v)}`);
  }
  const s3 = dagFolderConsoleUrl(env);
  lines.push('', '## Links', '', `- [MWAA console](${mwaaConsoleUrl(env)})`);
  if (s3) lines.push(`- [DAGs folder in the S3 console](${s3})`);
  return lines.join('\n') + '\n';
}

function artifact(a: MwaaEnvironment['requirements']): string | undefined {
  return a ? `${a.path}${a.objectVersion ? ` (version ${a.objectVersion})` : ''}` : undefined;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
