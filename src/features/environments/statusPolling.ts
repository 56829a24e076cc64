/**
 * Live status: one poller per environment in a transitional state (UPDATING, CREATING_SNAPSHOT,
 * ...), only while someone can see it (the view is visible). Each poll's result goes into the model;
 * when an environment settles, `onSettled` gets the status it left and the one it reached.
 */
import { classifyAwsError } from '../../core/aws/awsErrors';
import { isCancellation } from '../../core/errors';
import type { Logger } from '../../core/logger';
import type { MwaaEnvironment } from '../../core/mwaa/environment';
import { environmentKey } from '../../core/mwaa/environmentKey';
import { pollUntilSettled, type PollOptions } from '../../core/mwaa/statusPoller';
import type { EnvironmentsModel } from '../../services/environmentsModel';

export interface StatusPollingDeps {
  readonly fetch: (env: MwaaEnvironment, signal: AbortSignal) => Promise<MwaaEnvironment>;
  readonly onSettled: (from: MwaaEnvironment, to: MwaaEnvironment) => void;
  /** A polled DELETING environment is gone. */
  readonly onDeleted?: (env: MwaaEnvironment) => void;
  readonly pollOptions: () => Pick<PollOptions, 'initialMs' | 'maxMs'>;
  readonly logger: Logger;
}

export class StatusPolling {
  private readonly running = new Map<string, AbortController>();
  /** Environments whose polling failed for good: not retried until the next full refresh. */
  private readonly gaveUp = new Set<string>();
  private active = false;
  private readonly subscription: { dispose(): void };

  constructor(private readonly model: EnvironmentsModel, private readonly deps: StatusPollingDeps) {
    this.subscription = model.onDidChange(() => this.sync());
  }

  /** Polling runs only while active (the view visible); inactive stops every poller. */
  setActive(active: boolean): void {
    this.active = active;
    this.sync();
  }

  /** A full refresh: give environments whose polling failed another chance. */
  reset(): void {
    this.gaveUp.clear();
  }

  get polling(): readonly string[] {
    return [...this.running.keys()];
  }

  private sync(): void {
    if (!this.active) {
      for (const c of this.running.values()) c.abort();
      this.running.clear();
      return;
    }
    for (const env of this.model.environments()) {
      const key = environmentKey(env);
      if (env.statusInfo.transitional && !this.running.has(key) && !this.gaveUp.has(key)) this.start(key, env);
    }
  }

  private start(key: string, from: MwaaEnvironment): void {
    const controller = new AbortController();
    this.running.set(key, controller);
    this.deps.logger.debug(`polling ${from.name} (${from.profile}/${from.region}) while ${from.status}`);
    const options = this.deps.pollOptions();
    void pollUntilSettled((signal) => this.deps.fetch(from, signal ?? controller.signal), {
      ...options,
      abortSignal: controller.signal,
      onUpdate: (env) => {
        if (!controller.signal.aborted) this.model.applyUpdate(env);
      },
    }).then(
      (settled) => {
        this.running.delete(key);
        this.deps.logger.info(`${settled.name} settled: ${from.status} -> ${settled.status}`);
        this.deps.onSettled(from, settled);
      },
      (err: unknown) => {
        if (this.running.get(key) === controller) this.running.delete(key);
        if (isCancellation(err) || controller.signal.aborted) return;
        // GetEnvironment says "not found" once a deletion finishes: the environment is gone.
        if (from.status === 'DELETING' && classifyAwsError(err).kind === 'not-found') {
          this.deps.logger.info(`${from.name} was deleted`);
          this.model.remove(key);
          this.deps.onDeleted?.(from);
          return;
        }
        this.gaveUp.add(key);
        this.deps.logger.warn(`stopped polling ${from.name}: ${err instanceof Error ? err.message : String(err)}`);
      },
    );
  }

  dispose(): void {
    this.subscription.dispose();
    this.active = false;
    this.sync();
  }
}
