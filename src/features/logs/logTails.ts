/**
 * Live tails in terminals: "Tail Run" (a DAG run's task streams, or one task's) and "Tail
 * Environment Logs" (one of an environment's log groups). From code they take what to tail and
 * ask nothing; from a person (palette, tree) they ask what to tail and for a filter pattern.
 */
import * as vscode from 'vscode';
import { UserFacingError } from '../../core/errors';
import type { Logger } from '../../core/logger';
import { cloudWatchTransport } from '../../core/logs/cloudWatchTransport';
import { taskLogTemplateFor } from '../../core/logs/streamNames';
import { isTreeElement, parseRunLogRef, runTailPrefix, type RunLogRef } from '../../core/logs/taskLogRef';
import type { MwaaEnvironment, MwaaLogGroup } from '../../core/mwaa/environment';
import { openTailTerminal, type TailTerminalOptions } from '../../host/tailTerminal';
import type { Services } from '../../services/services';
import { pickRecentTaskStream, taskLogGroupOf } from './taskLogGroup';

/** Opens a tail terminal; its name (`MWAA: <title>`). */
export function openTail(logger: Logger, request: Omit<TailTerminalOptions, 'logger'>): string {
  return openTailTerminal({ ...request, logger }).name;
}

const FILTER_PROMPT = vscode.l10n.t('Optional CloudWatch filter pattern, e.g. ERROR or "Task failed" (empty: every line)');

/** A filter pattern from a person; undefined when they dismissed the box. */
function askFilterPattern(title: string): Thenable<string | undefined> {
  return vscode.window.showInputBox({ title, prompt: FILTER_PROMPT, placeHolder: vscode.l10n.t('filter pattern') });
}

const LOG_KIND_LABELS: Record<MwaaLogGroup['kind'], string> = {
  Task: vscode.l10n.t('Task'),
  Scheduler: vscode.l10n.t('Scheduler'),
  DagProcessing: vscode.l10n.t('DAG processing'),
  Worker: vscode.l10n.t('Worker'),
  Webserver: vscode.l10n.t('Web server'),
};

async function pickLogGroup(groups: readonly MwaaLogGroup[]): Promise<MwaaLogGroup> {
  const picked = await vscode.window.showQuickPick(
    groups.map((g) => ({ label: LOG_KIND_LABELS[g.kind], description: g.name, detail: g.level ? vscode.l10n.t('level {0}', g.level) : undefined, group: g })),
    { title: vscode.l10n.t('Tail which logs?'), placeHolder: vscode.l10n.t('Log group') },
  );
  if (!picked) throw new vscode.CancellationError();
  return picked.group;
}

/** What a run tail follows: the environment, its streams' prefix, and the terminal's title. */
interface RunTail {
  readonly env: MwaaEnvironment;
  readonly prefix: string;
  readonly title: string;
}

export class LogTails {
  constructor(private readonly services: Pick<Services, 'environments' | 'logger' | 'trust'>) {}

  /** A run's (or one task's) streams, their whole history then live; the terminal's name. */
  async tailRun(arg?: unknown): Promise<string> {
    // Before anything: not even the environment services are loaded in an untrusted workspace.
    this.services.trust.require();
    const environments = this.services.environments;
    const ref: RunLogRef | undefined = parseRunLogRef(arg);
    // A person (palette or a tree element) is asked for a filter; code passes its own.
    const person = arg === undefined || isTreeElement(arg, 'runLog') || !ref;
    const { env, prefix, title } = ref ? await this.runOf(ref) : await this.pickRun(arg);
    const group = taskLogGroupOf(env);
    const pattern = person ? await askFilterPattern(vscode.l10n.t('Tail {0}', title)) : ref?.filterPattern ?? '';
    if (pattern === undefined) throw new vscode.CancellationError();
    return openTail(this.services.logger, {
      title,
      transport: cloudWatchTransport(environments.factory.logs(environments.targetOf(env))),
      target: { logGroupArns: [group.arn], streamPrefixes: [prefix], ...(pattern.trim() ? { filterPattern: pattern.trim() } : {}) },
      // The run's whole history (its streams only), then live.
      startTime: 0,
    });
  }

  /**
   * One of an environment's log groups, the last quarter hour then live; the terminal's name.
   * Called with a kind (from code or a test) it asks nothing; from a person, which log and a filter.
   */
  async tailEnvironment(node?: unknown, kindArg?: unknown, patternArg?: unknown): Promise<string> {
    // Before anything, a tree node too: the picker takes a node's environment without asking trust.
    this.services.trust.require();
    const environments = this.services.environments;
    const env = await environments.pickEnvironment(node, vscode.l10n.t('Tail the logs of'));
    const groups = env.logGroups.filter((g) => g.enabled && g.arn);
    if (groups.length === 0) {
      throw new UserFacingError(vscode.l10n.t('{0} sends no logs to CloudWatch: enable its log types (Scheduler, Task, …) in the environment\'s monitoring settings.', env.name));
    }
    const group = typeof kindArg === 'string' ? groups.find((g) => g.kind === kindArg) : await pickLogGroup(groups);
    if (!group) throw new UserFacingError(vscode.l10n.t('{0} has no enabled {1} log group; enabled: {2}.', env.name, String(kindArg), groups.map((g) => g.kind).join(', ')));
    const pattern = typeof kindArg === 'string'
      ? (typeof patternArg === 'string' ? patternArg : '')
      : await askFilterPattern(vscode.l10n.t('Tail {0} {1} logs', env.name, LOG_KIND_LABELS[group.kind]));
    if (pattern === undefined) throw new vscode.CancellationError();
    return openTail(this.services.logger, {
      title: `${env.name} ${LOG_KIND_LABELS[group.kind]}`,
      transport: cloudWatchTransport(environments.factory.logs(environments.targetOf(env))),
      target: { logGroupArns: [group.arn!], ...(pattern.trim() ? { filterPattern: pattern.trim() } : {}) },
      startTime: Date.now() - 15 * 60_000, // the last quarter hour first, then live
    });
  }

  private async runOf(ref: RunLogRef): Promise<RunTail> {
    const env = await this.services.environments.environment(ref.envKey);
    return {
      env,
      prefix: runTailPrefix(ref, taskLogTemplateFor(env.airflowVersion.raw)),
      title: `${env.name} ${ref.dagId}${ref.taskId ? `.${ref.taskId}` : ''} ${ref.runId}`,
    };
  }

  /** From the palette or an environment: one of the environment's recent runs, picked. */
  private async pickRun(arg: unknown): Promise<RunTail> {
    if (arg && typeof arg === 'object' && ('runLog' in arg || 'dagId' in arg)) {
      throw new UserFacingError(vscode.l10n.t('Tail Run needs a DAG run ({envKey, dagId, runId}); this one is incomplete. Use it on a run in the Runs view, or from the command palette to pick a recent run.'));
    }
    const environments = this.services.environments;
    const env = await environments.pickEnvironment(arg, vscode.l10n.t('Tail a run of'));
    const prefix = await pickRecentTaskStream(environments.factory.logs(environments.targetOf(env)), env, taskLogGroupOf(env), 'runs');
    return { env, prefix, title: `${env.name} ${prefix.replace(/^dag_id=/, '').replace('/run_id=', ' ').replace(/\/$/, '')}` };
  }
}
