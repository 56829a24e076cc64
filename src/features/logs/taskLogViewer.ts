/**
 * "Show Task Log": one task attempt's log as an mwaa-log document, followed live in a tail
 * terminal while the task still runs; from the palette, a pick among the environment's recent
 * task logs. Errors say why a log is missing and offer the attempts that have one.
 */
import * as vscode from 'vscode';
import type { TaskInstance } from '../../core/airflow/models';
import { UserFacingError, type UserAction } from '../../core/errors';
import { cloudWatchTransport } from '../../core/logs/cloudWatchTransport';
import { isResourceNotFound, listStreams } from '../../core/logs/describeStreams';
import { readStreamText, type StreamText } from '../../core/logs/readStream';
import { parseTaskStreamName, taskLogTemplateFor, taskStreamName, taskStreamPrefix } from '../../core/logs/streamNames';
import {
  RUNNING_STATES, attemptsFromStreams, explainMissingStream, parseTaskLogRef, taskLogTitle, type TaskLogRef,
} from '../../core/logs/taskLogRef';
import type { MwaaEnvironment } from '../../core/mwaa/environment';
import { withAbortSignal } from '../../host/abortSignal';
import { COMMANDS } from '../../host/commandIds';
import type { Services } from '../../services/services';
import type { LogDocuments } from './logDocuments';
import { openTail } from './logTails';
import { pickRecentTaskStream, taskLogGroupOf } from './taskLogGroup';

/** What showTaskLogs did, for callers and tests. */
export interface ShownTaskLog {
  /** The document's URI; absent when the task had sent no lines yet (then only `following`). */
  readonly uri?: string;
  readonly stream: string;
  readonly lines: number;
  /** The live-tail terminal's name when the task was still running. */
  readonly following?: string;
}

/** Most lines a log document keeps (the newest); the rest are in CloudWatch. */
const DOCUMENT_LINES = 50_000;

type LogGroup = { readonly arn: string; readonly name: string };
type AttemptRef = TaskLogRef & { readonly tryNumber: number };

export class TaskLogViewer {
  constructor(
    private readonly services: Pick<Services, 'environments' | 'logger' | 'notify' | 'trust'>,
    private readonly documents: LogDocuments,
  ) {}

  async show(arg?: unknown): Promise<ShownTaskLog> {
    // Before anything: not even the environment services are loaded in an untrusted workspace.
    this.services.trust.require();
    const parsed = parseTaskLogRef(arg);
    if (parsed) return this.showAttempt(parsed);
    if (arg && typeof arg === 'object' && ('taskLog' in arg || 'dagId' in arg)) {
      throw new UserFacingError(vscode.l10n.t('Show Task Log needs a task instance ({envKey, dagId, runId, taskId, tryNumber}); this one is incomplete. Open it from a task in the Runs view, or from the command palette to pick a recent task log.'));
    }
    return this.showPicked(arg);
  }

  /** From the palette or an environment: one of the environment's recent task logs, picked. */
  private async showPicked(arg: unknown): Promise<ShownTaskLog> {
    const environments = this.services.environments;
    const env = await environments.pickEnvironment(arg, vscode.l10n.t('Show a task log of'));
    const group = taskLogGroupOf(env);
    const stream = await pickRecentTaskStream(environments.factory.logs(environments.targetOf(env)), env, group, 'tasks');
    const named = parseTaskStreamName(stream);
    const title = named?.dagId && named.taskId ? taskLogTitle({ ...named, dagId: named.dagId, taskId: named.taskId }) : stream;
    const { editor, first } = await this.showStream(env, group.arn, stream, `${env.name} ${title}`);
    return { uri: editor.document.uri.toString(), stream, lines: first.lines };
  }

  private async showAttempt(parsed: TaskLogRef): Promise<ShownTaskLog> {
    const env = await this.services.environments.environment(parsed.envKey);
    const group = taskLogGroupOf(env);
    const template = taskLogTemplateFor(env.airflowVersion.raw);
    const ti = await this.taskInstance(env, parsed);
    const tryNumber = parsed.tryNumber ?? ti?.tryNumber;
    const logicalDate = parsed.logicalDate ?? ti?.logicalDate ?? undefined;
    if (!tryNumber) {
      throw new UserFacingError(vscode.l10n.t('{0} has not run yet{1}, so it has no log.', taskLogTitle(parsed), ti?.state ? ` (state: ${ti.state})` : ''), [followLive(parsed)]);
    }
    if (template === 'legacy' && !logicalDate) {
      throw new UserFacingError(vscode.l10n.t('{0} runs Airflow {1}, whose task log names contain the run\'s logical date, and Airflow could not be asked for it. Pass logicalDate with the task, or check that the environment\'s Airflow API is reachable.', env.name, env.airflowVersion.raw));
    }
    const ref: AttemptRef = { ...parsed, tryNumber, ...(logicalDate ? { logicalDate } : {}) };
    const stream = taskStreamName(ref, template);
    const title = `${env.name} ${taskLogTitle(ref)}`;
    const stillRunning = ti !== undefined && RUNNING_STATES.has((ti.state ?? '').toLowerCase()) && ti.tryNumber === tryNumber;
    const follow = (startTime: number) => this.follow(env, group, stream, title, startTime);
    let shown: Awaited<ReturnType<TaskLogViewer['showStream']>>;
    try {
      shown = await this.showStream(env, group.arn, stream, title);
    } catch (err) {
      if (!isResourceNotFound(err)) throw err;
      const attempts = await this.attemptsWithLogs(env, ref, group);
      if (!stillRunning) explainMissing(ref, group, stream, ti, attempts, err);
      // Running, nothing sent yet (Airflow's handler sends in batches): follow it live from the start.
      const following = follow(0);
      this.services.notify.info(vscode.l10n.t('{0} is {1} and has sent no lines yet: following it live in "{2}".', taskLogTitle(ref), String(ti?.state), following), [], 'logs');
      return { stream, lines: 0, following };
    }
    let following: string | undefined;
    if (stillRunning) {
      // The document holds what is there now; the terminal carries on from its last line.
      following = follow((shown.first.lastTimestamp ?? Date.now() - 60_000) + 1);
      this.services.notify.info(vscode.l10n.t('{0} is still {1}: its new lines follow live in the terminal "{2}".', taskLogTitle(ref), String(ti?.state), following), [], 'logs');
    }
    return { uri: shown.editor.document.uri.toString(), stream, lines: shown.first.lines, ...(following ? { following } : {}) };
  }

  /** A running attempt's stream in a tail terminal; its name. */
  private follow(env: MwaaEnvironment, group: LogGroup, stream: string, title: string, startTime: number): string {
    const environments = this.services.environments;
    return openTail(this.services.logger, {
      title,
      transport: cloudWatchTransport(environments.factory.logs(environments.targetOf(env))),
      // A prefix, not a name: the stream may not exist yet (Airflow's handler sends in batches).
      target: { logGroupArns: [group.arn], streamPrefixes: [stream] },
      startTime,
    });
  }

  /** The task instance as Airflow sees it now; undefined when Airflow cannot be asked. */
  private async taskInstance(env: MwaaEnvironment, ref: TaskLogRef): Promise<TaskInstance | undefined> {
    try {
      const tis = await this.services.environments.airflow(env).listTaskInstances(ref.dagId, ref.runId, AbortSignal.timeout(20_000));
      return tis.find((t) => t.taskId === ref.taskId && t.mapIndex === (ref.mapIndex ?? -1));
    } catch (err) {
      this.services.logger.warn(`could not ask Airflow for ${ref.dagId}.${ref.taskId}'s state: ${(err as Error).message}`);
      return undefined;
    }
  }

  private async showStream(env: MwaaEnvironment, arn: string, stream: string, title: string): Promise<{ editor: vscode.TextEditor; first: StreamText }> {
    const environments = this.services.environments;
    const client = environments.factory.logs(environments.targetOf(env));
    const read = (raw: boolean, signal?: AbortSignal) => readStreamText(client, arn, stream, { maxLines: DOCUMENT_LINES, raw, ...(signal ? { abortSignal: signal } : {}) });
    // Read once before opening, so a missing stream is an error message rather than an empty tab.
    const first = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading {0}…', title) }, () => read(false));
    let cached: StreamText | undefined = first;
    const editor = await this.documents.open(title, async (token, view) => {
      const out = !view.raw && cached ? cached : await withAbortSignal(token, (signal) => read(view.raw, signal));
      cached = undefined; // reopening or toggling reads again: the log may have grown
      return { text: out.text, structured: out.structured };
    });
    // The walkthrough's "read its log" step completes on this.
    void vscode.commands.executeCommand('setContext', 'mwaa.taskLogOpened', true);
    return { editor, first };
  }

  /**
   * The attempts of a task that have streams; throws when the log group itself is missing (asked
   * by listing, since CloudWatch stand-ins word a missing stream like a missing group).
   */
  private async attemptsWithLogs(env: MwaaEnvironment, ref: TaskLogRef, group: LogGroup): Promise<number[]> {
    const environments = this.services.environments;
    const client = environments.factory.logs(environments.targetOf(env));
    try {
      const streams = await listStreams(client, group.arn, { prefix: taskStreamPrefix(ref.dagId, ref.runId, ref.taskId), limit: 100 });
      return attemptsFromStreams(streams.map((s) => s.name), ref);
    } catch (err) {
      if (!isResourceNotFound(err)) throw err;
      throw new UserFacingError(vscode.l10n.t('{0}\'s Task log group {1} does not exist yet: MWAA creates it when the first task logs with Task logs enabled. Check the environment\'s monitoring settings, then run the task again.', env.name, group.name), [], { cause: err });
    }
  }
}

/** The action that tails a task's run, narrowed to the task. */
function followLive(ref: TaskLogRef): UserAction {
  return { label: vscode.l10n.t('Follow Live'), command: COMMANDS.logs.tailRun, args: [{ envKey: ref.envKey, dagId: ref.dagId, runId: ref.runId, taskId: ref.taskId }] };
}

function explainMissing(ref: AttemptRef, group: { name: string }, stream: string, ti: TaskInstance | undefined, attempts: number[], err: unknown): never {
  const why = explainMissingStream({ title: taskLogTitle(ref), stream, group: group.name, tryNumber: ref.tryNumber, attemptsWithLogs: attempts, ...(ti ? { state: ti.state ?? 'none' } : {}) });
  const actions: UserAction[] = [];
  for (const n of attempts.slice(-2).reverse()) actions.push({ label: vscode.l10n.t('Open Attempt {0}', n), command: COMMANDS.logs.showTaskLogs, args: [{ ...ref, tryNumber: n }] });
  if (why.kind === 'not-started' || why.kind === 'no-logs') actions.push(followLive(ref));
  throw new UserFacingError(why.message, actions, { cause: err });
}
