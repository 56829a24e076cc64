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
    [vscode.l10n.t('Status'), env.status],
    [vscode.l10n.t('Airflow'), env.airflowVersion.display],
    [vscode.l10n.t('Environment class'), env.environmentClass],
    [vscode.l10n.t('Workers'), env.minWorkers !== undefined ? `${env.minWorkers}–${env.maxWorkers ?? '?'}` : undefined],
    [vscode.l10n.t('Schedulers'), env.schedulers?.toString()],
    [vscode.l10n.t('Web server'), env.webserverUrl],
    [vscode.l10n.t('Web server access'), env.webserverAccessMode ? accessMode(env.webserverAccessMode) : undefined],
    [vscode.l10n.t('Profile / region'), `${env.profile} / ${env.region}`],
    [vscode.l10n.t('ARN'), env.arn],
    [vscode.l10n.t('Execution role'), env.executionRoleArn],
    [vscode.l10n.t('Bucket'), env.bucket],
    [vscode.l10n.t('DAGs folder'), dagFolderS3Uri(env)],
    [vscode.l10n.t('Requirements'), artifact(env.requirements)],
    [vscode.l10n.t('Plugins'), artifact(env.plugins)],
    [vscode.l10n.t('Startup script'), artifact(env.startupScript)],
    [vscode.l10n.t('Maintenance window'), env.weeklyMaintenanceWindowStart],
    [vscode.l10n.t('Created'), env.createdAt?.toISOString()],
  ];
  lines.push('| | |', '|---|---|');
  for (const [k, v] of table) if (v) lines.push(`| ${k} | ${cell(v)} |`);
  if (env.lastUpdate) {
    const u = env.lastUpdate;
    const unknown = vscode.l10n.t('unknown');
    lines.push('', vscode.l10n.t('## Last update'), '', vscode.l10n.t('- Status: {0}', u.status ?? unknown), vscode.l10n.t('- Started: {0}', u.createdAt?.toISOString() ?? unknown));
    if (u.source) lines.push(vscode.l10n.t('- Source: {0}', u.source));
    if (u.error) lines.push(vscode.l10n.t('- Error: `{0}` {1}', u.error.code ?? 'error', u.error.message ?? ''));
  }
  if (env.logGroups.length) {
    lines.push('', vscode.l10n.t('## Logs'), '', vscode.l10n.t('| Kind | Enabled | Level | Log group |'), '|---|---|---|---|');
    for (const g of env.logGroups) lines.push(`| ${g.kind} | ${g.enabled ? vscode.l10n.t('yes') : vscode.l10n.t('no')} | ${g.level ?? ''} | ${cell(g.name ?? '')} |`);
  }
  const tags = Object.entries(env.tags);
  if (tags.length) {
    lines.push('', vscode.l10n.t('## Tags'), '');
    for (const [k, v] of tags) lines.push(`- ${cell(k)}: ${cell(v)}`);
  }
  const s3 = dagFolderConsoleUrl(env);
  lines.push('', vscode.l10n.t('## Links'), '', vscode.l10n.t('- [MWAA console]({0})', mwaaConsoleUrl(env)));
  if (s3) lines.push(vscode.l10n.t('- [DAGs folder in the S3 console]({0})', s3));
  return lines.join('\n') + '\n';
}

function artifact(a: MwaaEnvironment['requirements']): string | undefined {
  return a ? a.objectVersion ? vscode.l10n.t('{0} (version {1})', a.path, a.objectVersion) : a.path : undefined;
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}
