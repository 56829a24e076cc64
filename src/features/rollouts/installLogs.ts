/**
 * The install log of a rollout (pip's output, the startup script's), tailed live in a terminal
 * while MWAA updates the environment. The tail stops a little after the update ends (Live Tail
 * is billed per session-minute); the terminal keeps what it showed and can be opened again.
 */
import * as vscode from 'vscode';
import { cloudWatchTransport } from '../../core/logs/cloudWatchTransport';
import type { MwaaEnvironment } from '../../core/mwaa/environment';
import { ARTIFACTS, type ArtifactKind } from '../../core/rollouts/artifacts';
import { installLogTarget, type InstallLogTarget } from '../../core/rollouts/installLog';
import { openTailTerminal } from '../../host/tailTerminal';
import type { Services } from '../../services/services';
import type { InstallLogState } from './rolloutTypes';

const MAX_LOG_LINES = 400;
/** The install wrote its lines before the status settled; CloudWatch may deliver the last ones late. */
const TAIL_LINGER_MS = 20_000;
/** MWAA stamps the stream with the install's start; a few seconds of slack for clock skew. */
const CLOCK_SKEW_MS = 5_000;

export interface InstallLog {
  readonly title: string;
  readonly target: InstallLogTarget;
  readonly startTime: number;
  readonly env: MwaaEnvironment;
  terminal?: vscode.Terminal;
  readonly lines: string[];
  /** Ends the open terminal's live tail once the update is over (sessions are billed by the minute). */
  stop?: AbortController;
  /** Set when the update is over: why the tail stops. */
  ended?: string;
}

export class InstallLogs implements vscode.Disposable {
  /** The latest install log of each environment, by key. */
  private readonly byEnvironment = new Map<string, InstallLog>();

  constructor(private readonly services: Pick<Services, 'environments' | 'logger'>) {}

  /**
   * Opens the install log of an update just requested; undefined when the artifact writes none
   * or the environment sends no logs to CloudWatch.
   */
  start(env: MwaaEnvironment, key: string, kind: ArtifactKind, startedAt: number): InstallLog | undefined {
    const spec = ARTIFACTS[kind];
    const target = installLogTarget(env, kind);
    if (!target) {
      if (spec.streamPrefix) {
        this.services.logger.info(`${env.name} sends no logs to CloudWatch, so the ${spec.label} install log cannot be shown; enable Worker or Scheduler logs to see it`);
      }
      return undefined;
    }
    this.byEnvironment.get(key)?.stop?.abort(vscode.l10n.t('A newer rollout to this environment started: tail stopped.'));
    const log: InstallLog = { title: vscode.l10n.t('{0} {1} install', env.name, spec.label), target, startTime: startedAt - CLOCK_SKEW_MS, env, lines: [] };
    this.byEnvironment.set(key, log);
    this.open(log);
    return log;
  }

  /** Shows the log's terminal, opening it again (history, then live until the end) when closed. */
  open(log: InstallLog): vscode.Terminal {
    if (log.terminal && vscode.window.terminals.includes(log.terminal)) {
      log.terminal.show(true);
      return log.terminal;
    }
    const environments = this.services.environments;
    log.lines.length = 0;
    log.stop = new AbortController();
    if (log.ended) this.stopLater(log); // reopened after the end: the history, then stop
    log.terminal = openTailTerminal({
      title: log.title,
      transport: cloudWatchTransport(environments.factory.logs(environments.targetOf(log.env))),
      target: log.target.tail,
      startTime: log.startTime,
      logger: this.services.logger,
      stopSignal: log.stop.signal,
      onWrite: (text) => keepLines(log, text),
    });
    return log.terminal;
  }

  /** The update is over: the tail stops a little later, with `why` as its last line. */
  end(log: InstallLog, why: string): void {
    log.ended = why;
    this.stopLater(log);
  }

  /** Each environment's latest install log, for the rollout state. */
  state(): Record<string, InstallLogState> {
    return Object.fromEntries([...this.byEnvironment].map(([k, l]) => [k, { title: l.title, group: l.target.group.kind, prefix: l.target.streamPrefix, lines: [...l.lines] }]));
  }

  private stopLater(log: InstallLog): void {
    const stop = log.stop;
    setTimeout(() => stop?.abort(log.ended), TAIL_LINGER_MS).unref?.();
  }

  dispose(): void {
    for (const l of this.byEnvironment.values()) l.stop?.abort();
    this.byEnvironment.clear();
  }
}

/** The last lines, plain, for the rollout's summary and the test seam. */
function keepLines(log: InstallLog, text: string): void {
  log.lines.push(...text.replace(/\x1b\[[0-9;]*m/g, '').split('\r\n').filter(Boolean));
  if (log.lines.length > MAX_LOG_LINES) log.lines.splice(0, log.lines.length - MAX_LOG_LINES);
}
