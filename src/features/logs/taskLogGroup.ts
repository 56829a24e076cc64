/**
 * Shared by the task-log and run-tail commands: the environment's Task log group (or why there is
 * none), and a pick among its recent task streams for when a person runs a command from the palette.
 */
import * as vscode from 'vscode';
import { UserFacingError } from '../../core/errors';
import { listStreams } from '../../core/logs/describeStreams';
import { parseTaskStreamName } from '../../core/logs/streamNames';
import { taskLogTitle } from '../../core/logs/taskLogRef';
import type { MwaaEnvironment } from '../../core/mwaa/environment';
import { environmentKey } from '../../core/mwaa/environmentKey';
import { COMMANDS } from '../../host/commandIds';
import type { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';

/** The Task log group's ARN (no `:*`), or an error that says how to get task logs. */
export function taskLogGroupOf(env: MwaaEnvironment): { arn: string; name: string } {
  const g = env.logGroups.find((l) => l.kind === 'Task');
  if (!g?.arn || !g.enabled) {
    throw new UserFacingError(
      vscode.l10n.t('{0} does not send task logs to CloudWatch{1}: enable Airflow task logs in the environment\'s monitoring settings; tasks that run after that have logs.', env.name, g?.arn ? ' (Task logs are disabled)' : ''),
      [{ label: vscode.l10n.t('Show Environment Details'), command: COMMANDS.environments.showDetails, args: [environmentKey(env)] }],
    );
  }
  return { arn: g.arn, name: g.name ?? g.arn.replace(/^.*:log-group:/, '') };
}

/** A recent task stream of the group, picked by a person; `runs` lists each run once instead. */
export async function pickRecentTaskStream(client: CloudWatchLogsClient, env: MwaaEnvironment, group: { arn: string; name: string }, mode: 'tasks' | 'runs'): Promise<string> {
  const streams = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Listing recent task logs of {0}…', env.name) },
    () => listStreams(client, group.arn, { newestFirst: true, limit: 50 }),
  );
  const items: (vscode.QuickPickItem & { value: string })[] = [];
  const seen = new Set<string>();
  for (const s of streams) {
    const parsed = parseTaskStreamName(s.name);
    if (!parsed) continue;
    const value = mode === 'runs' ? s.name.replace(/task_id=.*$/, '') : s.name;
    if (seen.has(value)) continue;
    seen.add(value);
    const when = s.lastEventTimestamp ? new Date(s.lastEventTimestamp).toLocaleString() : undefined;
    items.push(mode === 'runs'
      ? { label: `${parsed.dagId}`, description: parsed.runId, ...(when ? { detail: vscode.l10n.t('last line {0}', when) } : {}), value }
      : { label: taskLogTitle({ dagId: parsed.dagId!, taskId: parsed.taskId!, ...(parsed.mapIndex !== undefined ? { mapIndex: parsed.mapIndex } : {}), ...(parsed.tryNumber ? { tryNumber: parsed.tryNumber } : {}) }), description: parsed.runId, ...(when ? { detail: vscode.l10n.t('last line {0}', when) } : {}), value });
  }
  if (!items.length) {
    throw new UserFacingError(vscode.l10n.t('{0} has no task logs yet: trigger a DAG run in {1}, then try again.', group.name, env.name));
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: mode === 'runs' ? vscode.l10n.t('Tail which run of {0}?', env.name) : vscode.l10n.t('Show which task log of {0}?', env.name),
    placeHolder: vscode.l10n.t('Recent task logs (newest first)'),
    matchOnDescription: true,
  });
  if (!picked) throw new vscode.CancellationError();
  return picked.value;
}
